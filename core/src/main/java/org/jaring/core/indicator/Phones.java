package org.jaring.core.indicator;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.regex.Pattern;

/**
 * Phone numbers in E.164, national spellings read in the given region (the node's own country unless the caller,
 * such as an import of another country's list, names one).
 *
 * <p>The test is "possible" (right length for the country), not "valid" (inside a range libphonenumber knows to
 * be allocated): fraud runs on freshly opened ranges, and a library release behind the regulator must not make a
 * real number unstorable. Letters (vanity numbers) and extensions are refused: E.164 has neither, and dropping an
 * extension would merge a switchboard with every desk behind it.
 */
final class Phones {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern PHONE_CHARS = Pattern.compile("\\+?[0-9 ().\\-/\u00a0]+");
    private static final Pattern DETECTABLE = Pattern.compile("\\(?(\\+|0)[0-9 ().\\-/\u00a0]{5,}");

    private final String defaultRegion;

    Phones(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /**
     * For detection: an international ("+...") or national-with-trunk-prefix ("0...") spelling, or "tel:", that is
     * a valid (not merely possible) number of this region or of the country its "+" names. Bare digit strings are
     * never detected as phones: lists are full of dates, IDs, amounts and passwords ("22222222", "25082022") that
     * are also valid numbers somewhere. Give the type to store such a value as a phone.
     */
    boolean looksLikePhone(String s) {
        if (s.regionMatches(true, 0, "tel:", 0, 4)) {
            return true;
        }
        if (!DETECTABLE.matcher(s).matches()) {
            return false;
        }
        try {
            return UTIL.isValidNumber(UTIL.parse(s, defaultRegion));
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** True when the value is written without a country code, so its meaning depends on the region. */
    static boolean isNational(String raw) {
        String s = raw.regionMatches(true, 0, "tel:", 0, 4) ? raw.substring(4) : raw;
        String digits = s.strip();
        return !(digits.startsWith("+") || digits.startsWith("00"));
    }

    String canonical(String raw) throws InvalidIndicatorException {
        String s = raw.regionMatches(true, 0, "tel:", 0, 4) ? raw.substring(4) : raw;
        if (!PHONE_CHARS.matcher(s).matches()) {
            throw new InvalidIndicatorException(
                    "not a phone number: only digits, a leading '+', spaces, dots, dashes, slashes and brackets are accepted");
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(s, defaultRegion);
        } catch (NumberParseException e) {
            throw new InvalidIndicatorException("not a phone number: " + parseReason(e));
        }
        ValidationResult result = UTIL.isPossibleNumberWithReason(number);
        if (result != ValidationResult.IS_POSSIBLE) {
            String region = UTIL.getRegionCodeForCountryCode(number.getCountryCode());
            throw new InvalidIndicatorException("not a phone number: "
                    + switch (result) {
                        case TOO_SHORT ->
                            "too short for country code +" + number.getCountryCode() + " (" + region + ")";
                        case TOO_LONG -> "too long for country code +" + number.getCountryCode() + " (" + region + ")";
                        case INVALID_LENGTH ->
                            "no number of this length exists for +" + number.getCountryCode() + " (" + region + ")";
                        case INVALID_COUNTRY_CODE -> "+" + number.getCountryCode() + " is not a country calling code";
                        default -> "not a possible number";
                    });
        }
        return UTIL.format(number, PhoneNumberFormat.E164);
    }

    private String parseReason(NumberParseException e) {
        return switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE ->
                "the country calling code is unknown (national numbers are read as " + defaultRegion + ")";
            case NOT_A_NUMBER -> "it does not look like a phone number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
            case TOO_LONG -> "too long";
        };
    }
}
