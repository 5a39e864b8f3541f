package io.callhook.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one spelling of a phone number that block lists and caller-id rules compare: digits only, international
 * numbers without their {@code +} or {@code 00}, so {@code +49 30 1234-5}, {@code 0049301234 5} and
 * {@code 493012345} are the same number. Spaces, {@code -}, {@code .}, {@code /} and brackets are dropped. A
 * national number ({@code 030...}, one leading zero) stays as it is: without a country code it cannot be told
 * apart from another country's, so list numbers the way the PBX sends them. A caller who withholds the number
 * ({@code anonymous}) is the word {@value #ANONYMOUS}.
 */
public final class PhoneNumbers {

    public static final String ANONYMOUS = "anonymous";
    /** The longest number kept, in digits (E.164 allows 15; extensions and prefixes add a few). */
    public static final int MAX_DIGITS = 32;

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-./()]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1," + MAX_DIGITS + "}");

    private PhoneNumbers() {
    }

    /** The normal form of a number as a PBX sends it, or {@code null} when it is not a phone number. */
    public static String normalise(String number) {
        if (number == null) {
            return null;
        }
        String trimmed = number.trim();
        if (trimmed.toLowerCase(Locale.ROOT).equals(ANONYMOUS)) {
            return ANONYMOUS;
        }
        String digits = SEPARATORS.matcher(trimmed).replaceAll("");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        } else if (digits.startsWith("00")) {
            digits = digits.substring(2);
        }
        return DIGITS.matcher(digits).matches() ? digits : null;
    }

    /**
     * A block-list entry in its normal form: a number (or {@value #ANONYMOUS}), or a prefix written with a trailing
     * {@code *} ({@code +4930*} blocks every number starting 4930).
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static String blockPattern(String entry) {
        String text = entry == null ? "" : entry.trim();
        boolean prefix = text.endsWith("*");
        String number = normalise(prefix ? text.substring(0, text.length() - 1) : text);
        if (number == null || prefix && number.equals(ANONYMOUS)) {
            throw new IllegalArgumentException("a blocked number must be a phone number (+, 00 or digits; spaces and"
                    + " - allowed), a prefix ending in *, or anonymous");
        }
        return prefix ? number + "*" : number;
    }

    /**
     * The destination prefix of a caller-id rule in its normal form; a trailing {@code *} is allowed and dropped
     * (every rule is a prefix).
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static String destinationPrefix(String prefix) {
        String text = prefix == null ? "" : prefix.trim();
        String number = normalise(text.endsWith("*") ? text.substring(0, text.length() - 1) : text);
        if (number == null || number.equals(ANONYMOUS)) {
            throw new IllegalArgumentException("a destination prefix must be digits (+ or 00 allowed in front)");
        }
        return number;
    }

    /**
     * A caller id to present, as the PBX should dial it: kept as given ({@code +4930123} stays so), checked to be a
     * number.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static String callerId(String callerId) {
        String text = callerId == null ? "" : callerId.trim();
        if (!text.matches("\\+?[0-9]{1," + MAX_DIGITS + "}")) {
            throw new IllegalArgumentException("a caller id must be a number: digits, + allowed in front");
        }
        return text;
    }
}
