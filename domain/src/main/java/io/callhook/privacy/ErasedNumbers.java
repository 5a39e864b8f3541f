package io.callhook.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers erased in each organization, as tombstones: {@code <organization>:<hash>:<erased at, epoch ms>:<country
 * code or ->} entries of the {@code ErasedNumbers} setting (the hash is {@link NumberMatcher#hashIn}, so no entry
 * holds a number). A call first heard of at or before its number's erasure is erased; one heard of later is a new
 * call (the person called again) and is kept.
 *
 * <p>Guarantees: {@link #erased} and {@link #erasedAt} are pure and read nothing; an organization without
 * tombstones costs one map look-up; with tombstones, a value costs one canonical form and one SHA-256 per distinct
 * country code the organization's tombstones were written with (a hash-set look-up each, however many tombstones
 * there are): the same canonical form ({@link NumberMatcher#canonical}) and hash the tombstone was written with, so
 * {@code +49 30 23125741}, {@code 0049 30 2312-5741}, {@code 030 23125741} (tombstone in {@code 49}) and
 * {@code sip:+493023125741@pbx} all match one tombstone.
 */
public final class ErasedNumbers {

    /** One erasure: the number's hash in its organization, when, and the code national numbers were read in. */
    public record Tombstone(String organization, String hash, Instant erasedAt, String countryCode) {

        /** The setting entry of this tombstone. */
        public String entry() {
            return organization + ":" + hash + ":" + erasedAt.toEpochMilli() + ":"
                    + (countryCode == null ? "-" : countryCode);
        }
    }

    private static final ErasedNumbers NONE = new ErasedNumbers(Map.of());

    private final Map<String, List<Tombstone>> byOrganization;
    /** Per organization, per country code ({@code null}: none), each hash's latest erasure. */
    private final Map<String, Map<String, Map<String, Instant>>> latest;

    private ErasedNumbers(Map<String, List<Tombstone>> byOrganization) {
        this.byOrganization = byOrganization;
        Map<String, Map<String, Map<String, Instant>>> index = new HashMap<>();
        byOrganization.forEach((organization, tombstones) -> tombstones.forEach(tombstone -> index
                .computeIfAbsent(organization, o -> new LinkedHashMap<>())
                .computeIfAbsent(tombstone.countryCode(), c -> new HashMap<>())
                .merge(tombstone.hash(), tombstone.erasedAt(), (a, b) -> a.isAfter(b) ? a : b)));
        this.latest = index;
    }

    public static ErasedNumbers none() {
        return NONE;
    }

    /**
     * The tombstones of the setting's value (comma-separated entries).
     *
     * @throws IllegalArgumentException naming the first entry that is not one
     */
    public static ErasedNumbers parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        Map<String, List<Tombstone>> byOrganization = new HashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            Tombstone tombstone = tombstone(entry.trim());
            byOrganization.computeIfAbsent(tombstone.organization(), o -> new ArrayList<>()).add(tombstone);
        }
        return new ErasedNumbers(byOrganization);
    }

    /** One entry as a tombstone. */
    public static Tombstone tombstone(String entry) {
        String[] parts = entry.split(":");
        if (parts.length != 4 || !parts[1].matches("[0-9a-f]{64}") || !parts[2].matches("[0-9]{1,15}")) {
            throw new IllegalArgumentException("ErasedNumbers entries are organization:sha256:epoch-ms:country-code;"
                    + " one is not");
        }
        return new Tombstone(parts[0], parts[1], Instant.ofEpochMilli(Long.parseLong(parts[2])),
                parts[3].equals("-") ? null : parts[3]);
    }

    public boolean isEmpty() {
        return byOrganization.isEmpty();
    }

    /** The organization's tombstones (empty when none). */
    public List<Tombstone> of(String organization) {
        return byOrganization.getOrDefault(organization, List.of());
    }

    /**
     * Whether a call of {@code organization} that callhook first heard of at {@code firstSeenAt} and holds
     * {@code number} was erased: the number is a tombstone's and the call is not newer than that erasure. A call
     * whose first sight is unknown counts as old.
     */
    public boolean erased(String organization, String number, Instant firstSeenAt) {
        Instant erasedAt = erasedAt(organization, java.util.Collections.singletonList(number));
        return erasedAt != null && (firstSeenAt == null || !firstSeenAt.isAfter(erasedAt));
    }

    /**
     * The latest erasure in {@code organization} of any number among {@code values} (any strings: those that are no
     * phone number never match), or {@code null} when none of them was erased there. A call first heard of at or
     * before that instant and holding one of them is an erased call.
     */
    public Instant erasedAt(String organization, Collection<String> values) {
        Map<String, Map<String, Instant>> byCode = latest.get(organization);
        if (byCode == null) {
            return null;
        }
        Instant found = null;
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (Map.Entry<String, Map<String, Instant>> code : byCode.entrySet()) {
                String canonical = NumberMatcher.canonical(value, code.getKey());
                Instant at = canonical == null ? null : code.getValue().get(NumberMatcher.hash(organization,
                        canonical));
                if (at != null && (found == null || at.isAfter(found))) {
                    found = at;
                }
            }
        }
        return found;
    }
}
