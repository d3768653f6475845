package org.jaring.core.setup;

import java.nio.file.Path;

/**
 * The files of one node, all under one folder: its configuration, its national CA, its own key and
 * certificate, the admin's client credentials, its trust store and its data. docs/operations.md shows it.
 */
public record NodeHome(Path root) {
    public Path config() {
        return root.resolve("node.yaml");
    }

    public Path pki() {
        return root.resolve("pki");
    }

    public Path caCertificate() {
        return pki().resolve("ca.pem");
    }

    /** The national CA's private key: used by the CLI only, never read by the node process. */
    public Path caKey() {
        return pki().resolve("ca.key");
    }

    public Path nodeCertificate() {
        return pki().resolve("node.pem");
    }

    public Path nodeKey() {
        return pki().resolve("node.key");
    }

    public Path clientCertificate(String name) {
        return pki().resolve(name + ".pem");
    }

    public Path clientKey(String name) {
        return pki().resolve(name + ".key");
    }

    public Path trustDir() {
        return root.resolve("trust");
    }

    public Path dataDir() {
        return root.resolve("data");
    }
}
