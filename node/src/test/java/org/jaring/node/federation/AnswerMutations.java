package org.jaring.node.federation;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.Hit;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.QueryHits;
import org.jaring.v1.Tlp;

/**
 * Seeded mutations of a valid lookup answer, and an oracle written apart from the node's rules that says which
 * hits an asker may pass on. The property test runs both against a real asker over real mutual TLS.
 */
final class AnswerMutations {
    private final Random rnd;
    private final String peer;
    private final int maxPerValue;
    private final int maxHits;

    AnswerMutations(Random rnd, String peer, int maxPerValue, int maxHits) {
        this.rnd = rnd;
        this.peer = peer;
        this.maxPerValue = maxPerValue;
        this.maxHits = maxHits;
    }

    /** One to three random changes to {@code b}, an answer to {@code q}. */
    void mutate(PeerLookupRequest q, PeerLookupResponse.Builder b, HostileLookupPeer honest) {
        int changes = 1 + rnd.nextInt(3);
        for (int c = 0; c < changes; c++) {
            int kind = rnd.nextInt(16);
            if (kind == 0 && b.getResultsCount() > 0) {
                int r = rnd.nextInt(b.getResultsCount());
                b.setResults(
                        r,
                        b.getResults(r).toBuilder()
                                .setQueryIndex(
                                        pick(0, 1, 2, 3, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, rnd.nextInt())));
            } else if (kind == 1 && b.getResultsCount() > 0) {
                b.addResults(b.getResults(rnd.nextInt(b.getResultsCount())));
            } else if (kind == 2 && b.getResultsCount() > 0) {
                b.removeResults(rnd.nextInt(b.getResultsCount()));
            } else if (kind == 3) {
                int index = pick(0, 1, 2, -1);
                QueryHits.Builder extra = QueryHits.newBuilder().setQueryIndex(index);
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    extra.addHits(honest.hit(q, Math.floorMod(index, q.getQueriesCount())));
                }
                b.addResults(extra);
            } else if (kind == 4) {
                int n = rnd.nextInt(7);
                if (b.getResultsCount() > 0) {
                    int r = rnd.nextInt(b.getResultsCount());
                    QueryHits.Builder more = b.getResults(r).toBuilder();
                    for (int i = 0; i < n; i++) {
                        more.addHits(honest.hit(q, Math.floorMod(more.getQueryIndex(), q.getQueriesCount())));
                    }
                    b.setResults(r, more);
                }
            } else {
                mutateHit(q, b, kind);
            }
        }
    }

    private void mutateHit(PeerLookupRequest q, PeerLookupResponse.Builder b, int kind) {
        List<Integer> withHits = new ArrayList<>();
        for (int r = 0; r < b.getResultsCount(); r++) {
            if (b.getResults(r).getHitsCount() > 0) {
                withHits.add(r);
            }
        }
        if (withHits.isEmpty()) {
            return;
        }
        int r = withHits.get(rnd.nextInt(withHits.size()));
        int h = rnd.nextInt(b.getResults(r).getHitsCount());
        Hit.Builder hit = b.getResults(r).getHits(h).toBuilder();
        LookupQuery other = q.getQueries(rnd.nextInt(q.getQueriesCount()));
        switch (kind) {
            case 5 -> hit.setTypeValue(pick(0, 1, 2, 3, 5, 8, 12, 99, hit.getTypeValue()));
            case 6 ->
                hit.setValue(pickText(
                        hit.getValue().toUpperCase(Locale.ROOT),
                        hit.getValue() + " ",
                        " " + hit.getValue(),
                        other.getValue(),
                        "",
                        text(40),
                        hit.getValue() + "\u0000"));
            case 7 ->
                hit.setOriginNode(pickText(
                        "MY-PDRM",
                        "TH-CCIB",
                        "",
                        peer.toLowerCase(Locale.ROOT),
                        peer + "\n",
                        peer + " ",
                        text(20),
                        peer));
            case 8 -> hit.setCaseHandle(text(rnd.nextInt(100)));
            case 9 -> hit.setContact(contact(hit.getContact().toBuilder()));
            case 10 -> hit.setConfidence(pick(0, 100, 101, -1, rnd.nextInt()));
            case 11 -> hit.setTlpValue(rnd.nextInt(9));
            case 12 -> {
                int n = rnd.nextInt(40);
                for (int i = 0; i < n; i++) {
                    hit.addOffencesValue(rnd.nextInt(16));
                }
            }
            case 13 -> {
                Timestamp t = Timestamp.newBuilder()
                        .setSeconds(
                                pickLong(0, -62135596800L, -62135596801L, 253402300799L, 253402300800L, rnd.nextLong()))
                        .setNanos(pick(0, 999_999_999, 1_000_000_000, -1))
                        .build();
                switch (rnd.nextInt(3)) {
                    case 0 -> hit.setFirstSeen(t);
                    case 1 -> hit.setLastSeen(t);
                    default -> hit.setValidUntil(t);
                }
            }
            default ->
                hit.setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(
                                90 + rnd.nextInt(9),
                                UnknownFieldSet.Field.newBuilder()
                                        .addLengthDelimited(ByteString.copyFromUtf8(text(500)))
                                        .build())
                        .build());
        }
        b.setResults(r, b.getResults(r).toBuilder().setHits(h, hit));
    }

    private ContactPoint.Builder contact(ContactPoint.Builder c) {
        String t = text(rnd.nextInt(2) == 0 ? rnd.nextInt(40) : rnd.nextInt(320));
        switch (rnd.nextInt(5)) {
            case 0 -> c.setUnit(t);
            case 1 -> c.setPhone(t);
            case 2 -> c.setEmail(t);
            case 3 -> c.setHours(t);
            default -> {
                c.clearLanguages();
                int n = rnd.nextInt(20);
                for (int i = 0; i < n; i++) {
                    c.addLanguages(text(rnd.nextInt(40)));
                }
            }
        }
        return c;
    }

    /** Random text: mostly plain, sometimes control, bidirectional or non-BMP characters. */
    String text(int length) {
        String[] pieces = {
            "a",
            "Z",
            "0",
            "-",
            ":",
            " ",
            "\u00e9",
            "\u0e01",
            "\r",
            "\n",
            "\u001b",
            "\u0000",
            "\u202e",
            "\u2066",
            "\u2028",
            "\ud83d\ude00",
            "\u0085",
            "\t"
        };
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            s.append(rnd.nextInt(4) == 0 ? pieces[rnd.nextInt(pieces.length)] : pieces[rnd.nextInt(6)]);
        }
        return s.toString();
    }

    private int pick(int... options) {
        return options[rnd.nextInt(options.length)];
    }

    private long pickLong(long... options) {
        return options[rnd.nextInt(options.length)];
    }

    private String pickText(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    // ---- the oracle ----

    /** Whether an asker may pass on {@code answer} to {@code q}, by the rules as documented in docs/protocol.md. */
    boolean acceptable(PeerLookupRequest q, PeerLookupResponse answer) {
        Set<Long> seen = new HashSet<>();
        int total = 0;
        for (QueryHits r : answer.getResultsList()) {
            long index = r.getQueryIndex() & 0xffffffffL;
            if (index >= q.getQueriesCount() || !seen.add(index)) {
                return false;
            }
            if (r.getHitsCount() > maxPerValue) {
                return false;
            }
            total += r.getHitsCount();
            for (Hit h : r.getHitsList()) {
                if (!acceptableHit(q.getQueries((int) index), h)) {
                    return false;
                }
            }
        }
        return total <= maxHits;
    }

    /** Whether {@code h} may stand as this peer's hit for {@code asked}. */
    boolean acceptableHit(LookupQuery asked, Hit h) {
        boolean known = h.getTlp() != Tlp.UNRECOGNIZED
                && h.getTlp() != Tlp.TLP_UNSPECIFIED
                && h.getOffencesList().stream().noneMatch(o -> o == Offence.UNRECOGNIZED);
        return h.getType() == asked.getType()
                && h.getValue().equals(asked.getValue())
                && h.getOriginNode().equals(peer)
                && (h.getConfidence() & 0xffffffffL) <= 100
                && known
                && h.getOffencesCount() <= 32
                && shown(h.getCaseHandle(), 64)
                && (!h.hasFirstSeen() || valid(h.getFirstSeen()))
                && (!h.hasLastSeen() || valid(h.getLastSeen()))
                && (!h.hasValidUntil() || valid(h.getValidUntil()))
                && shown(h.getContact().getUnit(), 256)
                && shown(h.getContact().getPhone(), 256)
                && shown(h.getContact().getEmail(), 256)
                && shown(h.getContact().getHours(), 256)
                && h.getContact().getLanguagesCount() <= 16
                && h.getContact().getLanguagesList().stream().allMatch(l -> shown(l, 35));
    }

    private static boolean valid(Timestamp t) {
        return t.getSeconds() >= -62135596800L
                && t.getSeconds() <= 253402300799L
                && t.getNanos() >= 0
                && t.getNanos() <= 999_999_999;
    }

    /** Within {@code max} UTF-16 units, with nothing that moves a cursor or reorders text. */
    static boolean shown(String s, int max) {
        return s.length() <= max
                && s.chars()
                        .noneMatch(c -> Character.isISOControl(c)
                                || c == 0x2028
                                || c == 0x2029
                                || c == 0x061C
                                || c == 0x200E
                                || c == 0x200F
                                || (c >= 0x202A && c <= 0x202E)
                                || (c >= 0x2066 && c <= 0x2069));
    }
}
