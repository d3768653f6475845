package org.jaring.cli.demo.data;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.core.indicator.Base58Check;
import org.jaring.core.indicator.Bech32;
import org.jaring.core.indicator.Eip55;
import org.jaring.core.indicator.IbanCountries;
import org.jaring.v1.IndicatorType;

/**
 * Reproducible, valid raw spellings of every indicator type for demos, load tests and fuzzing the canonicalizer:
 * the same seed always gives the same sequence. Values are often deliberately non-canonical (upper case, spaced,
 * defanged, national phone format), because that is what real input looks like. Not thread-safe.
 */
public final class SampleValues {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Map<String, String[]> SUFFIXES = Map.of(
            "TH",
            new String[] {"co.th", "in.th", "or.th", "th"},
            "MY",
            new String[] {"com.my", "my"},
            "SG",
            new String[] {"com.sg", "sg"},
            "ID",
            new String[] {"co.id", "id", "web.id"},
            "PH",
            new String[] {"com.ph", "ph"},
            "VN",
            new String[] {"com.vn", "vn"},
            "KH",
            new String[] {"com.kh", "kh"},
            "LA",
            new String[] {"la", "com.la"},
            "MM",
            new String[] {"com.mm", "mm"},
            "BN",
            new String[] {"com.bn", "bn"});
    private static final String[] GENERIC_SUFFIXES = {"com", "net", "org", "top", "xyz", "shop", "online"};
    private static final String[] WORDS = {
        "secure", "login", "bank", "verify", "support", "invest", "crypto", "wallet", "gift", "promo", "account",
        "update", "help", "shop", "lucky", "profit", "trade", "loan", "parcel", "post"
    };
    private static final String[] INTERNATIONAL_LABELS = {"ธนาคาร", "ตัวอย่าง", "bücher", "ngân-hàng", "bank-ไทย"};
    private static final String[] PLATFORMS = {
        "telegram",
        "tg",
        "Telegram",
        "line",
        "facebook",
        "instagram",
        "x",
        "twitter",
        "tiktok",
        "discord",
        "signal",
        "skype",
        "wechat",
        "zalo",
        "whatsapp"
    };
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern STRUCTURE_PART = Pattern.compile("([0-9]+)!([nac])");

    private final Random random;

    public SampleValues(long seed) {
        this.random = new Random(seed);
    }

    /**
     * A valid raw value of the type, shaped by country (ISO alpha-2, e.g. TH, MY, SG) where the type has a
     * national flavour: phones, domains, IBANs and bank accounts.
     */
    public String next(IndicatorType type, String country) {
        String cc = country == null ? "TH" : country.toUpperCase(Locale.ROOT);
        return switch (type) {
            case INDICATOR_TYPE_IPV4 -> ipv4();
            case INDICATOR_TYPE_IPV6 -> ipv6();
            case INDICATOR_TYPE_CIDR -> cidr();
            case INDICATOR_TYPE_DOMAIN -> domain(cc);
            case INDICATOR_TYPE_URL -> url(cc);
            case INDICATOR_TYPE_EMAIL -> email(cc);
            case INDICATOR_TYPE_PHONE -> phone(cc);
            case INDICATOR_TYPE_IBAN -> iban(cc);
            case INDICATOR_TYPE_BANK_ACCOUNT -> bankAccount(cc);
            case INDICATOR_TYPE_WALLET -> wallet();
            case INDICATOR_TYPE_MD5 -> hash(16);
            case INDICATOR_TYPE_SHA1 -> hash(20);
            case INDICATOR_TYPE_SHA256 -> hash(32);
            case INDICATOR_TYPE_SHA512 -> hash(64);
            case INDICATOR_TYPE_HANDLE -> handle(cc);
            case INDICATOR_TYPE_UNSPECIFIED, UNRECOGNIZED ->
                throw new IllegalArgumentException("a sample needs a concrete type, not " + type);
        };
    }

    private String ipv4() {
        int[] o = {1 + random.nextInt(223), random.nextInt(256), random.nextInt(256), random.nextInt(256)};
        // Zero-padded octets appear in firewall logs; they must read as decimal.
        String format = random.nextInt(5) == 0 ? "%03d.%03d.%03d.%03d" : "%d.%d.%d.%d";
        String ip = String.format(Locale.ROOT, format, o[0], o[1], o[2], o[3]);
        return random.nextInt(8) == 0 ? ip.replace(".", "[.]") : ip;
    }

