package org.jaring.cli.interop;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.indicator.InvalidIndicatorException;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;

/**
 * Checks one item the way the node will, before it is sent: the value is made canonical with a
 * {@link Canonicalizer} for the list's region and the other fields against the node's rules (docs/protocol.md
 * 3.5), so a bad value is reported with its position instead of sinking its batch. A value that occurs again in
 * the file (same canonical type and value) is counted as a duplicate and sent once. Used by one thread.
 *
 * <p>Phones: the node stores E.164, and a national spelling ("06 12 34 56 78") only has a country through the
 * list it came from. Without {@code --region} such a number is refused with the advice to pass it, instead of
 * being read in the node's own country (which turned a French list into Thai numbers). International spellings
 * ("+33 6 ...") need no region.
 *
 * <p>{@code IP:port} and {@code [IPv6]:port}: the address is kept and the port, which the indicator model has
 * no field for, is dropped and written to the report beside the stored value.
 */
final class LocalCheck {
    private static final int MAX_NOTE = 2000;
    // Bounded, possessive-free shapes over at most ~50 characters: no backtracking blow-up possible.
    private static final Pattern IPV4_PORT = Pattern.compile("([0-9]{1,3}(?:\\.[0-9]{1,3}){3}):([0-9]{1,6})");
    private static final Pattern IPV6_PORT = Pattern.compile("\\[([0-9A-Fa-f:.]{2,45})\\]:([0-9]{1,6})");

    private final Canonicalizer canonicalizer;
    private final boolean regionGiven;
    private final Set<String> seen;

    /**
     * @param canonicalizer for the list's region ({@code --region}), else the node's country
     * @param regionGiven whether the region was given for this list; when not, national phone numbers are refused
     * @param expected about how many items will come, so the duplicate set does not keep resizing
     */
    LocalCheck(Canonicalizer canonicalizer, boolean regionGiven, long expected) {
        this.canonicalizer = canonicalizer;
        this.regionGiven = regionGiven;
        this.seen = new HashSet<>((int) Math.min(1 << 24, Math.max(16, expected * 4 / 3)));
    }

    /** The indicator to send, or null when the item was refused or repeats an earlier one (both counted). */
    ValidItem check(ImportItem item, ImportOutcome outcome) {
        String shownType = item.sourceType.isEmpty() && item.type != IndicatorType.INDICATOR_TYPE_UNSPECIFIED
                ? IndicatorTypeNames.name(item.type)
                : item.sourceType;
        String raw = item.raw == null ? "" : item.raw;
        String portNote = null;
        if (mayHoldPort(item) && raw.length() < 64) {
            String probe = raw.strip().replace("[.]", ".").replace("(.)", "."); // defanged dots too
            Matcher m = IPV4_PORT.matcher(probe);
            if (!m.matches()) {
                m = IPV6_PORT.matcher(probe);
            }
            if (m.matches()) {
                try {
                    portNote = MispVocab.portDropped(m.group(2));
                } catch (IllegalArgumentException e) {
                    outcome.refuse(new Refusal(item.position, shownType, raw, e.getMessage()));
                    return null;
                }
                raw = m.group(1);
            }
        }
        CanonicalValue value;
        try {
            value = canonicalizer.canonicalize(item.type, raw);
        } catch (InvalidIndicatorException e) {
            outcome.refuse(new Refusal(item.position, shownType, item.raw, e.getMessage()));
            return null;
        }
        if (!regionGiven && isNational(value, raw)) {
            outcome.refuse(new Refusal(
                    item.position,
                    shownType,
                    item.raw,
                    "national phone number: it does not say its country; pass --region with the list's country"
                            + " (e.g. --region FR) or write it as +<country code>..."));
            return null;
        }
        if (item.accept != null && !item.accept.contains(value.type())) {
            outcome.refuse(new Refusal(
                    item.position,
                    shownType,
                    item.raw,
                    "recognised as " + IndicatorTypeNames.name(value.type()) + ", which " + shownType
                            + " cannot hold"));
            return null;
        }
        String problem = fieldProblem(item);
        if (problem != null) {
            outcome.refuse(new Refusal(item.position, shownType, item.raw, problem));
            return null;
        }
        if (!seen.add(value.type().getNumber() + "\u0000" + value.value())) {
            outcome.duplicate();
            return null;
        }
        for (String note : item.notes) {
            outcome.note(new Refusal(item.position, shownType, item.raw, "stored as " + value.value() + "; " + note));
        }
        if (portNote != null) {
            outcome.note(
                    new Refusal(item.position, shownType, item.raw, "stored as " + value.value() + "; " + portNote));
        }
        Indicator.Builder b = Indicator.newBuilder()
                .setType(value.type())
                .setValue(value.value())
                .addAllOffences(item.offences)
                .setNote(item.note == null ? "" : item.note);
        if (item.confidence != null) {
            b.setConfidence(item.confidence);
        }
        if (item.firstSeen != null) {
            b.setFirstSeen(ts(item.firstSeen));
        }
        if (item.lastSeen != null) {
            b.setLastSeen(ts(item.lastSeen));
        }
        if (item.validUntil != null) {
            b.setValidUntil(ts(item.validUntil));
        }
        if (item.tlp != null) {
            b.setHandling(Handling.newBuilder().setTlp(item.tlp));
        }
        outcome.countValid();
        return new ValidItem(item, b.build());
    }

