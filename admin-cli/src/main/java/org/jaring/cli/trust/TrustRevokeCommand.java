package org.jaring.cli.trust;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ClientCertConnection;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.support.CaKey;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IdentityUri;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.RevocationList;
import org.jaring.core.trust.RevocationListException;
import org.jaring.core.trust.SignedRevocationList;
import org.jaring.v1.AdminServiceGrpc;
import org.jaring.v1.BlockPeerCertificateRequest;
import org.jaring.v1.GetRevocationsRequest;
import org.jaring.v1.PublishRevocationsResponse;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaring trust revoke}: stops a certificate from being accepted. For this node's own certificates the CLI
 * signs a new revocation list with the CA key (the node only verifies it) and peers fetch it; for a peer's
 * certificate the node blocks it locally, until the peer's own CA revokes it.
 */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        header = "Revoke an own certificate, or block a peer's.",
        description = {
            "Revokes a certificate. The node refuses it at once, on already open connections too.",
            "Own certificates (issued by this node's CA, e.g. an analyst's who left): pass --cert FILE. The CLI"
                    + " checks the certificate was signed by pki/ca.pem, adds it to the node's revocation list, signs"
                    + " the new list with the national CA key and publishes it; peers fetch it within"
                    + " federation.revocation_refresh and refuse the certificate too. A fingerprint alone is not"
                    + " accepted here: the list needs the serial number, and only the certificate proves it is ours.",
            "A peer's certificate: pass --peer NODE_ID with --cert or --fingerprint. This node blocks it locally;"
                    + " ask the peer's admin to revoke it with their own CA as well."
        },
        footer = {
            "",
            "Examples:",
            "  jaring trust revoke --cert pki/somchai.pem --reason 'left the unit'",
            "  jaring trust revoke --peer MY-PDRM --fingerprint 3F:A2:...:9C \\",
            "      --reason stolen"
        })
public final class TrustRevokeCommand implements Callable<Integer> {
    @Mixin
    ClientCertConnection connection;

    static final class Which {
        @Option(
                names = "--fingerprint",
                paramLabel = "FP",
                required = true,
                description = "SHA-256 fingerprint of a peer's certificate (with --peer).")
        String fingerprint;

        @Option(names = "--cert", paramLabel = "FILE", required = true, description = "The certificate file to revoke.")
        Path cert;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(
            names = "--peer",
            paramLabel = "NODE_ID",
            description = "The certificate belongs to this peer: block it on this node instead of revoking it with"
                    + " this node's CA.")
    String peer;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            defaultValue = "",
            description = "Why, in at most 200 printable ASCII characters; kept in the list peers fetch (own"
                    + " certificates) or in the node's log (peers').")
    String reason;

