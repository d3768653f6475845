package org.jaring.core.indicator;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** IBANs and other bank accounts. */
final class BankAccounts {
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern IBAN_SHAPE = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{8,32}");
    private static final Pattern SEPARATORS = Pattern.compile("[ \u00a0\\-]");
    private static final Pattern PART = Pattern.compile("[A-Z0-9]+");

    private BankAccounts() {}

    /** For detection: the shape of an IBAN from a country that issues them; check digits are the validator's job. */
    static boolean looksLikeIban(String raw) {
        String s = compactIban(raw);
        return IBAN_SHAPE.matcher(s).matches() && IbanCountries.of(s.substring(0, 2)) != null;
    }

    static String iban(String raw) throws InvalidIndicatorException {
        String s = compactIban(raw);
        if (s.length() < 5 || !PART.matcher(s).matches()) {
            throw new InvalidIndicatorException(
                    "not an IBAN: only letters and digits are allowed (spaces are removed)");
        }
        String country = s.substring(0, 2);
        IbanCountries.Format format = IbanCountries.of(country);
        if (format == null) {
            throw new InvalidIndicatorException("not an IBAN: '" + country + "' is not a country that issues IBANs");
        }
        if (s.length() != format.length()) {
            throw new InvalidIndicatorException("not an IBAN: " + country + " IBANs have " + format.length()
                    + " characters, this one has " + s.length());
        }
        if (!Character.isDigit(s.charAt(2)) || !Character.isDigit(s.charAt(3))) {
            throw new InvalidIndicatorException("not an IBAN: characters 3 and 4 must be the check digits");
        }
        int check = Integer.parseInt(s.substring(2, 4));
        if (check < 2 || check > 98) {
            throw new InvalidIndicatorException("not an IBAN: check digits " + s.substring(2, 4)
                    + " are outside 02 to 98, the only values ISO 13616 computes; a character is probably mistyped");
        }
        if (!format.bbanPattern().matcher(s.substring(4)).matches()) {
            throw new InvalidIndicatorException("not an IBAN: the account part does not follow the " + country
                    + " structure " + format.bbanStructure() + " (n digit, a letter, c letter or digit)");
        }
        int remainder = IbanCountries.mod97(s.substring(4) + s.substring(0, 4));
        if (remainder != 1) {
            throw new InvalidIndicatorException(
                    "not an IBAN: the check digits " + s.substring(2, 4) + " do not match the account (mod-97 gives "
                            + remainder + ", not 1); a character is probably mistyped");
        }
        return s;
    }

    /**
     * Non-IBAN accounts as COUNTRY:BANKCODE:NUMBER. The parts must be separated by ':' because spaces, dashes and
     * slashes already appear inside national account numbers ("123-4-56789-0"), so they cannot also split parts;
     * inside a part, spaces and dashes are removed and letters upper-cased. Leading zeros are kept: they are
     * part of the number in most national schemes.
     */
    static String other(String raw) throws InvalidIndicatorException {
        String[] parts = raw.split(":", -1);
        if (parts.length != 3) {
            throw new InvalidIndicatorException("not a bank account: write it as COUNTRY:BANKCODE:NUMBER, e.g. "
                    + "TH:004:123-4-56789-0 (found " + (parts.length - 1) + " ':' separators, need 2)");
        }
        String country = parts[0].strip().toUpperCase(Locale.ROOT);
        if (!ISO_COUNTRIES.contains(country)) {
            throw new InvalidIndicatorException(
                    "not a bank account: '" + parts[0].strip() + "' is not an ISO 3166-1 alpha-2 country code");
        }
        String bank = part(parts[1], "bank code", 16);
        String number = part(parts[2], "account number", 34);
        return country + ":" + bank + ":" + number;
    }

    private static String part(String raw, String name, int maxLength) throws InvalidIndicatorException {
        String s = SEPARATORS.matcher(raw).replaceAll("").toUpperCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new InvalidIndicatorException("not a bank account: the " + name + " is empty");
        }
        if (!PART.matcher(s).matches()) {
            throw new InvalidIndicatorException("not a bank account: the " + name
                    + " may hold only letters and digits (spaces and dashes are removed)");
        }
        if (s.length() > maxLength) {
            throw new InvalidIndicatorException(
                    "not a bank account: the " + name + " has " + s.length() + " characters, above " + maxLength);
        }
        return s;
    }

    private static String compactIban(String raw) {
        String s = SEPARATORS.matcher(raw).replaceAll("").toUpperCase(Locale.ROOT);
        // Printed IBANs are often labelled: "IBAN GB82 WEST ...".
        return s.startsWith("IBAN") && s.length() > 4 ? s.substring(s.charAt(4) == ':' ? 5 : 4) : s;
    }
}
