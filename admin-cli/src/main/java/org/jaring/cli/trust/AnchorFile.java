package org.jaring.cli.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.security.cert.X509Certificate;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IdentityUri;
import org.jaring.core.trust.PemFiles;

/**
 * A node's trust anchor as one YAML file that admins pass to each other: who (node_id), where (endpoint), the
 * CA certificate, and its fingerprint for people to read. The fingerprint line is a convenience only; the
 * receiving side recomputes it from the certificate and refuses a file whose line disagrees.
 */
record AnchorFile(String nodeId, String endpoint, String fingerprintLine, X509Certificate caCertificate) {
    static final String FORMAT = "jaring-trust-anchor/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fingerprint computed from the certificate (lower-case hex): the only one trusted. */
    String fingerprint() {
        return Fingerprints.sha256(caCertificate);
    }

    String toYaml() {
        StringBuilder b = new StringBuilder();
        b.append("# Jaring trust anchor of ")
                .append(nodeId)
                .append(". Before adding it, compare fingerprint_sha256 with\n");
        b.append("# the value this node's admin reads to you over a channel you already trust.\n");
        b.append("format: ").append(FORMAT).append('\n');
        b.append("node_id: ").append(nodeId).append('\n');
        b.append("endpoint: ").append(quote(endpoint)).append('\n');
        b.append("fingerprint_sha256: ")
                .append(quote(Fingerprints.display(fingerprint())))
                .append('\n');
        b.append("ca_certificate: |\n");
        for (String line : PemFiles.toPem(caCertificate).strip().split("\r?\n")) {
            b.append("  ").append(line).append('\n');
        }
        return b.toString();
    }

    static AnchorFile parse(String text, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new UserError(source + " is not a YAML anchor file: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UserError(
                    source + " is not an anchor file; ask the peer's admin for the output of 'jaring trust export'");
        }
        String format = field(root, "format", source);
        if (!FORMAT.equals(format)) {
            throw new UserError(source + ": format '" + format + "' is not " + FORMAT);
        }
        String nodeId = field(root, "node_id", source);
        String endpoint = field(root, "endpoint", source);
        String fp = field(root, "fingerprint_sha256", source);
        X509Certificate ca;
        try {
            ca = PemFiles.certificateFromPem(field(root, "ca_certificate", source), source + " ca_certificate");
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        AnchorFile a = new AnchorFile(nodeId, endpoint, fp, ca);
        // Never believe the file about its own certificate: a doctored fingerprint line is exactly the attack.
        boolean agrees;
        try {
            agrees = Fingerprints.matches(fp, a.fingerprint());
        } catch (IllegalArgumentException e) {
            agrees = false;
        }
        if (!agrees) {
            throw new Refused(source + ": its fingerprint_sha256 line (" + fp + ") is not the fingerprint of its"
                    + " certificate (" + Fingerprints.display(a.fingerprint()) + "); the file was altered or"
                    + " damaged. Ask the peer's admin for a fresh export and nothing else.");
        }
        String named;
        try {
            named = IdentityUri.of(ca).nodeId().value();
        } catch (IllegalArgumentException e) {
            throw new Refused(source + ": the certificate is not a Jaring national CA (" + e.getMessage() + ")");
        }
        if (!named.equals(nodeId)) {
            throw new Refused(source + ": node_id says " + nodeId + " but the certificate belongs to " + named);
        }
        return a;
    }

    private static String field(JsonNode root, String name, String source) {
        JsonNode n = root.get(name);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new UserError(source + ": '" + name + "' is missing; ask the peer's admin for the output of"
                    + " 'jaring trust export'");
        }
        return n.asText();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
