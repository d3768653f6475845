package org.jaring.cli.audit;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.core.trust.TrustStore;
import org.jaring.node.audit.AuditChain;
import org.jaring.node.audit.AuditWitness;
import org.jaring.node.store.ReadOnlyStore;
import org.jaring.v1.AuditServiceGrpc;
import org.jaring.v1.VerifyAuditRequest;
import org.jaring.v1.VerifyAuditResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaring audit verify}: the running node walks its whole chain and names the first broken record; with
 * {@code --data}, the same walk over a stopped node's folder, opened read-only, with no node running.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        header = "Verify the node's whole audit log (the running node's, or a stopped node's folder with --data).",
        description = {
            "Walks every stored audit record and checkpoint from the retained start: hashes, links, sequence gaps"
                    + " and order, checkpoint signatures against the national CA, and that any cut of the start was"
                    + " announced by a signed retention record.",
            "Without --data the running node does it (admin service). With --data DIR the folder of a stopped node is"
                    + " opened read-only (nothing in it is changed) and checked against the national CA named by"
                    + " tls.ca_certificate in the home's node.yaml.",
            "Exit codes: 0 intact; 1 broken (the first broken record and the problem are named); 2 could not check"
                    + " (usage, no such folder, not a data folder); 4 (with --data) intact, but the newest records are"
                    + " not covered by a signed checkpoint, which a clean stop never leaves: the node crashed or lost"
                    + " power, or someone cut or rewrote them."
        })
public final class AuditVerifyCommand implements Callable<Integer> {
    /** Exit code of an intact folder whose newest records no signed checkpoint covers. */
    public static final int UNSIGNED_TAIL = 4;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Check this stopped node's data folder offline (data_dir in node.yaml) instead of asking"
                    + " the running node.")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (data != null) {
            return offline();
        }
        ManagedChannel channel = connection.openAdmin();
        try {
            VerifyAuditResponse r = AuditServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.MINUTES)
                    .verifyAudit(VerifyAuditRequest.getDefaultInstance());
            AuditCommand.print(spec.commandLine().getOut(), r);
            return r.getIntact() ? 0 : 1;
        } finally {
            NodeConnection.close(channel);
        }
    }

    private int offline() {
        NodeConfig config = connection.config();
        X509Certificate ca;
        try {
            ca = PemFiles.readCertificates(config.tls().caCertificate()).get(0);
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read the national CA (tls.ca_certificate "
                    + config.tls().caCertificate() + "): " + e.getMessage() + "; pass --home with the node's home");
        }
        TrustSnapshot trust;
        try {
            trust = TrustStore.open(config.tls().trustDir(), Clock.systemUTC()).snapshot();
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read the node's trust store (tls.trust_dir "
                    + config.tls().trustDir() + "), which holds its revocation list: " + e.getMessage()
                    + "; pass --home with the node's home");
        }
        VerifyAuditResponse r;
        Path folder = data.toAbsolutePath().normalize();
        AuditWitness witness = AuditWitness.beside(folder);
        try (ReadOnlyStore store = ReadOnlyStore.open(folder)) {
            r = AuditChain.verifyFolder(store, config.nodeId(), ca, trust::isRevoked, witness);
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "Audit log of node %s in %s (offline, read-only; national CA %s)%n",
                config.nodeId(), data, Fingerprints.display(Fingerprints.sha256(ca)));
        AuditCommand.print(out, r);
        if (!Files.exists(witness.file(), LinkOption.NOFOLLOW_LINKS) && r.getCheckpoints() > 0) {
            out.printf(
                    "  no head witness (%s): a cut back to a signed checkpoint would not show here; expected after a"
                            + " restore into a new home (docs/audit.md, \"The head witness\")%n",
                    witness.file());
        }
        if (!r.getIntact()) {
            out.printf("  the node refuses to start on this folder: restore the data folder from a backup and keep this"
                    + " one as evidence (docs/operations.md, \"Audit chain broken\")%n");
            out.flush();
            return 1;
        }
        String tail = AuditChain.unsignedTail(r);
        if (!tail.isEmpty()) {
            out.printf(
                    "UNSIGNED TAIL: records %s are not covered by a signed checkpoint; a node that stopped cleanly"
                            + " ends with one. Either it crashed or lost power, or someone cut or rewrote the records"
                            + " after checkpoint %d: compare the head with your last verify output or exported"
                            + " package. The node starts on it and records the range (LOG_OPENED).%n",
                    tail, r.getLastCheckpointed());
            out.flush();
            return UNSIGNED_TAIL;
        }
        out.flush();
        return 0;
    }
}
