package org.jaring.core.indicator;

import com.google.common.net.InternetDomainName;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.SpoofChecker;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jaring.v1.IndicatorType;

/**
 * Domain names as lower-case IDNA A-labels without the trailing dot, by UTS #46 non-transitional processing
 * (what current browsers and registries do: {@code faß.de} is {@code xn--fa-hia.de}, not {@code fass.de}).
 *
 * <p>After UTS #46 mapping every label must be letters, digits and inner hyphens (LDH, RFC 5890). Underscores:
 * refused in the top-level and second-level labels (no registry allows them there) and allowed further left,
 * because hosts such as {@code my_site.example.com} resolve and do turn up in phishing feeds. Hyphens in
 * positions 3 and 4 are allowed (browsers do not check them: {@code r3---sn-abc.googlevideo.com} is real).
 *
 * <p>The last label must be a top-level domain of the root zone (the ICANN section of the public suffix list
 * that Guava ships), or one of the names reserved for documentation and tests ({@code example}, {@code test}):
 * {@code evil.exe} is a file name, not a domain.
 *
 * <p>UTS #39: invisible and format characters are refused before this class sees the value ({@link Characters}).
 * Look-alikes are not refused, because a look-alike of a bank's domain is exactly what a state needs to report;
 * the key is its A-label, which never equals the real name's, and the value carries a warning: "confusable" when
 * the label's UTS #39 skeleton is plain ASCII (whole-script confusables such as Cyrillic {@code аррӏе}, which
 * reads as {@code apple}), "mixed scripts" when the label fails UTS #39's highly restrictive level (Latin with
 * Cyrillic in {@code pаypal}).
 */
final class Domains {
    static final int MAX_LENGTH = 253;
    // Shared: ICU's IDNA and SpoofChecker instances are immutable and thread-safe, and costly to build.
    private static final IDNA UTS46 = IDNA.getUTS46Instance(
            IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
            .build();
    /**
     * Errors that browsers ignore (UTS #46 CheckHyphens=false), or that the LDH check below reports with the
     * label's name.
     */
    private static final Set<IDNA.Error> IGNORED = EnumSet.of(
            IDNA.Error.HYPHEN_3_4, IDNA.Error.LEADING_HYPHEN, IDNA.Error.TRAILING_HYPHEN, IDNA.Error.EMPTY_LABEL);

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Set<String> RESERVED_TOP_LEVEL = Set.of("example", "test");
    /** Top-level labels found in the public suffix list; bounded by that list, so it cannot grow without end. */
    private static final Set<String> KNOWN_TOP_LEVEL = ConcurrentHashMap.newKeySet();

    private Domains() {}

    static String canonical(String raw) throws InvalidIndicatorException {
        String plain = plainAscii(raw);
        return plain != null ? plain : canonicalFull(raw);
    }

    /** The canonical name with its warnings (look-alike labels). */
    static CanonicalValue value(String raw) throws InvalidIndicatorException {
        String plain = plainAscii(raw);
        if (plain != null) {
            return new CanonicalValue(IndicatorType.INDICATOR_TYPE_DOMAIN, plain);
        }
        String ascii = canonicalFull(raw);
        return new CanonicalValue(IndicatorType.INDICATOR_TYPE_DOMAIN, ascii, warnings(ascii));
    }

    /** Every rule, with a reason for each refusal; {@link #plainAscii} must agree with it wherever it answers. */
    static String canonicalFull(String raw) throws InvalidIndicatorException {
        String s = Defanging.dots(raw);
        if (s.endsWith(".") || s.endsWith("\u3002") || s.endsWith("\uff0e") || s.endsWith("\uff61")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new InvalidIndicatorException("not a domain: it is empty");
        }
        // A defanged name ("evil[.]com") or one with the root's dot is plain once those are undone (a third of the
        // benchmark's generated domains), and would otherwise take the IDNA path below.
        if (s.length() != raw.length()) {
            String plain = plainAscii(s);
            if (plain != null) {
                return plain;
            }
        }
        if (s.startsWith("*.")) {
            throw new InvalidIndicatorException(
                    "not a domain: wildcards (*.) are not indicators; give the parent domain");
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToASCII(s, out, info);
        String ascii = out.toString();
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidIndicatorException(
                    "not a domain: '" + s + "' has a single label; a domain needs at least two");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new InvalidIndicatorException("not a domain: it has an empty label (two dots in a row)");
            }
        }
        for (IDNA.Error error : info.getErrors()) {
            if (!IGNORED.contains(error)) {
                throw new InvalidIndicatorException("not a domain: " + reason(error));
            }
        }
        for (int i = 0; i < labels.length; i++) {
            checkLabel(labels[i], i >= labels.length - 2);
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidIndicatorException("not a domain: " + ascii.length() + " characters, above " + MAX_LENGTH);
        }
        String top = labels[labels.length - 1];
        if (!isTopLevel(top)) {
            throw new InvalidIndicatorException("not a domain: '" + top
                    + "' is not a top-level domain of the root zone (is it a file name?); give the type if it is"
                    + " something else");
        }
        return ascii;
    }

    /** The name as UTS #46 maps it to ASCII, errors aside: for hosts that may turn out to be IPv4 addresses. */
    static String mapped(String s) {
        StringBuilder out = new StringBuilder(s.length());
        UTS46.nameToASCII(s, out, new IDNA.Info());
        return out.toString();
    }

