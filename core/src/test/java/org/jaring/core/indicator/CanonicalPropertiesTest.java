package org.jaring.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jaring.v1.IndicatorType;

/**
 * Properties of canonical form over generated values of every type, seeded so that a failure in CI is the same
 * failure on a laptop: the form is idempotent, never holds an invisible, format or bidi code point, every
 * equivalent spelling that docs/protocol.md section 4 lists maps to one key, and every refusal says why.
 */
class CanonicalPropertiesTest {
    private static final String SEED = "20261207";
    private static final Canonicalizer TH = new Canonicalizer("TH");
    private static final List<IndicatorType> TYPES = List.of(
            IndicatorType.INDICATOR_TYPE_UNSPECIFIED,
            IndicatorType.INDICATOR_TYPE_IPV4,
            IndicatorType.INDICATOR_TYPE_IPV6,
            IndicatorType.INDICATOR_TYPE_CIDR,
            IndicatorType.INDICATOR_TYPE_DOMAIN,
            IndicatorType.INDICATOR_TYPE_URL,
            IndicatorType.INDICATOR_TYPE_EMAIL,
            IndicatorType.INDICATOR_TYPE_PHONE,
            IndicatorType.INDICATOR_TYPE_IBAN,
            IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT,
            IndicatorType.INDICATOR_TYPE_WALLET,
            IndicatorType.INDICATOR_TYPE_MD5,
            IndicatorType.INDICATOR_TYPE_SHA1,
            IndicatorType.INDICATOR_TYPE_SHA256,
            IndicatorType.INDICATOR_TYPE_SHA512,
            IndicatorType.INDICATOR_TYPE_HANDLE);
    /** How a refusal begins: it names what the value is not, or what is wrong with it. */
    private static final List<String> REASON_STARTS =
            List.of("not a", "the value", "cannot tell", "the indicator type", "unknown", "too ");

    private static final String[] DOT_FORMS = {
        ".", "[.]", "(.)", "{.}", "[dot]", "(DOT)", "{dot}", " dot ", " [.] ", "\uff0e", "\u3002", "\uff61"
    };
    /** In a URL's host, the forms without white space (a space would end the URL in any text). */
    private static final String[] URL_DOT_FORMS = {".", "[.]", "(.)", "{.}", "[dot]", "\uff0e", "\u3002", "\uff61"};

    private static final String[] EDGE_SPACES = {"", " ", "\u00a0", "\u2007", "\u202f", "\u3000", "\t", "\ufeff"};
    private static final String[] TOP = {"com", "net", "org", "th", "co.th", "de", "xn--o3cw4h", "onion", "io"};
    private static final String[] UNICODE_LABELS = {"bücher", "faß", "ตัวอย่าง", "пример", "παράδειγμα", "日本"};
    private static final String[] INVISIBLE = {
        "\u200b",
        "\u200d",
        "\u00ad",
        "\u202e",
        "\u2066",
        "\ufe0f",
        "\u3164",
        "\u034f",
        "\ue000",
        "\ud82f\udca0",
        "\udb40\udc41",
        "\udb40\udd00",
        "\ud800",
        "\u0007",
        "\u2028",
        "\u0378"
    };

    // ---- every type: idempotent, visible, refusals with reasons ----

    @Property(seed = SEED, tries = 3000)
    void canonicalFormIsIdempotentAndVisibleOrRefusedWithAReason(
            @ForAll("typed") Tuple.Tuple2<IndicatorType, String> typed) {
        IndicatorType type = typed.get1();
        String raw = typed.get2();
        CanonicalValue value;
        try {
            value = TH.canonicalize(type, raw);
        } catch (InvalidIndicatorException e) {
            assertThat(e.getMessage()).as("refusal of %s as %s", raw, type).isNotBlank();
            assertThat(REASON_STARTS).as("reason '%s'", e.getMessage()).anyMatch(e.getMessage()::startsWith);
            assertThat(e.getStackTrace()).isEmpty();
            return;
        }
        assertThat(Characters.firstInvisible(value.value()))
                .as("%s -> %s", raw, value.value())
                .isNull();
        assertThat(Characters.trim(value.value())).isEqualTo(value.value());
        CanonicalValue again = canonicalizeOrFail(value.type(), value.value());
        assertThat(again.type()).isEqualTo(value.type());
        assertThat(again.value())
                .as("canonical form of %s is a fixed point", raw)
                .isEqualTo(value.value());
    }

