package org.jaring.cli.request;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.output.CodeNames;
import org.jaring.cli.output.Table;
import org.jaring.core.text.SafeText;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.node.requests.RequestSigning;
import org.jaring.v1.DeliveryFailure;
import org.jaring.v1.RefusalGround;
import org.jaring.v1.RequestRecord;
import org.jaring.v1.RequestServiceGrpc;
import org.jaring.v1.RequestType;
import org.jaring.v1.Transition;

/** What the request commands share: names of types and grounds, one call to the node, printing. */
final class RequestCli {
    private RequestCli() {}

    private static final Map<String, RequestType> TYPE_ALIASES = Map.of(
            "PRESERVATION", RequestType.EXPEDITED_PRESERVATION,
            "TRAFFIC", RequestType.PRESERVED_TRAFFIC_DISCLOSURE,
            "SUBSCRIBER", RequestType.SUBSCRIBER_INFORMATION,
            "DOMAIN", RequestType.DOMAIN_REGISTRATION,
            "EMERGENCY", RequestType.EMERGENCY_DISCLOSURE,
            "SPONTANEOUS", RequestType.SPONTANEOUS_INFORMATION,
            "MLA", RequestType.MUTUAL_LEGAL_ASSISTANCE);

    static final String TYPES = "expedited-preservation (preservation), preserved-traffic-disclosure (traffic),"
            + " subscriber-information (subscriber), domain-registration (domain), emergency-disclosure (emergency),"
            + " spontaneous-information (spontaneous), mutual-legal-assistance (mla)";

    static RequestType type(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (TYPE_ALIASES.containsKey(t)) {
            return TYPE_ALIASES.get(t);
        }
        try {
            RequestType r = RequestType.valueOf(t);
            if (r != RequestType.UNRECOGNIZED && r != RequestType.REQUEST_TYPE_UNSPECIFIED) {
                return r;
            }
        } catch (IllegalArgumentException ignored) {
            // below
        }
        throw new UserError("--type: '" + text + "' is not a request type; use one of " + TYPES);
    }

