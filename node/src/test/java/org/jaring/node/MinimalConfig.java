package org.jaring.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The smallest node.yaml the loader accepts, and the key files it names, for tests of one configuration section. */
public final class MinimalConfig {
    public static final String YAML = """
            node_id: TH-CCIB
            country: TH
            data_dir: data
            contact: {unit: u, phone: "+6621234567", email: d@x.example}
            tls:
              ca_certificate: pki/ca.pem
              node_certificate: pki/node.pem
              node_key: pki/node.key
            """;

    private MinimalConfig() {}

    /** Writes placeholder key files under {@code base}/pki: the loader checks that they exist, not what they hold. */
    public static void writeKeyFiles(Path base) throws IOException {
        Files.createDirectories(base.resolve("pki"));
        for (String f : new String[] {"ca.pem", "node.pem", "node.key"}) {
            Files.writeString(base.resolve("pki").resolve(f), "x");
        }
    }
}
