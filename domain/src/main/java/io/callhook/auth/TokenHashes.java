package io.callhook.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Secret tokens, configured only as SHA-256 hashes, each under a name (the integration or agent it belongs to).
 *
 * <p>Configuration: comma-separated {@code name:hex-sha256} entries; several entries may share a name, so a token
 * can be rotated without downtime. A presented token is hashed and compared with every entry in constant time.
 */
public final class TokenHashes {

    private static final HexFormat HEX = HexFormat.of();

    private final List<Entry> entries;

    private record Entry(String name, byte[] hash) {
    }

    private TokenHashes(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses {@code name:hex-sha256[,name:hex-sha256...]}. A name is an integration's (or agent's): 1 to 64 letters,
     * digits, {@code .}, {@code _} or {@code -}, so it can never hold the {@code :} that separates it from a call id
     * in keys.
     *
     * @throws IllegalArgumentException for an entry that is not a name and a 64-digit hex hash (the message does
     *                                  not repeat the entry)
     */
    public static TokenHashes parse(String configuration) {
        List<Entry> entries = new ArrayList<>();
        for (ConfigEntries.Entry entry : ConfigEntries.of(configuration)) {
            int colon = entry.text().lastIndexOf(':');
            String name = colon < 0 ? "" : entry.text().substring(0, colon).trim();
            String hex = entry.text().substring(colon + 1).trim().toLowerCase();
            if (!NamedSecrets.isName(name) || hex.length() != 64
                    || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("token hash entry " + entry.position()
                        + " must be name:sha256-hex (name: 1 to 64 letters, digits, '.', '_' or '-'; 64 hex digits)");
            }
            entries.add(new Entry(name, HEX.parseHex(hex)));
        }
        return new TokenHashes(entries);
    }

    /**
     * Parses the configuration of an environment variable, for a function's start.
     *
     * @throws IllegalStateException naming {@code variable} and the entry's position (never its text)
     */
    public static TokenHashes parse(String variable, String configuration) {
        try {
            return parse(configuration);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + ": " + e.getMessage());
        }
    }

    /** The name the token is configured under, if it is one of ours. */
    public Optional<String> nameOf(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        String match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), presented) && match == null) {
                match = entry.name();
            }
        }
        return Optional.ofNullable(match);
    }

    /** Whether any token is configured under {@code name}. */
    public boolean has(String name) {
        return entries.stream().anyMatch(entry -> entry.name().equals(name));
    }

    /**
     * Whether {@code token} is one of the tokens configured under {@code name}; every entry of that name is
     * compared, in constant time.
     */
    public boolean accepts(String name, String token) {
        if (token == null) {
            return false;
        }
        byte[] presented = sha256(token);
        boolean match = false;
        for (Entry entry : entries) {
            match |= entry.name().equals(name) && MessageDigest.isEqual(entry.hash(), presented);
        }
        return match;
    }

    /** The configuration form of a token's hash: lower-case hex SHA-256 of its UTF-8 bytes. */
    public static String hashOf(String token) {
        return HEX.formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