    static RefusalGround ground(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            RefusalGround g = RefusalGround.valueOf(t);
            if (g != RefusalGround.UNRECOGNIZED && g != RefusalGround.REFUSAL_GROUND_UNSPECIFIED) {
                return g;
            }
        } catch (IllegalArgumentException ignored) {
            // below
        }
        throw new UserError("--ground: '" + text + "' is not a refusal ground; use political-offence,"
                + " sovereignty-public-order, dual-criminality, insufficient-information or other");
    }

    static <T> T call(ConnectionOptions connection, Function<RequestServiceGrpc.RequestServiceBlockingStub, T> body) {
        ManagedChannel channel = connection.openNational();
        try {
            return body.apply(RequestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS));
        } finally {
            NodeConnection.close(channel);
        }
    }

    static String time(Timestamp t) {
        return Timestamps.toString(t).substring(0, 19).replace('T', ' ');
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static void summary(PrintWriter out, RequestRecord r) {
        summary(out, r, CodeNames.CODES);
    }

    static void summary(PrintWriter out, RequestRecord r, CodeNames names) {
        var q = r.getRequest();
        out.println("Request " + q.getRequestId() + " (" + names.requestType(q.getType()) + ") "
                + (r.getOutgoing() ? "to " + q.getRequestedNode() : "from " + q.getRequestingNode()) + ": "
                + names.requestState(r.getState()) + ", deadline " + time(q.getDeadline()) + " UTC"
                + (r.getOverdue() ? " (OVERDUE)" : "")
                + (r.hasDeliveryFailure() ? ", DELIVERY FAILED" : ""));
    }

    /** The state as a list shows it: a request whose message the peer refused for good says so. */
    static String state(RequestRecord r, CodeNames names) {
        String state = names.requestState(r.getState());
        return r.hasDeliveryFailure() ? state + ", delivery failed" : state;
    }

    /** One line on the refused message; the reason is the peer's text, escaped again here. */
    static String failure(DeliveryFailure f) {
        return "transition " + f.getSequence() + " (" + name(f.getToState()) + ") refused by "
                + SafeText.line(f.getPeer())
                + " at " + time(f.getTime()) + " UTC with " + SafeText.line(f.getCode()) + ": "
                + SafeText.line(f.getReason()) + "; it is not sent again";
    }

    static void table(PrintWriter out, Iterable<RequestRecord> records) {
        table(out, records, CodeNames.CODES);
    }

    static void table(PrintWriter out, Iterable<RequestRecord> records, CodeNames names) {
        Table t = new Table("ID", "DIRECTION", "PEER", "TYPE", "STATE", "DEADLINE (UTC)", "OVERDUE", "FAILURE")
                .keepWhole("ID");
        for (RequestRecord r : records) {
            var q = r.getRequest();
            t.row(
                    q.getRequestId(),
                    r.getOutgoing() ? "sent" : "received",
                    r.getOutgoing() ? q.getRequestedNode() : q.getRequestingNode(),
                    names.requestType(q.getType()),
                    state(r, names),
                    time(q.getDeadline()),
                    r.getOverdue() ? "yes" : "",
                    r.hasDeliveryFailure()
                            ? r.getDeliveryFailure().getCode() + ": "
                                    + r.getDeliveryFailure().getReason()
                            : "");
        }
        if (t.isEmpty()) {
            out.println("No requests.");
        } else {
            t.print(out);
        }
    }

    static void show(PrintWriter out, RequestRecord r) {
        show(out, r, CodeNames.CODES);
    }

    static void show(PrintWriter out, RequestRecord r, CodeNames names) {
        var q = r.getRequest();
        summary(out, r, names);
        out.println("  legal basis:     " + names.legalBasis(q.getLegalBasis()));
        // Every text below was written by one of the two states: escaped, so it cannot forge lines or move the cursor.
        out.println("  requesting:      " + q.getRequestingNode() + " (" + SafeText.line(q.getIssuingAuthority())
                + ", file " + SafeText.line(q.getIssuingFileNumber()) + ", by " + SafeText.line(q.getAnalyst()) + ")");
        out.println("  requested:       " + q.getRequestedNode());
        if (q.getOffencesCount() > 0) {
            out.println("  offences:        "
                    + (names == CodeNames.CODES
                            ? q.getOffencesList().stream()
                                    .map(OffenceCodes::code)
                                    .toList()
                            : names.offences(q.getOffencesList())));
        }
        out.println("  follows:         " + SafeText.line(String.join(", ", q.getCaseHandlesList()))
                + (q.getHitsCount() > 0 ? " (" + q.getHitsCount() + " hit(s))" : ""));
        out.println("  facts:           " + SafeText.block(q.getSummaryOfFacts()));
        out.println("  data sought:     " + SafeText.block(q.getDataSought()));
        if (q.getEmergency()) {
            out.println("  EMERGENCY:       " + SafeText.block(q.getEmergencyJustification()));
        }
        out.println("  confidential:    " + (q.getConfidential() ? "yes, do not notify the subject" : "no"));
        out.println("  24/7 contact:    " + SafeText.line(q.getContactPoint().getUnit()) + ", "
                + SafeText.line(q.getContactPoint().getPhone()) + ", "
                + SafeText.line(q.getContactPoint().getEmail()));
        out.println("  created:         " + time(q.getCreatedAt()) + " UTC");
        out.println("  next:            "
                + (r.getAllowedNextCount() == 0
                        ? "nothing (final)"
                        : String.join(
                                ", ",
                                r.getAllowedNextList().stream()
                                        .map(RequestCli::name)
                                        .toList())));
        if (r.hasDeliveryFailure()) {
            out.println("  DELIVERY FAILED: " + failure(r.getDeliveryFailure()));
        }
        out.println();
        Table t = new Table("SEQ", "TO STATE", "BY", "NODE", "TIME (UTC)", "DETAIL", "HASH").keepWhole("HASH");
        for (Transition x : r.getTransitionsList()) {
            String detail = x.getRefusalGround() != RefusalGround.REFUSAL_GROUND_UNSPECIFIED
                    ? name(x.getRefusalGround()) + (x.getNote().isEmpty() ? "" : ": " + x.getNote())
                    : !x.getAnswer().isEmpty()
                            ? "answer: " + x.getAnswer()
                            : !x.getRequestedFileNumber().isEmpty()
                                    ? "file " + x.getRequestedFileNumber() + " " + x.getNote()
                                    : x.getNote();
            t.row(
                    x.getSequence(),
                    name(x.getToState()),
                    x.getActor(),
                    x.getActorNode(),
                    time(x.getTime()),
                    detail,
                    HexFormat.of().formatHex(RequestSigning.hash(x)).substring(0, 16));
        }
        t.print(out);
        for (Transition x : r.getTransitionsList()) {
            if (!x.getAnswer().isEmpty()) {
                out.println();
                out.println("Answer released at " + time(x.getTime()) + " UTC by " + SafeText.line(x.getActor()) + " ("
                        + x.getActorNode() + "):");
                out.println(SafeText.block(x.getAnswer()));
                if (x.hasPreservedUntil()) {
                    out.println("(data preserved until " + time(x.getPreservedUntil()) + " UTC)");
                }
            }
        }
    }
}
