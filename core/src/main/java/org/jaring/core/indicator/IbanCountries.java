package org.jaring.core.indicator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IBAN length and BBAN structure of every country that issues IBANs, from iban-countries.txt. The structure
 * is SWIFT notation: "4!a6!n8!n" is four upper-case letters, six digits, eight digits ('c' is a letter or digit).
 */
public final class IbanCountries {
    /** One country's format. */
    public record Format(String country, int length, String bbanStructure) {
        /** A regular expression for the BBAN (the IBAN after country code and check digits). */
        public Pattern bbanPattern() {
            // Compiled once per structure: compiling on every call was most of an IBAN's canonical form.
            return BBAN_PATTERNS.computeIfAbsent(bbanStructure, Format::compile);
        }

        private static Pattern compile(String bbanStructure) {
            StringBuilder regex = new StringBuilder();
            Matcher m = PART.matcher(bbanStructure);
            while (m.find()) {
                String cls = switch (m.group(2)) {
                    case "n" -> "[0-9]";
                    case "a" -> "[A-Z]";
                    default -> "[A-Z0-9]";
                };
                regex.append(cls).append('{').append(m.group(1)).append('}');
            }
            return Pattern.compile(regex.toString());
        }
    }

    private static final Map<String, Pattern> BBAN_PATTERNS = new ConcurrentHashMap<>();
    private static final Pattern PART = Pattern.compile("([0-9]+)!([nac])");
    private static final Map<String, Format> FORMATS = load();

    private IbanCountries() {}

    /** The format for an upper-case country code, or null when the country issues no IBANs. */
    public static Format of(String country) {
        return FORMATS.get(country);
    }

    /** The two check digits that make country + digits + bban a valid IBAN; bban in upper case. */
    public static String checkDigits(String country, String bban) {
        return String.format(Locale.ROOT, "%02d", 98 - mod97(bban + country + "00"));
    }

    static int mod97(String alnum) {
        int remainder = 0;
        for (int i = 0; i < alnum.length(); i++) {
            char c = alnum.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = (value < 10 ? remainder * 10 : remainder * 100) + value;
            remainder %= 97;
        }
        return remainder;
    }

    public static Map<String, Format> all() {
        return FORMATS;
    }

    private static Map<String, Format> load() {
        Map<String, Format> formats = new TreeMap<>();
        try (InputStream in = Objects.requireNonNull(
                        IbanCountries.class.getResourceAsStream("iban-countries.txt"),
                        "iban-countries.txt is missing from the class path");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.trim().split("\\s+");
                Format format = new Format(fields[0], Integer.parseInt(fields[1]), fields[2]);
                int bbanLength = 0;
                Matcher m = PART.matcher(format.bbanStructure());
                while (m.find()) {
                    bbanLength += Integer.parseInt(m.group(1));
                }
                // A table error would refuse every IBAN of a country; fail at start-up instead.
                if (bbanLength + 4 != format.length()) {
                    throw new IllegalStateException("iban-countries.txt: " + line + " does not add up to its length");
                }
                formats.put(format.country(), format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(formats);
    }
}