    /** True for a lower-case A-label that is a top-level domain of the root zone, or reserved for tests. */
    static boolean isTopLevel(String top) {
        if (KNOWN_TOP_LEVEL.contains(top) || RESERVED_TOP_LEVEL.contains(top)) {
            return true;
        }
        boolean known;
        try {
            // "a." + top: a top-level label listed only under a wildcard ("*.ck") is a suffix one level down.
            InternetDomainName name = InternetDomainName.from("a." + top);
            known = name.hasPublicSuffix() && name.publicSuffix().parts().size() <= 2;
        } catch (IllegalArgumentException e) {
            known = false;
        }
        if (known) {
            KNOWN_TOP_LEVEL.add(top);
        }
        return known;
    }

    /**
     * The canonical form of a name that is already plain ASCII (letters, digits, inner hyphens, underscores below
     * the top two levels, a top-level label of the root zone), checked in one pass without regexes or IDNA; null
     * when anything needs the full path: a defanged or Unicode name, an xn-- label, a trailing dot, or a name to
     * refuse, whose reason the full path gives. Most names in feeds and imports are plain, and this is every
     * ingest's and lookup's most frequent check.
     */
    static String plainAscii(String s) {
        int n = s.length();
        if (n < 3 || n > MAX_LENGTH) {
            return null;
        }
        boolean upper = false;
        int labels = 0;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? s.charAt(i) : '.';
            if (c == '.') {
                int length = i - start;
                if (length == 0
                        || length > 63
                        || s.charAt(start) == '-'
                        || s.charAt(i - 1) == '-'
                        || s.startsWith("xn--", start)
                        || s.startsWith("XN--", start)
                        || s.startsWith("xN--", start)
                        || s.startsWith("Xn--", start)) {
                    return null;
                }
                labels++;
                start = i + 1;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return null;
            }
        }
        if (labels < 2) {
            return null;
        }
        String lower = upper ? s.toLowerCase(Locale.ROOT) : s;
        int top = lower.lastIndexOf('.') + 1;
        int second = lower.lastIndexOf('.', top - 2) + 1;
        if (lower.indexOf('_', second) >= 0 || n - top < 2) {
            return null;
        }
        for (int i = top; i < n; i++) {
            char c = lower.charAt(i);
            if (c < 'a' || c > 'z') {
                return null;
            }
        }
        return isTopLevel(lower.substring(top)) ? lower : null;
    }

    /** UTS #39 advice on each A-label: its skeleton is plain ASCII (confusable) or it mixes scripts. */
    static List<String> warnings(String ascii) {
        if (!ascii.contains("xn--")) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>(1);
        for (String label : ascii.split("\\.")) {
            if (!label.startsWith("xn--")) {
                continue;
            }
            StringBuilder unicodeOut = new StringBuilder();
            UTS46.labelToUnicode(label, unicodeOut, new IDNA.Info());
            String unicode = unicodeOut.toString();
            String skeleton = SPOOF.getSkeleton(unicode);
            if (isAsciiLdh(skeleton) && !skeleton.equals(unicode)) {
                warnings.add("confusable: label " + label + " (" + unicode + ") looks like '" + skeleton
                        + "' (UTS #39 skeleton); check it is not mistaken for that name");
            }
            SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
            if (SPOOF.failsChecks(unicode, result)) {
                warnings.add("mixed scripts: label " + label + " (" + unicode + ") mixes " + scripts(unicode)
                        + ", beyond UTS #39's highly restrictive level");
            }
        }
        return warnings;
    }

    private static String scripts(String s) {
        Set<String> names = new TreeSet<>();
        s.codePoints().forEach(c -> {
            int script = UScript.getScript(c);
            if (script != UScript.COMMON && script != UScript.INHERITED) {
                names.add(UScript.getName(script));
            }
        });
        return String.join(" and ", names);
    }

    private static boolean isAsciiLdh(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static void checkLabel(String label, boolean registryLevel) throws InvalidIndicatorException {
        if (label.length() > 63) {
            throw new InvalidIndicatorException(
                    "not a domain: label '" + label + "' has " + label.length() + " characters, above 63");
        }
        if (!LABEL.matcher(label).matches()) {
            throw new InvalidIndicatorException(
                    "not a domain: label '" + label + "' may hold only letters, digits and inner hyphens");
        }
        if (registryLevel && label.indexOf('_') >= 0) {
            throw new InvalidIndicatorException("not a domain: label '" + label
                    + "' has an underscore, which no registry allows in the top two levels");
        }
    }

    private static String reason(IDNA.Error error) {
        return switch (error) {
            case LABEL_TOO_LONG -> "a label is longer than 63 characters as an A-label";
            case DOMAIN_NAME_TOO_LONG -> "longer than 253 characters as A-labels";
            case LEADING_COMBINING_MARK -> "a label starts with a combining mark";
            case DISALLOWED -> "it holds a character that UTS #46 does not allow in domain names";
            case PUNYCODE, INVALID_ACE_LABEL -> "an xn-- label is not valid punycode for a valid name";
            case LABEL_HAS_DOT -> "a label holds a dot";
            case BIDI -> "it mixes right-to-left and left-to-right text in a way IDNA forbids (RFC 5893)";
            case CONTEXTJ, CONTEXTO_PUNCTUATION, CONTEXTO_DIGITS ->
                "it holds a joiner or punctuation character out of the context IDNA allows (RFC 5892)";
            default -> "the name is not valid IDNA (" + error.name().toLowerCase(Locale.ROOT) + ")";
        };
    }
}