    private static boolean mayHoldPort(ImportItem item) {
        return switch (item.type) {
            case INDICATOR_TYPE_UNSPECIFIED, INDICATOR_TYPE_IPV4, INDICATOR_TYPE_IPV6 -> true;
            default -> false;
        };
    }

    /**
     * Whether a phone (or a phone-number handle such as whatsapp:0812...) was written without its country: the
     * canonical form is international, the spelling was not (no '+' before the digits).
     */
    static boolean isNational(CanonicalValue value, String raw) {
        String given = raw.strip();
        String stored = value.value();
        if (value.type() == IndicatorType.INDICATOR_TYPE_HANDLE) {
            int colon = stored.indexOf(':');
            int rawColon = given.indexOf(':');
            if (colon < 0 || rawColon < 0 || !stored.startsWith("+", colon + 1)) {
                return false;
            }
            stored = stored.substring(colon + 1);
            given = given.substring(rawColon + 1).strip();
            if (given.startsWith("@")) {
                given = given.substring(1);
            }
        } else if (value.type() != IndicatorType.INDICATOR_TYPE_PHONE) {
            return false;
        } else if (given.regionMatches(true, 0, "tel:", 0, 4)) {
            given = given.substring(4).strip();
        }
        return stored.startsWith("+") && !plusFirst(given);
    }

    /** Whether a '+' comes before the first digit ("+66 ...", "(+33) 6 ..."). */
    private static boolean plusFirst(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                return true;
            }
            if (Character.isDigit(c)) {
                return false;
            }
        }
        return false;
    }

    /** The node's rules for the other fields (docs/protocol.md 3.5). */
    private static String fieldProblem(ImportItem item) {
        if (item.confidence != null && (item.confidence < 0 || item.confidence > 100)) {
            return "confidence " + item.confidence + " is not between 0 and 100";
        }
        if (item.firstSeen != null && item.lastSeen != null && item.lastSeen.isBefore(item.firstSeen)) {
            return "last_seen is before first_seen";
        }
        if (item.note != null && item.note.length() > MAX_NOTE) {
            return "note longer than " + MAX_NOTE + " characters";
        }
        for (Instant t : new Instant[] {item.firstSeen, item.lastSeen, item.validUntil}) {
            if (t != null && !Timestamps.isValid(ts(t))) {
                return "a time is outside the range protobuf timestamps can hold";
            }
        }
        return null;
    }

    private static Timestamp ts(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }
}
