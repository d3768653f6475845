package org.jaring.cli;

import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import picocli.CommandLine;

/**
 * Turns failures into one or two lines a person can act on, with an exit code by kind:
 * 1 refused or failed, 2 bad usage, 3 node unreachable. Stack traces only with JARING_DEBUG=1.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (System.getenv("JARING_DEBUG") != null) {
            e.printStackTrace(cli.getErr());
        }
        if (e instanceof StatusRuntimeException sre) {
            return report(sre, cli);
        }
        if (e instanceof UserError) {
            cli.getErr().println("error: " + e.getMessage());
            return 2;
        }
        cli.getErr().println("error: " + e.getMessage());
        return 1;
    }

    private static int report(StatusRuntimeException e, CommandLine cli) {
        Status status = e.getStatus();
        switch (status.getCode()) {
            case UNAVAILABLE -> {
                cli.getErr().println("error: the node did not answer (" + status.getDescription() + ").");
                cli.getErr().println("Is it running, and is --node the address of its national listener?");
                return 3;
            }
            case DEADLINE_EXCEEDED -> {
                cli.getErr().println("error: no answer before the deadline; try again or raise --deadline.");
                return 3;
            }
            case INVALID_ARGUMENT -> {
                cli.getErr().println("error: the node refused the request:");
                com.google.rpc.Status details = StatusProto.fromThrowable(e);
                boolean listed = false;
                if (details != null) {
                    for (com.google.protobuf.Any any : details.getDetailsList()) {
                        if (any.is(BadRequest.class)) {
                            try {
                                for (BadRequest.FieldViolation v : any.unpack(BadRequest.class).getFieldViolationsList()) {
                                    cli.getErr().println("  " + v.getField() + ": " + v.getDescription());
                                    listed = true;
                                }
                            } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                                // fall back to the status message below
                            }
                        }
                    }
                }
                if (!listed) {
                    cli.getErr().println("  " + status.getDescription());
                }
                return 1;
            }
            default -> {
                cli.getErr().println("error: " + status.getCode() + ": " + status.getDescription());
                return 1;
            }
        }
    }
}
