package io.callhook.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers erased in each organization, as tombstones: {@code <organization>:<hash>:<erased at, epoch ms>:<country
 * code or ->} entries of the {@code ErasedNumbers} setting (the hash is {@link NumberMatcher#hashIn}, so no entry
 * holds a number). A call first heard of at or before its number's erasure is erased; one heard of later is a new
 * call (the person called again) and is kept.
 *
 * <p>Guarantees: {@link #erased} is pure and reads nothing; an organization without tombstones costs one map look-up.
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

    private ErasedNumbers(Map<String, List<Tombstone>> byOrganization) {
        this.byOrganization = byOrganization;
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
        List<Tombstone> tombstones = byOrganization.get(organization);
        if (tombstones == null || number == null) {
            return false;
        }
        for (Tombstone tombstone : tombstones) {
            String canonical = NumberMatcher.canonical(number, tombstone.countryCode());
            if (canonical != null && (firstSeenAt == null || !firstSeenAt.isAfter(tombstone.erasedAt()))
                    && NumberMatcher.hash(organization, canonical).equals(tombstone.hash())) {
                return true;
            }
        }
        return false;
    }
}
