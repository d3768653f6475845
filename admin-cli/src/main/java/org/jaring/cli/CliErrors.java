package org.jaring.cli;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import javax.net.ssl.SSLException;
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
            return report(sre, cli, tried(parsed));
        }
        if (e instanceof UserError) {
            cli.getErr().println("error: " + e.getMessage());
            return 2;
        }
        if (e instanceof Refused) {
            cli.getErr().println("refused: " + e.getMessage());
            return 1;
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            cli.getErr()
                    .println("error: a file given is not UTF-8 text (a binary file, or another encoding); check the"
                            + " file arguments and save text files as UTF-8.");
            return 2;
        }
        cli.getErr().println("error: " + e.getMessage());
        return 1;
    }

    /** The TLS reason behind an UNAVAILABLE status, or null when the cause is not a handshake failure. */
    private static String tlsFailure(StatusRuntimeException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return t.getMessage();
            }
        }
        String d = e.getStatus().getDescription();
        if (d != null
                && (d.contains("ssl") || d.contains("SSL") || d.contains("handshake") || d.contains("certificate"))) {
            return d;
        }
        return null;
    }

    /** Where the command tried to reach its node, if it did: from its connection options. */
    private static String tried(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        for (CommandLine.Model.CommandSpec mixin : last.commandSpec().mixins().values()) {
            if (mixin.userObject() instanceof NodeAddressed c && c.triedAddress() != null) {
                return c.triedAddress();
            }
        }
        return null;
    }

    private static int report(StatusRuntimeException e, CommandLine cli, String tried) {
        Status status = e.getStatus();
        switch (status.getCode()) {
            case UNAVAILABLE -> {
                String tls = tlsFailure(e);
                if (tls != null) {
                    // The node answered but one side refused the other's certificate: not an outage, a refusal.
                    cli.getErr().println("error: the TLS handshake with the node failed (" + tls + ").");
                    cli.getErr()
                            .println("The node refuses client certificates that are revoked, expired or not"
                                    + " issued by its CA; and this CLI refuses a node whose certificate its home's CA did"
                                    + " not issue. Check --cert/--key and --home.");
                    return 1;
                }
                cli.getErr()
                        .println("error: the node did not answer at " + (tried == null ? "its address" : tried) + ".");
                cli.getErr()
                        .println("Is it running? Start it, or pass --home with its folder, or --national / --admin"
                                + " HOST:PORT if it listens elsewhere.");
                return 3;
            }
            case UNAUTHENTICATED, PERMISSION_DENIED -> {
                cli.getErr().println("error: the node refused this client certificate: " + status.getDescription());
                cli.getErr()
                        .println("It may be revoked or expired, or lack the role for this command (admin"
                                + " commands need an admin certificate); check --cert/--key.");
                return 1;
            }
            case NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> {
                cli.getErr().println("refused: " + status.getDescription());
                return 1;
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
                    for (Any any : details.getDetailsList()) {
                        if (any.is(BadRequest.class)) {
                            try {
                                for (BadRequest.FieldViolation v :
                                        any.unpack(BadRequest.class).getFieldViolationsList()) {
                                    cli.getErr().println("  " + v.getField() + ": " + v.getDescription());
                                    listed = true;
                                }
                            } catch (InvalidProtocolBufferException ignored) {
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
