package io.callhook.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Whether a secret token can hold at least 128 bits of randomness, judged from its length and alphabet: a token of
 * hex digits needs at least 32 characters, one of other URL-safe or base64 characters ({@code A-Z a-z 0-9 - _ . ~
 * + / =}) at least 22. Tokens callhook generates (32 random bytes, base64url: 43 characters) pass. What a string's
 * length cannot hold, no alphabet makes up for; a long token can still be guessable, so generate them.
 */
public final class TokenStrength {

    /** The randomness a token must be able to carry. */
    public static final int MIN_BITS = 128;
    /** The longest token accepted, in characters. */
    public static final int MAX_LENGTH = 512;
    private static final int MIN_HEX_LENGTH = 32;
    private static final int MIN_LENGTH = 22;

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenStrength() {
    }

    /** A new token: 32 random bytes (256 bits), base64url without padding (43 characters, URL-path safe). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Why the token is refused, or empty when it is long enough and uses only token characters. */
    public static Optional<String> weakness(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of("a token is required");
        }
        if (token.length() > MAX_LENGTH) {
            return Optional.of("a token is at most " + MAX_LENGTH + " characters");
        }
        boolean hex = true;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!isTokenCharacter(c)) {
                return Optional.of("a token may only hold letters, digits and - _ . ~ + / =");
            }
            hex &= Character.digit(c, 16) >= 0;
        }
        int needed = hex ? MIN_HEX_LENGTH : MIN_LENGTH;
        if (token.length() < needed) {
            return Optional.of("a token must carry at least " + MIN_BITS + " bits of randomness: at least "
                    + MIN_LENGTH + " base64url characters or " + MIN_HEX_LENGTH + " hex digits (this one has "
                    + token.length() + "); generate one with: openssl rand -base64 32 | tr '+/' '-_' | tr -d '='");
        }
        return Optional.empty();
    }

    /** Whether a token has the shape of one callhook would accept (cheap; no lookup needed to refuse it). */
    public static boolean plausible(String token) {
        return weakness(token).isEmpty();
    }

    /** @throws IllegalArgumentException with {@code what} and the reason when the token is too weak */
    public static String require(String what, String token) {
        weakness(token).ifPresent(reason -> {
            throw new IllegalArgumentException(what + ": " + reason);
        });
        return token;
    }

    private static boolean isTokenCharacter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
    }
}
