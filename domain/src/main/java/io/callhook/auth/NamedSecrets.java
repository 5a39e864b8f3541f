package io.callhook.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secrets that cannot be kept as hashes because callhook must compute with them (HMAC keys, Twilio auth tokens),
 * each under the name of the integration it belongs to.
 *
 * <p>Configuration: comma-separated {@code name:secret} entries; several entries may share a name, so a secret can
 * be rotated without downtime. The name ends at the first colon, so a secret may contain colons but no commas.
 * Nothing here ever prints a secret.
 */
public final class NamedSecrets {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, List<byte[]>> byName;

    private NamedSecrets(Map<String, List<byte[]>> byName) {
        this.byName = byName;
    }

    /** No secrets at all. */
    public static NamedSecrets none() {
        return new NamedSecrets(Map.of());
    }

    /**
     * Parses {@code name:secret[,name:secret...]}; blank configuration means none.
     *
     * @throws IllegalArgumentException for an entry without a valid name or with an empty secret (the message
     *                                  names the entry's position, never its text)
     */
    public static NamedSecrets parse(String configuration) {
        Map<String, List<byte[]>> byName = new LinkedHashMap<>();
        for (ConfigEntries.Entry entry : ConfigEntries.of(configuration)) {
            int colon = entry.text().indexOf(':');
            String name = colon < 0 ? "" : entry.text().substring(0, colon).trim();
            String secret = colon < 0 ? "" : entry.text().substring(colon + 1).trim();
            if (!NAME.matcher(name).matches() || secret.isEmpty()) {
                throw new IllegalArgumentException("secret entry " + entry.position()
                        + " must be integration:secret (integration: 1 to 64 letters, digits, '.', '_' or '-')");
            }
            byName.computeIfAbsent(name, n -> new ArrayList<>()).add(secret.getBytes(StandardCharsets.UTF_8));
        }
        byName.replaceAll((name, secrets) -> List.copyOf(secrets));
        return new NamedSecrets(Map.copyOf(byName));
    }

    /**
     * Parses the configuration of an environment variable, for a function's start.
     *
     * @throws IllegalStateException naming {@code variable} and the entry's position (never its text)
     */
    public static NamedSecrets parse(String variable, String configuration) {
        try {
            return parse(configuration);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + ": " + e.getMessage());
        }
    }

    /** Whether {@code name} can name an integration: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether any secret is configured for {@code name}. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The secrets of {@code name} (UTF-8 bytes), in configuration order; empty when none. */
    public List<byte[]> of(String name) {
        return byName.getOrDefault(name, List.of());
    }
}
