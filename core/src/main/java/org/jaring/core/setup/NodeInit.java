package org.jaring.core.setup;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.RevocationList;
import org.jaring.core.trust.RevocationListException;
import org.jaring.core.trust.SignedRevocationList;
import org.jaring.core.trust.TrustStore;

/**
 * Creates a new node's home: its national CA, its node certificate, a first admin certificate, an empty
 * trust store with a first signed revocation list, and a node.yaml that names them all. Refuses to touch a
 * folder that already holds a node.
 */
public final class NodeInit {
    /** What a new node needs to know about itself. */
    public record Options(
            String nodeId,
            String country,
            String unit,
            String phone,
            String email,
            List<String> languages,
            String peerListen,
            String nationalListen,
            String adminListen,
            String adminName,
            char[] caPassphrase,
            Duration caValidity,
            Duration nodeValidity,
            Duration clientValidity) {}

    /** What was created, for the CLI to show. */
    public record Result(NodeHome home, String caFingerprint, String nodeFingerprint, String adminFingerprint) {}

    private NodeInit() {}

    public static Result run(NodeHome home, Options o, Clock clock) throws IOException {
        NodeId id = NodeId.of(o.nodeId());
        if (Files.exists(home.config()) || Files.exists(home.pki()) || Files.exists(home.trustDir())) {
            throw new IOException(home.root() + " already holds a node (node.yaml, pki/ or trust/ exists);"
                    + " choose an empty folder");
        }
        Files.createDirectories(home.pki());
        NationalCa ca = NationalCa.create(id, o.caValidity(), clock);
        PemFiles.writeCertificates(home.caCertificate(), List.of(ca.certificate()));
        PemFiles.writePrivateKey(home.caKey(), ca.privateKey(), o.caPassphrase());

        IssuedCertificate node = ca.issueNode(o.nodeValidity());
        PemFiles.writeCertificates(home.nodeCertificate(), List.of(node.chain()));
        PemFiles.writePrivateKey(home.nodeKey(), node.privateKey(), null);

        IssuedCertificate admin = ca.issueAdmin(o.adminName(), o.clientValidity());
        PemFiles.writeCertificates(home.clientCertificate("admin"), List.of(admin.chain()));
        PemFiles.writePrivateKey(home.clientKey("admin"), admin.privateKey(), null);

        TrustStore trust = TrustStore.create(home.trustDir(), id, ca.certificate(), clock);
        // Peers fetch a signed list from the start, so there is always one to verify.
        SignedRevocationList first = new RevocationList(id, 1, clock.instant(), List.of()).sign(ca.privateKey());
        try {
            trust.installOwnRevocationList(first.encoded(), first.signature());
        } catch (RevocationListException e) {
            throw new IOException("could not install the first revocation list: " + e.getMessage(), e);
        }
        Files.writeString(home.config(), NodeConfigText.of(o));
        return new Result(home, ca.fingerprint(), node.fingerprint(), admin.fingerprint());
    }
}
