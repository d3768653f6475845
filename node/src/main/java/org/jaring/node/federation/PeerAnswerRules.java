package org.jaring.node.federation;

import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.Timestamps;
import java.util.List;
import java.util.regex.Pattern;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedItem;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.QueryHits;
import org.jaring.v1.Tlp;

/**
 * What a peer's lookup answer may hold, checked by the asking node before anything of it is used. A trusted peer
 * is still a foreign state's machine: its answer is hostile input like any other bytes it sends. An answer may
 * only say something about the values that were asked, as the answering peer, in bounded size:
 * <ul>
 *   <li>every {@code query_index} (uint32, read as unsigned) names a value asked, and none twice;</li>
 *   <li>every hit has exactly the canonical type and value asked at that index, and {@code origin_node} equal to
 *       the answering peer (a peer speaks for itself, never for another state);</li>
 *   <li>at most {@code maxHitsPerQuery} hits per value and {@code maxHits} in all, text fields within the caps
 *       below and without control or bidirectional-override characters, enums known to this node, a TLP level
 *       set, confidence 0 to 100, valid timestamps.</li>
 * </ul>
 * A reason names the field and the problem and never quotes the peer's text, so it can go into a status detail
 * and the audit log as it is. Fields this node's schema does not know are not checked here: {@link #known} leaves
 * them out of what is passed on.
 */
public final class PeerAnswerRules {
    /** A case handle is {@code <node ID>:} and 20 base32 characters; the cap leaves room for other formats. */
    public static final int MAX_CASE_HANDLE_CHARS = 64;
    /** Each of a contact point's unit, phone, email and hours. */
    public static final int MAX_CONTACT_FIELD_CHARS = 256;

    public static final int MAX_LANGUAGES = 16;
    public static final int MAX_LANGUAGE_CHARS = 35;
    public static final int MAX_OFFENCES = 32;
    /** The longest canonical value of any type (a URL). */
    public static final int MAX_VALUE_CHARS = 2048;

    private static final Pattern ITEM_ID = Pattern.compile("[0-9a-f]{32}");

    private final int maxHitsPerQuery;
    private final int maxHits;

    public PeerAnswerRules(int maxHitsPerQuery, int maxHits) {
        if (maxHitsPerQuery < 1 || maxHits < 1) {
            throw new IllegalArgumentException("answer limits must be at least 1");
        }
        this.maxHitsPerQuery = maxHitsPerQuery;
        this.maxHits = maxHits;
    }

    /** Null when {@code answer} of {@code peer} to the values {@code asked} (in the order asked) is acceptable. */
    public String check(String peer, List<CanonicalValue> asked, PeerLookupResponse answer) {
        if (answer.getResultsCount() > asked.size()) {
            return "results: " + answer.getResultsCount() + " entries for " + asked.size() + " values asked";
        }
        boolean[] seen = new boolean[asked.size()];
        long total = 0;
        for (int r = 0; r < answer.getResultsCount(); r++) {
            QueryHits q = answer.getResults(r);
            String at = "results[" + r + "]";
            long index = Integer.toUnsignedLong(q.getQueryIndex());
            if (index >= asked.size()) {
                return at + ".query_index: " + index + " is out of range (" + asked.size() + " values asked)";
            }
            if (seen[(int) index]) {
                return at + ".query_index: " + index + " is answered twice";
            }
            seen[(int) index] = true;
            if (q.getHitsCount() > maxHitsPerQuery) {
                return at + ".hits: " + q.getHitsCount() + " hits, above the maximum of " + maxHitsPerQuery
                        + " per value";
            }
            total += q.getHitsCount();
            if (total > maxHits) {
                return "results: more than " + maxHits + " hits in one answer";
            }
            CanonicalValue value = asked.get((int) index);
            for (int h = 0; h < q.getHitsCount(); h++) {
                String invalid = hit(peer, value, q.getHits(h));
                if (invalid != null) {
                    return at + ".hits[" + h + "]." + invalid;
                }
            }
        }
        return null;
    }

    private static String hit(String peer, CanonicalValue asked, Hit hit) {
        if (hit.getType() != asked.type()) {
            return "type: not the type asked at this query_index";
        }
        if (!hit.getValue().equals(asked.value())) {
            return "value: not the canonical value asked at this query_index";
        }
        return fields(peer, hit);
    }

    /**
     * Null when every item of {@code peer}'s feed batch is one this node may cache and show its analysts: an
     * opaque item_id of the form every node gives (it becomes part of a key here), a removal without a hit or a
     * hit of a known type whose fields pass the same rules as a lookup answer's, and a batch contact that does.
     * Nothing was asked, so a hit's value is bounded and printable rather than compared.
     */
    public static String feedBatch(String peer, FeedBatch batch) {
        String invalid = batch.hasContact() ? contact(batch.getContact()) : null;
        for (int i = 0; invalid == null && i < batch.getItemsCount(); i++) {
            invalid = feedItem(peer, batch.getItems(i));
            if (invalid != null) {
                invalid = "items[" + i + "]." + invalid;
            }
        }
        return invalid;
    }

