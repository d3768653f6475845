package org.jaring.cli.audit;

import io.grpc.ManagedChannel;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.AuditServiceGrpc;
import org.jaring.v1.VerifyAuditRequest;
import org.jaring.v1.VerifyAuditResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jaring audit verify}: the running node walks its whole chain and names the first broken record. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        header = "Verify the running node's whole audit log.",
        description = "Asks the node (admin service) to walk every stored audit record and checkpoint: hashes, links,"
                + " sequence gaps and order, checkpoint signatures against the national CA. Exit code 0 when intact,"
                + " 1 naming the first broken record otherwise.")
public final class AuditVerifyCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
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
}
