package io.callhook.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.callhook.routing.PhoneNumbers;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The keys stored numbers are grouped and matched under, one per number whatever spelling it came in, computed with
 * libphonenumber in an organization's default region. Only where the library may be loaded (the stream function,
 * the admin API and the CLIs): the webhooks never are.
 *
 * <ul>
 *   <li>The callback worklist groups a number's facts under its E.164 form ({@link #worklist}): {@code +49 30 111},
 *       {@code 0049 30 111} and {@code 030 111} in {@code DE} are {@code +4930111}, one item.</li>
 *   <li>Block lists and caller-id rules are matched by the webhook in {@link PhoneNumbers}' cheap normal form,
 *       which keeps a national number national ({@code 030111}) and an international one as its digits
 *       ({@code 4930111}). So an entry is stored in every form that normal form gives for the number in the
 *       region ({@link #routingForms}), and the webhook's comparison finds it whatever spelling the PBX sends.</li>
 * </ul>
 */
public final class NumberKeys {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private NumberKeys() {
    }

    /**
     * The worklist's key of a caller number ({@link io.callhook.worklist.CallbackFact#usableNumber}): its E.164 form
     * read in {@code region} ({@link PhoneFormat#e164}), or the number as given when it is no valid phone number
     * (an extension, a short code), which is the key every number had before E.164 keys.
     */
    public static String worklist(String usable, String region) {
        String e164 = PhoneFormat.e164(usable, region);
        return e164 != null ? e164 : usable;
    }

    /**
     * Every form {@link PhoneNumbers#normalise} gives for the number or prefix of a block-list entry in
     * {@code region}, each in {@link PhoneNumbers#blockPattern}'s form, the entry's own normal form first.
     * <ul>
     *   <li>A number that is a valid phone number in the region: its international digits ({@code 4930111}) and,
     *       when it is a number of the region's country, its national forms: with the national prefix
     *       ({@code 030111}) and, where the region's numbers are written without it (the US's ten digits), the
     *       national number alone ({@code 2125550100}).</li>
     *   <li>A prefix ({@code +4930*}, {@code 004930*}, {@code 4930*}, {@code 030*}): a prefix with a country calling
     *       code (after {@code +}, {@code 00}, or digits that do not start with the national prefix) whose code is
     *       the region's gains the national prefixes of the rest ({@code 030*}); a national prefix ({@code 030*})
     *       gains the international one ({@code 4930*}). A prefix of another country's code stays international
     *       only (the webhook sees its calls as international digits).</li>
     *   <li>Anything else ({@code anonymous}, an extension, a number no country has): its normal form alone.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when the entry is not a block-list entry ({@link PhoneNumbers#blockPattern})
     */
    public static Set<String> blockForms(String entry, String region) {
        String normal = PhoneNumbers.blockPattern(entry);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(normal);
        if (normal.endsWith("*")) {
            prefixForms(entry.trim().substring(0, entry.trim().length() - 1), region)
                    .forEach(prefix -> forms.add(prefix + "*"));
        } else if (!normal.equals(PhoneNumbers.ANONYMOUS)) {
            forms.addAll(numberForms(entry, region));
        }
        return forms;
    }

    /**
     * Every form of a caller-id rule's destination prefix ({@link PhoneNumbers#destinationPrefix}) in
     * {@code region}, the prefix's own normal form first; expanded as a block-list prefix is ({@link #blockForms}).
     *
     * @throws IllegalArgumentException when it is not a destination prefix
     */
    public static Set<String> destinationForms(String prefix, String region) {
        String normal = PhoneNumbers.destinationPrefix(prefix);
        String text = prefix.trim();
        Set<String> forms = new LinkedHashSet<>();
        forms.add(normal);
        forms.addAll(prefixForms(text.endsWith("*") ? text.substring(0, text.length() - 1) : text, region));
        return forms;
    }

    /** The international digits and national forms of a valid number; none for anything else. */
    private static Set<String> numberForms(String raw, String region) {
        Set<String> forms = new LinkedHashSet<>();
        String e164 = PhoneFormat.e164(raw, region);
        if (e164 == null) {
            return forms;
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(e164, region);
        } catch (NumberParseException e) {
            return forms;
        }
        forms.add(e164.substring(1));
        if (number.getCountryCode() == UTIL.getCountryCodeForRegion(region)) {
            String national = UTIL.getNationalSignificantNumber(number);
            nationalForms(national, region).forEach(forms::add);
            add(forms, UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.NATIONAL));
        }
        return forms;
    }

    /** The international and national forms of a prefix (digits, no {@code *}); empty when it has none. */
    private static Set<String> prefixForms(String raw, String region) {
        Set<String> forms = new LinkedHashSet<>();
        String normal = PhoneNumbers.normalise(raw);
        if (normal == null || normal.isEmpty() || normal.equals(PhoneNumbers.ANONYMOUS)) {
            return forms;
        }
        int regionCode = UTIL.getCountryCodeForRegion(region);
        String ndd = UTIL.getNddPrefixForRegion(region, true);
        String compact = raw.trim().replaceAll("[\\s\\-./()]", "");
        boolean international = compact.startsWith("+") || compact.startsWith("00");
        if (!international && ndd != null && !ndd.isEmpty() && normal.startsWith(ndd) && regionCode != 0
                && !normal.startsWith(Integer.toString(regionCode))) {
            // a national prefix of the region: 030 -> 4930
            String rest = normal.substring(ndd.length());
            forms.add(regionCode + rest);
            nationalForms(rest, region).forEach(forms::add);
            forms.remove(normal);
            return forms;
        }
        String code = Integer.toString(regionCode);
        if (regionCode != 0 && normal.startsWith(code)) {
            nationalForms(normal.substring(code.length()), region).forEach(forms::add);
        }
        forms.remove(normal);
        return forms;
    }

    /**
     * The national spellings of the region's national number (or prefix) {@code rest}: with the national prefix,
     * and alone where the region writes its numbers without it; never an empty one.
     */
    private static Set<String> nationalForms(String rest, String region) {
        Set<String> forms = new LinkedHashSet<>();
        String ndd = UTIL.getNddPrefixForRegion(region, true);
        if (ndd != null && !ndd.isEmpty()) {
            forms.add(ndd + rest);
        }
        if (!rest.isEmpty() && (ndd == null || ndd.isEmpty() || writtenWithoutNationalPrefix(region))) {
            forms.add(rest);
        }
        return forms;
    }

    /** Whether the region's national format leaves the national prefix out (the US's {@code (201) 555-0123}). */
    private static boolean writtenWithoutNationalPrefix(String region) {
        PhoneNumber example = UTIL.getExampleNumber(region);
        if (example == null) {
            return false;
        }
        String national = PhoneNumbers.normalise(UTIL.format(example, PhoneNumberUtil.PhoneNumberFormat.NATIONAL));
        return UTIL.getNationalSignificantNumber(example).equals(national);
    }

    private static void add(Set<String> forms, String text) {
        String normal = PhoneNumbers.normalise(text);
        if (normal != null && !normal.isEmpty() && !normal.equals(PhoneNumbers.ANONYMOUS)) {
            forms.add(normal);
        }
    }
}
