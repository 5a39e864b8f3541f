package io.callhook.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.regex.Pattern;

/**
 * Phone numbers as agents see them, with Google's libphonenumber: the E.164 form that contacts are keyed by, and a
 * display form (national for the organization's region, international otherwise). Only for answers: loading the
 * library and its metadata costs a cold start some 45 ms of CPU and 350 classes (docs/benchmarks.md), so no webhook
 * uses this class (its function does not ship the library).
 *
 * <p>A PBX sends numbers in several spellings. Digits without {@code +}, {@code 00} or a leading {@code 0}
 * ({@code 493023125741}, as Zammad and sipgate send them) are taken as international first, and as national in the
 * region only when that is no valid number; anything else is parsed in the region ({@code 030 23125741} in
 * {@code DE} is {@code +493023125741}). A value that is no valid number (an extension such as {@code 201},
 * {@code anonymous}, a SIP name) has no E.164 form and is shown as sent.
 */
public final class PhoneFormat {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern INTERNATIONAL_DIGITS = Pattern.compile("[1-9][0-9]{6,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-./()]");
    /** The longest value parsed; anything longer is not a phone number. */
    private static final int MAX_LENGTH = 64;

    private PhoneFormat() {
    }

    /** The number in E.164 ({@code +493023125741}), or {@code null} when it is no valid phone number. */
    public static String e164(String raw, String region) {
        PhoneNumber number = parse(raw, region);
        return number == null ? null : UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    /**
     * The number as an agent of {@code region} reads it: national ({@code 030 23125741}) when it is a number of
     * that region, international ({@code +1 212-555-0100}) otherwise; {@code raw} itself when it is no valid number
     * ({@code null} stays {@code null}).
     */
    public static String display(String raw, String region) {
        PhoneNumber number = parse(raw, region);
        if (number == null) {
            return raw;
        }
        boolean home = region.equals(UTIL.getRegionCodeForNumber(number));
        return UTIL.format(number, home ? PhoneNumberUtil.PhoneNumberFormat.NATIONAL
                : PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
    }

    private static PhoneNumber parse(String raw, String region) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_LENGTH) {
            return null;
        }
        String compact = SEPARATORS.matcher(raw.strip()).replaceAll("");
        if (INTERNATIONAL_DIGITS.matcher(compact).matches()) {
            PhoneNumber international = valid("+" + compact, region);
            if (international != null) {
                return international;
            }
        }
        return valid(raw, region);
    }

    private static PhoneNumber valid(String text, String region) {
        try {
            PhoneNumber number = UTIL.parse(text, region);
            return UTIL.isValidNumber(number) ? number : null;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
