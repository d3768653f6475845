package org.jaring.core.indicator;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;
import java.util.Set;
import org.jaring.v1.IndicatorType;

/**
 * Turns any accepted spelling of an indicator into its one canonical form, or refuses it with a reason.
 * Immutable and thread-safe.
 *
 * <p>Every value is first stripped of surrounding Unicode white space (no-break spaces included); empty values,
 * over-long values and values holding an invisible, format, bidi or control code point (judged per code point, see
 * {@link Characters}; they make two keys look like one on screen) are refused before any type-specific parsing.
 * The rules are specified in docs/protocol.md section 4, whose table of examples a test checks against this code.
 *
 * <p>With type UNSPECIFIED the type is recognised from the value ({@link #detect}), in this fixed order; the first
 * shape that matches decides the type, and that type's validator then accepts or refuses the value (so a Bitcoin
 * address with a typo is refused for its checksum, not as "unknown"):
 *
 * <ol>
 *   <li>CIDR: an IP address, '/', a number;
 *   <li>IPv4: four groups of 1 to 3 digits (defanged dots allowed);
 *   <li>IPv6: hex groups with "::" or at least six ':' (optionally in brackets);
 *   <li>hash by length: 32, 40, 64 or 128 hex digits are MD5, SHA-1, SHA-256, SHA-512 (40 hex digits without 0x
 *       are SHA-1, never an Ethereum address);
 *   <li>URL: a scheme, fanged or defanged (http, hxxps[:]//, ...);
 *   <li>e-mail: "mailto:" or something@something without ':' or '/' ("[@]" and "[at]" count);
 *   <li>prefixed forms: a known handle platform ("telegram:") is a handle, a known chain or wallet URI scheme
 *       ("BTC:", "bitcoin:", "ethereum:") or any other chain symbol before a generic address ("NEO:A...") a
 *       wallet, an ISO country with two ':' ("TH:004:123") a bank account;
 *   <li>bare wallet addresses (letters and digits only): 0x + 40 hex, bc1/ltc1, Base58 addresses starting 1, 3, T,
 *       L, M, D, Monero 4/8;
 *   <li>IBAN: country that issues IBANs, two digits, 8 to 32 letters or digits (spaces allowed);
 *   <li>phone: "tel:", or a leading '+' or '0' and only digits and separators, and a valid number (isValidNumber)
 *       in the region; bare digit strings are dates, IDs and passwords too often to be guessed as phones;
 *   <li>domain: anything else with a dot (defanged dots count) and no '/';
 *   <li>URL without scheme: a dotted host followed by '/' (http is assumed).
 * </ol>
 * Handles and bank accounts are therefore only recognised with their prefix; anything else is refused as
 * unrecognised, with the advice to give the type.
 */
public final class Canonicalizer {
    /**
     * The version of the canonical rules this code applies (docs/protocol.md 4.15). A store records the version its
     * keys were made with and is re-keyed when it is older. Version 1 used IDNA2003, kept URL paths byte for byte,
     * refused CIDR host bits and judged characters by UTF-16 unit.
     */
    public static final int RULES_VERSION = 2;

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static final int MAX_LENGTH_DEFAULT = 512;

    private final String defaultRegion;
    private final Phones phones;