    private String ipv6() {
        int[] g = new int[8];
        g[0] = 0x2000 + random.nextInt(0x1000);
        for (int i = 1; i < 8; i++) {
            g[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(0x10000);
        }
        StringBuilder out = new StringBuilder();
        boolean expanded = random.nextBoolean();
        for (int i = 0; i < 8; i++) {
            out.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, expanded ? "%04x" : "%x", g[i]));
        }
        return random.nextInt(4) == 0 ? out.toString().toUpperCase(Locale.ROOT) : out.toString();
    }

    private String cidr() {
        if (random.nextBoolean()) {
            int prefix = 8 + random.nextInt(25);
            long address = (random.nextLong() & 0xffffffffL) | 0x01000000L;
            long network = address & ((0xffffffffL << (32 - prefix)) & 0xffffffffL);
            return ((network >>> 24) & 255) + "." + ((network >>> 16) & 255) + "." + ((network >>> 8) & 255) + "."
                    + (network & 255) + "/" + prefix;
        }
        int prefix = 16 + 4 * random.nextInt(28);
        int[] g = new int[8];
        g[0] = 0x2000 + random.nextInt(0x1000);
        for (int i = 1; i < 8; i++) {
            int keep = Math.max(0, Math.min(16, prefix - 16 * i));
            g[i] = random.nextInt(0x10000) & (0xffff << (16 - keep)) & 0xffff;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            out.append(i == 0 ? "" : ":").append(Integer.toHexString(g[i]));
        }
        return out + "/" + prefix;
    }

    private String domain(String cc) {
        String[] suffixes = SUFFIXES.getOrDefault(cc, GENERIC_SUFFIXES);
        String suffix = random.nextInt(4) == 0 ? pick(GENERIC_SUFFIXES) : pick(suffixes);
        String name = random.nextInt(10) == 0
                ? pick(INTERNATIONAL_LABELS)
                : pick(WORDS)
                        + (random.nextBoolean() ? "-" : "")
                        + pick(WORDS)
                        + (random.nextInt(3) == 0 ? random.nextInt(100) : "");
        String host = (random.nextInt(3) == 0 ? pick(WORDS) + "." : "") + name + "." + suffix;
        return switch (random.nextInt(6)) {
            case 0 -> host.toUpperCase(Locale.ROOT);
            case 1 -> host + ".";
            case 2 -> host.replace(".", "[.]");
            default -> host;
        };
    }

    private String url(String cc) {
        String scheme = pick(new String[] {"http", "https", "https", "hxxp", "hxxps", "HTTPS"});
        String host = domain(cc).replace("[.]", ".");
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (random.nextInt(8) == 0) {
            // Without the log-style zero padding: in a URL a leading zero makes an octet octal (WHATWG URL), which
            // is another address or none, and browsers and proxies write URL hosts in plain decimal.
            host = ipv4().replace("[.]", ".").replaceAll("(?<=^|\\.)0+(?=[0-9])", "");
        }
        String port = switch (random.nextInt(6)) {
            case 0 -> scheme.toLowerCase(Locale.ROOT).endsWith("s") ? ":443" : ":80";
            case 1 -> ":" + (1024 + random.nextInt(60000));
            default -> "";
        };
        String path = random.nextInt(5) == 0
                ? ""
                : "/" + pick(WORDS) + (random.nextBoolean() ? "/" + pick(WORDS) + ".php" : "");
        String query = random.nextInt(3) == 0 ? "?id=" + random.nextInt(100000) + "&ref=" + word(6) : "";
        String fragment = random.nextInt(6) == 0 ? "#" + word(4) : "";
        return scheme + "://" + host + port + path + query + fragment;
    }

    private String email(String cc) {
        String local = pick(WORDS)
                + (random.nextBoolean() ? "." : "")
                + word(3 + random.nextInt(6))
                + (random.nextInt(3) == 0 ? random.nextInt(1000) : "");
        if (random.nextInt(4) == 0) {
            local = Character.toUpperCase(local.charAt(0)) + local.substring(1);
        }
        String domain = domain(cc);
        return local + (random.nextInt(6) == 0 ? "[@]" : "@") + domain;
    }

    /** A valid number of the region: the library's example with random final digits, checked with isValidNumber. */
    private String phone(String cc) {
        String region = PHONES.getSupportedRegions().contains(cc) ? cc : "TH";
        PhoneNumberType kind = random.nextInt(4) == 0 ? PhoneNumberType.FIXED_LINE : PhoneNumberType.MOBILE;
        PhoneNumber example = PHONES.getExampleNumberForType(region, kind);
        if (example == null) {
            example = PHONES.getExampleNumber(region);
        }
        PhoneNumber number = example;
        String nsn = Long.toString(example.getNationalNumber());
        for (int attempt = 0; attempt < 20; attempt++) {
            int tail = Math.min(4, nsn.length() - 2);
            StringBuilder candidate = new StringBuilder(nsn.substring(0, nsn.length() - tail));
            for (int i = 0; i < tail; i++) {
                candidate.append(random.nextInt(10));
            }
            PhoneNumber trial = new PhoneNumber()
                    .setCountryCode(example.getCountryCode())
                    .setNationalNumber(Long.parseLong(candidate.toString()));
            if (PHONES.isValidNumber(trial)) {
                number = trial;
                break;
            }
        }
        return switch (random.nextInt(4)) {
            case 0 -> PHONES.format(number, PhoneNumberFormat.E164);
            case 1 -> PHONES.format(number, PhoneNumberFormat.INTERNATIONAL);
            default ->
                region.equals(cc)
                        ? PHONES.format(number, PhoneNumberFormat.NATIONAL)
                        : PHONES.format(number, PhoneNumberFormat.INTERNATIONAL);
        };
    }

    /** South-East Asian states issue no IBANs, so their samples use a random IBAN country instead. */
    private String iban(String cc) {
        IbanCountries.Format format = IbanCountries.of(cc);
        if (format == null) {
            List<IbanCountries.Format> all = new ArrayList<>(IbanCountries.all().values());
            format = all.get(random.nextInt(all.size()));
        }
        StringBuilder bban = new StringBuilder();
        Matcher m = STRUCTURE_PART.matcher(format.bbanStructure());
        while (m.find()) {
            int count = Integer.parseInt(m.group(1));
            for (int i = 0; i < count; i++) {
                bban.append(
                        switch (m.group(2)) {
                            case "n" -> (char) ('0' + random.nextInt(10));
                            case "a" -> (char) ('A' + random.nextInt(26));
                            default ->
                                random.nextInt(3) == 0
                                        ? (char) ('A' + random.nextInt(26))
                                        : (char) ('0' + random.nextInt(10));
                        });
            }
        }
        String iban = format.country() + IbanCountries.checkDigits(format.country(), bban.toString()) + bban;
        return switch (random.nextInt(3)) {
            case 0 -> iban.replaceAll("(.{4})", "$1 ").strip();
            case 1 -> iban.toLowerCase(Locale.ROOT);
            default -> iban;
        };
    }

    private String bankAccount(String cc) {
        String bank = String.format(Locale.ROOT, "%03d", random.nextInt(1000));
        String number = digits(10);
        String spelled = random.nextBoolean()
                ? number.substring(0, 3) + "-" + number.charAt(3) + "-" + number.substring(4, 9) + "-"
                        + number.charAt(9)
                : number;
        return (random.nextInt(4) == 0 ? cc.toLowerCase(Locale.ROOT) : cc) + ":" + bank + ":" + spelled;
    }

    private String wallet() {
        byte[] hash20 = bytes(20);
        return switch (random.nextInt(9)) {
            case 0 -> Base58Check.encode(prefixed(0x00, hash20));
            case 1 -> "bitcoin:" + Base58Check.encode(prefixed(0x05, hash20)) + "?amount=" + random.nextInt(10);
            case 2 -> Bech32.encodeSegwit("bc", 0, random.nextBoolean() ? hash20 : bytes(32));
            case 3 -> Bech32.encodeSegwit("bc", 1, bytes(32)).toUpperCase(Locale.ROOT);
            case 4 -> {
                String checksummed = Eip55.checksum(HexFormat.of().formatHex(hash20));
                yield random.nextBoolean() ? checksummed : checksummed.toLowerCase(Locale.ROOT);
            }
            case 5 -> Base58Check.encode(prefixed(0x41, hash20));
            case 6 ->
                random.nextBoolean()
                        ? Base58Check.encode(prefixed(0x30, hash20))
                        : Bech32.encodeSegwit("ltc", 0, hash20);
            case 7 -> Base58Check.encode(prefixed(0x1e, hash20));
            default -> "XMR:4" + base58Word(94);
        };
    }

    private String hash(int bytes) {
        String hex = HexFormat.of().formatHex(bytes(bytes));
        return random.nextInt(3) == 0 ? hex.toUpperCase(Locale.ROOT) : hex;
    }

    private String handle(String cc) {
        String platform = pick(PLATFORMS);
        String lower = platform.toLowerCase(Locale.ROOT);
        if (lower.equals("whatsapp") || lower.equals("zalo")) {
            return platform + ":" + phone(cc);
        }
        String name = pick(WORDS) + "_" + word(3 + random.nextInt(6)) + random.nextInt(100);
        if (random.nextBoolean()) {
            name = name.toUpperCase(Locale.ROOT);
        }
        return platform + ":" + (random.nextBoolean() ? "@" : "") + name;
    }

    private static byte[] prefixed(int version, byte[] hash) {
        byte[] out = new byte[hash.length + 1];
        out[0] = (byte) version;
        System.arraycopy(hash, 0, out, 1, hash.length);
        return out;
    }

    private byte[] bytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    private String digits(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(random.nextInt(10));
        }
        return out.toString();
    }

    private String word(int n) {
        StringBuilder out = new StringBuilder();
        out.append(LOWER.charAt(random.nextInt(LOWER.length())));
        for (int i = 1; i < n; i++) {
            out.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return out.toString();
    }

    private String base58Word(int n) {
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
