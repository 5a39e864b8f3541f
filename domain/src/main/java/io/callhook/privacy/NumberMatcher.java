package io.callhook.privacy;

import io.callhook.routing.PhoneNumbers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Which stored numbers are the one phone number an erasure or an export names, whatever format each arrived in.
 * This is the one place that decides it: every table's search and the tombstones' check ask {@link #matches}, so a
 * better rule (libphonenumber with an organization's default region) replaces this class alone.
 *
 * <p>Guarantees: two numbers match when their canonical forms are equal. The canonical form is callhook's normal
 * form ({@link PhoneNumbers#normalise}: digits, an international number without its {@code +} or {@code 00},
 * spaces, {@code -}, {@code .}, {@code /} and brackets dropped), read from a {@code sip:} or {@code tel:} URI when the
 * value is one; a national number (one leading zero) is read in {@code countryCode} when one is given
 * ({@code 030 23125741} in {@code 49} is {@code 493023125741}) and stays national otherwise. {@code anonymous},
 * empty values and values that are no number never match.
 */
public final class NumberMatcher {

    private final String canonical;
    private final String countryCode;

    private NumberMatcher(String canonical, String countryCode) {
        this.canonical = canonical;
        this.countryCode = countryCode;
    }

    /**
     * The matcher of {@code number}.
     *
     * @param countryCode the country calling code national numbers are read in (digits, {@code 49}), or {@code null}
     * @throws IllegalArgumentException when {@code number} is not a phone number or the code is not 1 to 3 digits
     */
    public static NumberMatcher of(String number, String countryCode) {
        String code = countryCode == null || countryCode.isBlank() ? null : countryCode.trim().replaceFirst("^\\+", "");
        if (code != null && !code.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("countryCode must be a country calling code: 1 to 3 digits, as 49");
        }
        String canonical = canonical(number, code);
        if (canonical == null || canonical.length() < 3) {
            throw new IllegalArgumentException("number must be a phone number (+, 00 or digits; spaces and - allowed)");
        }
        return new NumberMatcher(canonical, code);
    }

    /** Whether {@code stored}, a number as some table holds it, is this number. */
    public boolean matches(String stored) {
        return canonical.equals(canonical(stored, countryCode));
    }

    /** The canonical form this matcher compares ({@code 493023125741}). */
    public String canonical() {
        return canonical;
    }

    /** The country calling code national numbers are read in, or {@code null}. */
    public String countryCode() {
        return countryCode;
    }

    /**
     * The number's tombstone id in {@code organization}: hex SHA-256 of {@code <organization>:<canonical form>}, so
     * a tombstone names the number without holding it.
     */
    public String hashIn(String organization) {
        return hash(organization, canonical);
    }

    /** The canonical form of a stored value in {@code countryCode}, or {@code null} when it is no phone number. */
    public static String canonical(String value, String countryCode) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("tel:")) {
            text = text.substring(4);
            int end = indexOfAny(text, "@;");
            text = end < 0 ? text : text.substring(0, end);
        }
        String normal = PhoneNumbers.normalise(text);
        if (normal == null || normal.equals(PhoneNumbers.ANONYMOUS) || normal.isEmpty()) {
            return null;
        }
        if (countryCode != null && normal.startsWith("0") && normal.length() > 1) {
            return countryCode + normal.substring(1);
        }
        return normal;
    }

    static String hash(String organization, String canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((organization + ":" + canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