    /**
     * @param defaultRegion the node's country as ISO 3166-1 alpha-2 (e.g. "TH"); national phone numbers are read
     *     as numbers of this country
     */
    public Canonicalizer(String defaultRegion) {
        if (defaultRegion == null || !defaultRegion.matches("[A-Z]{2}") || !ISO_COUNTRIES.contains(defaultRegion)) {
            throw new IllegalArgumentException("default region '" + defaultRegion
                    + "' is not an upper-case ISO 3166-1 alpha-2 country code such as TH or MY");
        }
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException(
                    "default region '" + defaultRegion + "' has no telephone numbering plan");
        }
        this.defaultRegion = defaultRegion;
        this.phones = new Phones(defaultRegion);
    }

    /**
     * A canonicalizer that reads national phone numbers as numbers of {@code region}, for a list from another
     * country (an import's {@code --region}); everything else is as for the node's own. Cheap: build one per list.
     *
     * @throws IllegalArgumentException when region is not an ISO 3166-1 alpha-2 country with a numbering plan
     */
    public static Canonicalizer forRegion(String region) {
        return new Canonicalizer(region);
    }

    /**
     * True when raw, read as a phone number, has no country code ("+" or "00"), so its canonical form depends on
     * the region it is read in: an import should then ask for the list's region rather than assume the node's.
     */
    public static boolean phoneNeedsRegion(String raw) {
        return raw != null && Phones.isNational(Characters.trim(raw));
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /**
     * The canonical form of raw as the given type, or of the detected type when type is UNSPECIFIED. The type of
     * the result can differ from the one asked for: ::ffff:1.2.3.4 asked as IPV6 is the IPV4 value 1.2.3.4.
     */
    public CanonicalValue canonicalize(IndicatorType type, String raw) throws InvalidIndicatorException {
        if (type == null || type == IndicatorType.UNRECOGNIZED) {
            throw new InvalidIndicatorException("the indicator type is missing or unknown");
        }
        String s = clean(raw, maxLength(type));
        IndicatorType concrete = type == IndicatorType.INDICATOR_TYPE_UNSPECIFIED ? detectClean(s) : type;
        return switch (concrete) {
            case INDICATOR_TYPE_IPV4 -> IpAddresses.ipv4(s);
            case INDICATOR_TYPE_IPV6 -> IpAddresses.ipv6(s);
            case INDICATOR_TYPE_CIDR -> IpAddresses.cidr(s);
            case INDICATOR_TYPE_DOMAIN -> Domains.value(s);
            case INDICATOR_TYPE_URL -> Urls.value(s);
            case INDICATOR_TYPE_EMAIL -> Emails.value(s);
            case INDICATOR_TYPE_PHONE -> of(concrete, phones.canonical(s));
            case INDICATOR_TYPE_IBAN -> of(concrete, BankAccounts.iban(s));
            case INDICATOR_TYPE_BANK_ACCOUNT -> of(concrete, BankAccounts.other(s));
            case INDICATOR_TYPE_WALLET -> of(concrete, Wallets.canonical(s));
            case INDICATOR_TYPE_MD5, INDICATOR_TYPE_SHA1, INDICATOR_TYPE_SHA256, INDICATOR_TYPE_SHA512 ->
                of(concrete, Hashes.canonical(concrete, s));
            case INDICATOR_TYPE_HANDLE -> of(concrete, Handles.canonical(s, phones));
            case INDICATOR_TYPE_UNSPECIFIED, UNRECOGNIZED ->
                throw new IllegalStateException("detection returned " + concrete);
        };
    }

    /**
     * The type whose validator {@link #canonicalize} applies to a value given without type; see the class
     * comment for the order. Recognising a type does not mean the value is valid.
     */
    public IndicatorType detect(String raw) throws InvalidIndicatorException {
        return detectClean(clean(raw, Urls.MAX_LENGTH));
    }

    private IndicatorType detectClean(String s) throws InvalidIndicatorException {
        if (IpAddresses.looksLikeCidr(s)) {
            return IndicatorType.INDICATOR_TYPE_CIDR;
        }
        if (IpAddresses.looksLikeIpv4(s)) {
            return IndicatorType.INDICATOR_TYPE_IPV4;
        }
        if (IpAddresses.looksLikeIpv6(s)) {
            return IndicatorType.INDICATOR_TYPE_IPV6;
        }
        IndicatorType hash = Hashes.typeByLength(s);
        if (hash != null) {
            return hash;
        }
        if (Urls.hasScheme(s)) {
            return IndicatorType.INDICATOR_TYPE_URL;
        }
        if (Emails.looksLikeEmail(s)) {
            return IndicatorType.INDICATOR_TYPE_EMAIL;
        }
        if (Handles.hasKnownPlatformPrefix(s)) {
            return IndicatorType.INDICATOR_TYPE_HANDLE;
        }
        if (Wallets.hasKnownChainPrefix(s)) {
            return IndicatorType.INDICATOR_TYPE_WALLET;
        }
        if (looksLikeBankAccount(s)) {
            return IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT;
        }
        if (Wallets.looksLikeBareAddress(s)) {
            return IndicatorType.INDICATOR_TYPE_WALLET;
        }
        if (BankAccounts.looksLikeIban(s)) {
            return IndicatorType.INDICATOR_TYPE_IBAN;
        }
        if (phones.looksLikePhone(s)) {
            return IndicatorType.INDICATOR_TYPE_PHONE;
        }
        int slash = s.indexOf('/');
        if (slash < 0 && Defanging.dots(s).indexOf('.') > 0) {
            return IndicatorType.INDICATOR_TYPE_DOMAIN;
        }
        if (slash > 0 && Defanging.dots(s.substring(0, slash)).indexOf('.') > 0) {
            return IndicatorType.INDICATOR_TYPE_URL;
        }
        throw new InvalidIndicatorException("cannot tell what kind of indicator this is; give its type (one of "
                + String.join(", ", IndicatorTypeNames.all().keySet()) + ")");
    }

    private static boolean looksLikeBankAccount(String s) {
        String[] parts = s.split(":", -1);
        return parts.length == 3 && ISO_COUNTRIES.contains(parts[0].strip().toUpperCase(Locale.ROOT));
    }

    private static String clean(String raw, int maxLength) throws InvalidIndicatorException {
        if (raw == null) {
            throw new InvalidIndicatorException("the value is missing");
        }
        String s = Characters.trim(raw);
        if (s.isEmpty()) {
            throw new InvalidIndicatorException("the value is empty");
        }
        if (s.length() > maxLength) {
            throw new InvalidIndicatorException(
                    "the value has " + s.length() + " characters, above the limit of " + maxLength + " for this type");
        }
        String invisible = Characters.firstInvisible(s);
        if (invisible != null) {
            throw new InvalidIndicatorException(invisible);
        }
        return s;
    }

    private static int maxLength(IndicatorType type) {
        return switch (type) {
            case INDICATOR_TYPE_URL, INDICATOR_TYPE_UNSPECIFIED -> Urls.MAX_LENGTH;
            case INDICATOR_TYPE_IPV4,
                    INDICATOR_TYPE_IPV6,
                    INDICATOR_TYPE_CIDR,
                    INDICATOR_TYPE_PHONE,
                    INDICATOR_TYPE_IBAN -> 128;
            case INDICATOR_TYPE_MD5,
                    INDICATOR_TYPE_SHA1,
                    INDICATOR_TYPE_SHA256,
                    INDICATOR_TYPE_SHA512,
                    INDICATOR_TYPE_BANK_ACCOUNT,
                    INDICATOR_TYPE_HANDLE -> 256;
            default -> MAX_LENGTH_DEFAULT;
        };
    }

    private static CanonicalValue of(IndicatorType type, String value) {
        return new CanonicalValue(type, value);
    }
}