    private static String feedItem(String peer, FeedItem item) {
        if (!ITEM_ID.matcher(item.getItemId()).matches()) {
            return "item_id: not 32 lower-case hexadecimal digits";
        }
        if (item.getRemoved() || !item.hasHit()) {
            return item.hasHit() ? "hit: a removal carries no hit" : item.getRemoved() ? null : "hit: missing";
        }
        Hit hit = item.getHit();
        if (hit.getType() == IndicatorType.UNRECOGNIZED || hit.getType() == IndicatorType.INDICATOR_TYPE_UNSPECIFIED) {
            return "hit.type: " + hit.getTypeValue() + " is not an indicator type this node knows";
        }
        String invalid =
                hit.getValue().isEmpty() ? "hit.value: empty" : text("hit.value", hit.getValue(), MAX_VALUE_CHARS);
        if (invalid != null) {
            return invalid;
        }
        invalid = fields(peer, hit);
        return invalid == null ? null : "hit." + invalid;
    }

    /** The fields of a hit other than its type and value. */
    private static String fields(String peer, Hit hit) {
        if (!hit.getOriginNode().equals(peer)) {
            return "origin_node: not the answering peer " + peer;
        }
        if (hit.getConfidence() < 0 || hit.getConfidence() > 100) {
            return "confidence: " + Integer.toUnsignedLong(hit.getConfidence()) + " is outside 0 to 100";
        }
        if (hit.getTlp() == Tlp.UNRECOGNIZED) {
            return "tlp: " + hit.getTlpValue() + " is not a TLP level this node knows";
        }
        if (hit.getTlp() == Tlp.TLP_UNSPECIFIED) {
            // A node says UNSPECIFIED only to its own analysts (records without handling, which never leave it):
            // from a peer it would pass a hit off as free of handling obligations.
            return "tlp: a peer's hit must carry its TLP level, not TLP_UNSPECIFIED";
        }
        if (hit.getOffencesCount() > MAX_OFFENCES) {
            return "offences: " + hit.getOffencesCount() + " entries, above the maximum of " + MAX_OFFENCES;
        }
        for (int i = 0; i < hit.getOffencesCount(); i++) {
            if (hit.getOffences(i) == Offence.UNRECOGNIZED) {
                return "offences[" + i + "]: " + hit.getOffencesValue(i) + " is not an offence this node knows";
            }
        }
        String invalid = text("case_handle", hit.getCaseHandle(), MAX_CASE_HANDLE_CHARS);
        invalid = invalid != null ? invalid : time("first_seen", hit.hasFirstSeen(), hit.getFirstSeen());
        invalid = invalid != null ? invalid : time("last_seen", hit.hasLastSeen(), hit.getLastSeen());
        invalid = invalid != null ? invalid : time("valid_until", hit.hasValidUntil(), hit.getValidUntil());
        return invalid != null ? invalid : contact(hit.getContact());
    }

    private static String contact(ContactPoint c) {
        String invalid = text("contact.unit", c.getUnit(), MAX_CONTACT_FIELD_CHARS);
        invalid = invalid != null ? invalid : text("contact.phone", c.getPhone(), MAX_CONTACT_FIELD_CHARS);
        invalid = invalid != null ? invalid : text("contact.email", c.getEmail(), MAX_CONTACT_FIELD_CHARS);
        invalid = invalid != null ? invalid : text("contact.hours", c.getHours(), MAX_CONTACT_FIELD_CHARS);
        if (invalid != null) {
            return invalid;
        }
        if (c.getLanguagesCount() > MAX_LANGUAGES) {
            return "contact.languages: " + c.getLanguagesCount() + " entries, above the maximum of " + MAX_LANGUAGES;
        }
        for (int i = 0; i < c.getLanguagesCount(); i++) {
            invalid = text("contact.languages[" + i + "]", c.getLanguages(i), MAX_LANGUAGE_CHARS);
            if (invalid != null) {
                return invalid;
            }
        }
        return null;
    }

    private static String time(String field, boolean present, Timestamp t) {
        return present && !Timestamps.isValid(t) ? field + ": not a valid timestamp" : null;
    }

    /** Text shown to analysts: bounded, and nothing that moves a terminal's cursor or reorders what is shown. */
    private static String text(String field, String value, int maxChars) {
        if (value.length() > maxChars) {
            return field + ": " + value.length() + " characters, above the maximum of " + maxChars;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || isBidiControl(c) || c == '\u2028' || c == '\u2029') {
                return field + ": holds a control character (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    private static boolean isBidiControl(char c) {
        return c == '\u061C'
                || c == '\u200E'
                || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    /**
     * {@code hit} without the fields this node's schema does not know: only what was checked is passed on to the
     * analyst. The same object when it carries none (the usual case), so an honest answer costs no copy.
     */
    public static Hit known(Hit hit) {
        if (!hasUnknown(hit)) {
            return hit;
        }
        Hit.Builder b = hit.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance());
        if (hit.hasContact()) {
            b.setContact(hit.getContact().toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()));
        }
        if (hit.hasFirstSeen()) {
            b.setFirstSeen(hit.getFirstSeen().toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()));
        }
        if (hit.hasLastSeen()) {
            b.setLastSeen(hit.getLastSeen().toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()));
        }
        if (hit.hasValidUntil()) {
            b.setValidUntil(hit.getValidUntil().toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()));
        }
        return b.build();
    }

    private static boolean hasUnknown(Hit hit) {
        return !hit.getUnknownFields().asMap().isEmpty()
                || !hit.getContact().getUnknownFields().asMap().isEmpty()
                || !hit.getFirstSeen().getUnknownFields().asMap().isEmpty()
                || !hit.getLastSeen().getUnknownFields().asMap().isEmpty()
                || !hit.getValidUntil().getUnknownFields().asMap().isEmpty();
    }
}
