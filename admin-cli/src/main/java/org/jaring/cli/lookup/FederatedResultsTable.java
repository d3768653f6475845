package org.jaring.cli.lookup;

import com.google.protobuf.util.Timestamps;
import java.io.PrintWriter;
import org.jaring.cli.output.CodeNames;
import org.jaring.cli.output.Table;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.FederatedLookupResult;
import org.jaring.v1.Hit;
import org.jaring.v1.LookupMode;
import org.jaring.v1.PeerStatus;

/**
 * The analyst's answer: one row per hit (value, country, offence, confidence, seen, case handle, whom to
 * call), then how each peer fared.
 */
public final class FederatedResultsTable {
    private FederatedResultsTable() {}

    public static void print(FederatedLookupResponse response, PrintWriter out) {
        print(response, CodeNames.CODES, out);
    }

    /** The same, with the offences, TLP and peer outcomes named by {@code names} (codes, or labels in a language). */
    public static void print(FederatedLookupResponse response, CodeNames names, PrintWriter out) {
        Table hits = new Table("VALUE", "TYPE", "COUNTRY", "OFFENCE", "CONF", "TLP", "SEEN", "CASE HANDLE", "CONTACT");
        for (FederatedLookupResult r : response.getResultsList()) {
            String type = IndicatorTypeNames.name(r.getType());
            if (r.getHitsCount() == 0) {
                hits.row(r.getCanonicalValue(), type, "-", "(no hit)", "", "", "", "", "");
            }
            for (Hit h : r.getHitsList()) {
                hits.row(
                        h.getValue(),
                        type,
                        h.getOriginNode(),
                        names.offences(h.getOffencesList()),
                        h.getConfidence(),
                        names.tlp(h.getTlp()),
                        seen(h),
                        h.getCaseHandle(),
                        contact(h));
            }
        }
        hits.print(out);
        out.println();
        Table peers = new Table("PEER", "OUTCOME", "MODE", "MS", "HITS", "DETAIL");
        for (PeerStatus p : response.getPeersList()) {
            peers.row(
                    p.getNodeId(),
                    names.peerOutcome(p.getOutcome()),
                    mode(p.getMode()),
                    p.getLatencyMillis(),
                    p.getHits(),
                    p.getDetail());
        }
        if (!peers.isEmpty()) {
            peers.print(out);
        }
        out.flush();
    }

    /** How the peer was asked: plain or blind; "-" when no question reached it. */
    static String mode(LookupMode mode) {
        return switch (mode) {
            case LOOKUP_MODE_PLAIN -> "plain";
            case LOOKUP_MODE_BLIND -> "blind";
            default -> "-";
        };
    }

    private static String seen(Hit h) {
        if (!h.hasFirstSeen() && !h.hasLastSeen()) {
            return "";
        }
        String first = h.hasFirstSeen() ? Timestamps.toString(h.getFirstSeen()).substring(0, 10) : "?";
        String last = h.hasLastSeen() ? Timestamps.toString(h.getLastSeen()).substring(0, 10) : "?";
        return first.equals(last) ? first : first + ".." + last;
    }

    private static String contact(Hit h) {
        return h.getContact().getPhone() + " " + h.getContact().getEmail();
    }
}