    @Provide
    Arbitrary<Tuple.Tuple2<IndicatorType, String>> typed() {
        Arbitrary<String> values = Arbitraries.oneOf(
                domains(),
                urls(),
                emails(),
                ipv4s(),
                cidrs(),
                ibans(),
                phones(),
                hostile(),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40));
        return Combinators.combine(Arbitraries.of(TYPES), values).as(Tuple::of);
    }

    /** Plausible values with an invisible, format or control code point put somewhere inside. */
    private Arbitrary<String> hostile() {
        return Combinators.combine(
                        Arbitraries.oneOf(domains(), urls(), emails(), ibans()),
                        Arbitraries.of(INVISIBLE),
                        Arbitraries.integers().between(0, 1000))
                .as((v, bad, at) -> {
                    int i = Math.min(v.length(), 1 + at % Math.max(1, v.length()));
                    return v.substring(0, i) + bad + v.substring(i);
                });
    }

    @Property(seed = SEED, tries = 1000)
    void aValueWithAnInvisibleCodePointIsRefusedAsIs(@ForAll("hostileTyped") Tuple.Tuple2<IndicatorType, String> t) {
        String raw = t.get2();
        boolean invisibleInside = Characters.firstInvisible(Characters.trim(raw)) != null;
        if (!invisibleInside) {
            return; // the invisible code point sat at an edge and was trimmed (U+FEFF, U+200B)
        }
        try {
            CanonicalValue v = TH.canonicalize(t.get1(), raw);
            throw new AssertionError("accepted " + raw + " as " + v);
        } catch (InvalidIndicatorException e) {
            assertThat(e.getMessage()).containsPattern("U\\+[0-9A-F]{4,6}");
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple2<IndicatorType, String>> hostileTyped() {
        return Combinators.combine(Arbitraries.of(TYPES), hostile()).as(Tuple::of);
    }

    // ---- equivalent spellings listed in the spec give one key ----

    @Property(seed = SEED, tries = 1000)
    void everySpellingOfADomainIsOneKey(@ForAll("domains") String name, @ForAll Random random)
            throws InvalidIndicatorException {
        CanonicalValue key = TH.canonicalize(IndicatorType.INDICATOR_TYPE_DOMAIN, name);
        String spelled = respellDomain(name, random);
        assertThat(TH.canonicalize(IndicatorType.INDICATOR_TYPE_DOMAIN, spelled).value())
                .as("%s spelled %s", name, spelled)
                .isEqualTo(key.value());
        assertThat(TH.canonicalize(IndicatorType.INDICATOR_TYPE_UNSPECIFIED, spelled))
                .as("detected: %s", spelled)
                .isEqualTo(key);
    }

    @Property(seed = SEED, tries = 1000)
    void everySpellingOfAUrlIsOneKey(@ForAll("urls") String url, @ForAll Random random)
            throws InvalidIndicatorException {
        CanonicalValue key = TH.canonicalize(IndicatorType.INDICATOR_TYPE_URL, url);
        String spelled = respellUrl(url, random);
        assertThat(TH.canonicalize(IndicatorType.INDICATOR_TYPE_URL, spelled).value())
                .as("%s spelled %s", url, spelled)
                .isEqualTo(key.value());
    }

    @Property(seed = SEED, tries = 500)
    void everyHostPartOfANetworkIsOneKey(
            @ForAll("ipv4s") String address, @ForAll("prefixes") int prefix, @ForAll Random random)
            throws InvalidIndicatorException {
        CanonicalValue network = TH.canonicalize(IndicatorType.INDICATOR_TYPE_CIDR, address + "/" + prefix);
        String[] octets =
                network.value().substring(0, network.value().indexOf('/')).split("\\.");
        long base = 0;
        for (String o : octets) {
            base = (base << 8) | Integer.parseInt(o);
        }
        long hostBits = prefix == 32 ? 0 : random.nextLong() & ((1L << (32 - prefix)) - 1);
        long other = base | hostBits;
        String spelled = String.format(
                        Locale.ROOT,
                        "%03d.%d.%d.%d",
                        (other >>> 24) & 255,
                        (other >>> 16) & 255,
                        (other >>> 8) & 255,
                        other & 255)
                .replace(".", random.nextBoolean() ? "." : "[.]");
        CanonicalValue masked = TH.canonicalize(IndicatorType.INDICATOR_TYPE_UNSPECIFIED, spelled + "/" + prefix);
        assertThat(masked).isEqualTo(network);
        assertThat(masked.warnings().isEmpty()).isEqualTo(hostBits == 0);
    }

    @Property(seed = SEED, tries = 500)
    void everySpellingOfAnIbanIsOneKey(@ForAll("ibans") String iban, @ForAll Random random)
            throws InvalidIndicatorException {
        String compact = iban.replace(" ", "");
        StringBuilder spelled = new StringBuilder(random.nextBoolean() ? "IBAN " : "");
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            spelled.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
            if (random.nextInt(4) == 0) {
                spelled.append(random.nextBoolean() ? " " : random.nextBoolean() ? "-" : "\u00a0");
            }
        }
        assertThat(TH.canonicalize(IndicatorType.INDICATOR_TYPE_IBAN, spelled.toString())
                        .value())
                .isEqualTo(compact);
    }

    @Property(seed = SEED, tries = 500)
    void everySpellingOfAPhoneIsOneKey(@ForAll("phones") String phone, @ForAll Random random)
            throws InvalidIndicatorException {
        CanonicalValue key = TH.canonicalize(IndicatorType.INDICATOR_TYPE_PHONE, phone);
        String digits = key.value().substring(1);
        StringBuilder spelled = new StringBuilder(random.nextBoolean() ? "+" : "tel:+");
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            spelled.append(c);
            if (random.nextInt(3) == 0) {
                spelled.append(" -.\u00a0".charAt(random.nextInt(4)));
            }
        }
        assertThat(TH.canonicalize(IndicatorType.INDICATOR_TYPE_PHONE, spelled.toString()))
                .isEqualTo(key);
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> domains() {
        Arbitrary<String> ascii = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
                .ofMinLength(1)
                .ofMaxLength(15);
        Arbitrary<String> label = Arbitraries.frequencyOf(
                Tuple.of(5, ascii), Tuple.of(1, Arbitraries.of(UNICODE_LABELS)), Tuple.of(1, ascii.map(a -> a + "-x")));
        return Combinators.combine(label.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(TOP))
                .as((labels, top) -> String.join(".", labels) + "." + top);
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> segment = Arbitraries.strings()
                .withChars("abcXYZ019-._~!$&'()*+,;=:@ä")
                .ofMaxLength(8)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        Arbitrary<String> query = Arbitraries.strings()
                .withChars("abc019-._~=&+/?ä")
                .ofMaxLength(10)
                .map(q -> q.isEmpty() ? "" : "?" + q);
        return Combinators.combine(
                        Arbitraries.of("http", "https", "ftp"),
                        domains(),
                        segment.list().ofMaxSize(4),
                        query)
                .as((scheme, host, segments, q) -> scheme + "://" + host + "/" + String.join("/", segments) + q);
    }

    @Provide
    Arbitrary<String> emails() {
        return Combinators.combine(
                        Arbitraries.strings()
                                .withChars("abcXYZ019.+_-ü")
                                .ofMinLength(1)
                                .ofMaxLength(12),
                        domains())
                .as((local, domain) -> local + "@" + domain);
    }

    @Provide
    Arbitrary<String> ipv4s() {
        return Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofSize(4)
                .map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3));
    }

    @Provide
    Arbitrary<Integer> prefixes() {
        return Arbitraries.integers().between(0, 32);
    }

    private Arbitrary<String> cidrs() {
        return Combinators.combine(ipv4s(), prefixes()).as((a, p) -> a + "/" + p);
    }

    @Provide
    Arbitrary<String> ibans() {
        return Arbitraries.of(
                "GB82 WEST 1234 5698 7654 32",
                "DE89 3704 0044 0532 0130 00",
                "FR14 2004 1010 0505 0001 3M02 606",
                "NO93 8601 1117 947",
                "GB02 WEST 1234 5698 7655 14",
                "GB98 WEST 1234 5698 7654 35");
    }

    @Provide
    Arbitrary<String> phones() {
        return Combinators.combine(
                        Arbitraries.of("+66 8", "+66 2", "+60 12", "+33 6", "+1 415", "081", "02"),
                        Arbitraries.strings().numeric().ofLength(7))
                .as((head, tail) -> head + " " + tail)
                .filter(p -> {
                    try {
                        TH.canonicalize(IndicatorType.INDICATOR_TYPE_PHONE, p);
                        return true;
                    } catch (InvalidIndicatorException e) {
                        return false;
                    }
                });
    }

    // ---- respelling, as docs/protocol.md section 4 lists equivalent forms ----

    /** Case of ASCII letters, any defanged dot form, a root dot, Unicode white space at the edges. */
    static String respellDomain(String name, Random random) {
        return EDGE_SPACES[random.nextInt(EDGE_SPACES.length)]
                + respellHost(name, random, DOT_FORMS)
                + EDGE_SPACES[random.nextInt(EDGE_SPACES.length)];
    }

    /** Case of ASCII letters, the given dot forms, sometimes a root dot. */
    static String respellHost(String name, Random random, String[] dots) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                out.append(dots[random.nextInt(dots.length)]);
            } else if (c < 128 && random.nextBoolean()) {
                out.append(Character.toUpperCase(c));
            } else {
                out.append(c);
            }
        }
        if (random.nextInt(4) == 0) {
            out.append('.');
        }
        return out.toString();
    }

    /**
     * Scheme and host case, defanged scheme and dots, default port, percent-encoded unreserved characters in
     * either hex case, non-ASCII written raw or as UTF-8 escapes, "./" and "x/../" segments, backslashes for
     * slashes in the path, a fragment.
     */
    static String respellUrl(String url, Random random) {
        int hostStart = url.indexOf("://") + 3;
        int pathStart = url.indexOf('/', hostStart);
        String scheme = url.substring(0, hostStart - 3);
        String host = url.substring(hostStart, pathStart);
        String rest = url.substring(pathStart);
        StringBuilder out = new StringBuilder();
        if (scheme.equals("http") && random.nextBoolean()) {
            out.append(random.nextBoolean() ? "hxxp" : "HTTP");
        } else {
            out.append(random.nextBoolean() ? scheme.toUpperCase(Locale.ROOT) : scheme);
        }
        out.append(random.nextInt(3) == 0 ? "[://]" : "://");
        out.append(respellHost(host, random, URL_DOT_FORMS));
        if (random.nextInt(3) == 0) {
            out.append(scheme.equals("https") ? ":443" : scheme.equals("ftp") ? ":21" : ":80");
        }
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        String q = query < 0 ? "" : rest.substring(query);
        List<String> segments = new ArrayList<>(List.of(path.substring(1).split("/", -1)));
        StringBuilder p = new StringBuilder();
        for (String segment : segments) {
            String slash = scheme.equals("ftp") || random.nextInt(4) != 0 ? "/" : "\\";
            if (random.nextInt(5) == 0) {
                p.append(slash).append(random.nextBoolean() ? "." : "%2e");
            }
            if (random.nextInt(5) == 0) {
                p.append(slash).append("zz").append(slash).append(random.nextBoolean() ? ".." : "%2E%2e");
            }
            p.append(slash).append(respellComponent(segment, random));
        }
        out.append(p).append(respellComponent(q, random));
        if (random.nextInt(4) == 0) {
            out.append("#frag");
        }
        return out.toString();
    }

    private static String respellComponent(String s, Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~".indexOf(c) >= 0;
            if (c == 'ä' && random.nextBoolean()) {
                out.append(random.nextBoolean() ? "%C3%A4" : "%c3%a4");
            } else if (unreserved && random.nextInt(3) == 0) {
                String hex = String.format(Locale.ROOT, "%02X", (int) c);
                out.append('%').append(random.nextBoolean() ? hex : hex.toLowerCase(Locale.ROOT));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static CanonicalValue canonicalizeOrFail(IndicatorType type, String value) {
        try {
            return TH.canonicalize(type, value);
        } catch (InvalidIndicatorException e) {
            throw new AssertionError("the canonical value " + value + " is refused as " + type + ": " + e.getMessage());
        }
    }
}
