package org.jaring.cli.request;

import com.google.protobuf.util.Timestamps;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.v1.ChangeStateRequest;
import org.jaring.v1.RequestState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The commands that move a request: ack, progress, answer, refuse, withdraw. Each is one signed transition. */
final class RequestStateCommands {
    private RequestStateCommands() {}

    abstract static class Base implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", paramLabel = "ID", description = "The request ID.")
        String id;

        @Option(names = "--note", paramLabel = "TEXT", description = "A note for the record (both nodes keep it).")
        String note;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        abstract ChangeStateRequest.Builder change();

        @Override
        public Integer call() {
            ChangeStateRequest.Builder c = change().setRequestId(id);
            if (note != null) {
                c.setNote(note);
            }
            var r = RequestCli.call(connection, s -> s.changeState(c.build()));
            RequestCli.summary(spec.commandLine().getOut(), r);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "ack",
            mixinStandardHelpOptions = true,
            header = "Acknowledge a received request (requested side).",
            description =
                    "Tells the requesting node that your authority has the request, optionally with your file number.")
    static final class Ack extends Base {
        @Option(names = "--file-number", paramLabel = "REF", description = "Your authority's file number for it.")
        String fileNumber;

        @Override
        ChangeStateRequest.Builder change() {
            ChangeStateRequest.Builder b = ChangeStateRequest.newBuilder().setToState(RequestState.ACKNOWLEDGED);
            return fileNumber == null ? b : b.setRequestedFileNumber(fileNumber);
        }
    }

    @Command(
            name = "progress",
            mixinStandardHelpOptions = true,
            header = "Mark a received request as in progress (requested side).",
            description = "Tells the requesting node that the request is being executed.")
    static final class Progress extends Base {
        @Override
        ChangeStateRequest.Builder change() {
            return ChangeStateRequest.newBuilder().setToState(RequestState.IN_PROGRESS);
        }
    }

    @Command(
            name = "answer",
            mixinStandardHelpOptions = true,
            header = "Release an answer to the requesting node (requested side): exactly the text given, nothing else.",
            description = "Nothing is ever released automatically: this command is the officer's decision to release"
                    + " the text of --text. --partly marks the request partly fulfilled (more may follow).")
    static final class Answer extends Base {
        @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The data released.")
        String text;

        @Option(names = "--partly", description = "Only part of what was sought.")
        boolean partly;

        @Option(
                names = "--preserved-until",
                paramLabel = "DATE",
                description = "Preservation requests: the data are kept until DATE (yyyy-mm-dd, UTC), at least 60 days"
                        + " away (Budapest art. 29(7)). Default: 60 days from now.")
        LocalDate preservedUntil;

        @Override
        ChangeStateRequest.Builder change() {
            ChangeStateRequest.Builder b = ChangeStateRequest.newBuilder()
                    .setAnswer(text)
                    .setToState(partly ? RequestState.PARTLY_FULFILLED : RequestState.FULFILLED);
            if (preservedUntil != null) {
                b.setPreservedUntil(Timestamps.fromMillis(
                        preservedUntil.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()));
            }
            return b;
        }
    }

    @Command(
            name = "refuse",
            mixinStandardHelpOptions = true,
            header = "Refuse a received request, with its ground (requested side).",
            description = "A refusal always names its ground; --note explains it to the requesting state.")
    static final class Refuse extends Base {
        @Option(
                names = "--ground",
                required = true,
                paramLabel = "GROUND",
                description =
                        "political-offence, sovereignty-public-order, dual-criminality, insufficient-information or other.")
        String ground;

        @Override
        ChangeStateRequest.Builder change() {
            return ChangeStateRequest.newBuilder()
                    .setToState(RequestState.REFUSED)
                    .setRefusalGround(RequestCli.ground(ground));
        }
    }

    @Command(
            name = "withdraw",
            mixinStandardHelpOptions = true,
            header = "Withdraw a request you sent (before it is answered or refused).",
            description = "Possible once the request is delivered and until it is fulfilled or refused.")
    static final class Withdraw extends Base {
        @Override
        ChangeStateRequest.Builder change() {
            return ChangeStateRequest.newBuilder().setToState(RequestState.WITHDRAWN);
        }
    }
}