    @Option(
            names = "--ca-passphrase-env",
            paramLabel = "VAR",
            description = "Read the CA key's passphrase from the environment variable VAR (else asked on the"
                    + " terminal); own certificates only.")
    String caPassphraseEnv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        X509Certificate cert = which.cert == null ? null : read(which.cert);
        if (peer != null) {
            return blockPeerCertificate(cert);
        }
        if (cert == null) {
            throw new UserError("--fingerprint alone cannot revoke one of this node's own certificates: the"
                    + " revocation list records the serial number too, and only the certificate proves this node's CA"
                    + " issued it. Pass --cert FILE, or add --peer NODE_ID if it is a peer's certificate.");
        }
        return revokeOwn(cert);
    }

    private int revokeOwn(X509Certificate cert) {
        NationalCa ca = CaKey.open(connection.home(), caPassphraseEnv);
        try {
            cert.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            String owner = ownerOf(cert);
            throw new Refused(which.cert + " was not issued by this node's CA (" + ca.nodeId() + ")"
                    + (owner != null && !owner.equals(ca.nodeId().value())
                            ? "; it names " + owner + ": to block a peer's certificate pass --peer " + owner
                            : ""));
        }
        if (cert.getBasicConstraints() >= 0) {
            throw new Refused(which.cert + " is the national CA itself; revoking it would cut this node off. To"
                    + " replace a CA, create a new node and have peers re-pin it.");
        }
        RevocationList.Entry entry;
        try {
            entry = RevocationList.Entry.of(cert, Instant.now(), reason);
        } catch (IllegalArgumentException e) {
            throw new UserError("--reason: " + e.getMessage());
        }
        ManagedChannel channel = connection.openAdmin();
        try {
            AdminServiceGrpc.AdminServiceBlockingStub admin = connection.admin(channel);
            org.jaring.v1.SignedRevocationList current =
                    admin.getRevocations(GetRevocationsRequest.getDefaultInstance());
            RevocationList list = currentList(current, ca);
            PrintWriter out = spec.commandLine().getOut();
            if (list.isRevoked(cert.getSerialNumber(), Fingerprints.sha256(cert))) {
                out.println("Already revoked in list #" + list.sequence() + "; nothing to do.");
                out.flush();
                return 0;
            }
            // Sequence + 1: the node (and every peer) refuses a list that is not newer than the one it holds.
            RevocationList next = list.with(entry, list.sequence() + 1, Instant.now());
            SignedRevocationList signed = next.sign(ca.privateKey());
            PublishRevocationsResponse r = admin.publishRevocations(org.jaring.v1.SignedRevocationList.newBuilder()
                    .setEncoded(ByteString.copyFrom(signed.encoded()))
                    .setSignature(ByteString.copyFrom(signed.signature()))
                    .build());
            out.println("Revoked " + describe(cert) + ".");
            out.println("Published revocation list #" + r.getSequence() + " (" + r.getRevoked() + " revoked);"
                    + " the node refuses the certificate now, peers within federation.revocation_refresh.");
            out.flush();
            return 0;
        } finally {
            NodeConnection.close(channel);
        }
    }

    /** The node's current list, checked against our CA when signed, so we never extend a list we did not sign. */
    private static RevocationList currentList(org.jaring.v1.SignedRevocationList current, NationalCa ca) {
        try {
            RevocationList list = current.getSignature().isEmpty()
                    ? RevocationList.decode(current.getEncoded().toByteArray())
                    : RevocationList.verify(
                            current.getEncoded().toByteArray(),
                            current.getSignature().toByteArray(),
                            ca.certificate());
            if (!list.issuer().equals(ca.nodeId())) {
                throw new Refused("the node's revocation list names " + list.issuer() + ", not " + ca.nodeId()
                        + "; is --home the home of the node at this address?");
            }
            return list;
        } catch (RevocationListException e) {
            throw new Refused("the node's current revocation list does not check out against this home's CA ("
                    + e.getMessage() + "); is --home the home of the node at this address?");
        }
    }

    private int blockPeerCertificate(X509Certificate cert) {
        String fp;
        try {
            fp = cert != null ? Fingerprints.sha256(cert) : Fingerprints.normalize(which.fingerprint);
        } catch (IllegalArgumentException e) {
            throw new UserError("--fingerprint: " + e.getMessage());
        }
        ManagedChannel channel = connection.openAdmin();
        try {
            connection
                    .admin(channel)
                    .blockPeerCertificate(BlockPeerCertificateRequest.newBuilder()
                            .setNodeId(peer)
                            .setFingerprint(fp)
                            .setReason(reason)
                            .build());
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Blocked certificate " + Fingerprints.display(fp) + " of " + peer + " on this node.");
        out.println("Ask " + peer + "'s admin to revoke it with their CA too, so every node refuses it.");
        out.flush();
        return 0;
    }

    private static X509Certificate read(Path file) {
        try {
            return PemFiles.readCertificates(file).get(0);
        } catch (NoSuchFileException e) {
            throw new UserError(file + " does not exist");
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static String ownerOf(X509Certificate cert) {
        try {
            return IdentityUri.of(cert).nodeId().value();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String describe(X509Certificate cert) {
        String who;
        try {
            who = IdentityUri.of(cert).uri();
        } catch (IllegalArgumentException e) {
            who = cert.getSubjectX500Principal().getName();
        }
        return who + " (serial " + cert.getSerialNumber().toString(16) + ", " + Fingerprints.display(cert) + ")";
    }
}
