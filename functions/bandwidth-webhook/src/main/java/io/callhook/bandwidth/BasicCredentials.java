package io.callhook.bandwidth;

import io.callhook.auth.TokenHashes;
import io.callhook.http.ApiRequest;
import io.callhook.http.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The HTTP Basic credentials Bandwidth sends with callbacks when the application (or the call) has a callback
 * username and password. Configured per integration as the SHA-256 of {@code user:password}; an integration with
 * credentials configured must send them, others are not asked. The credentials are compared in constant time and
 * never logged.
 */
final class BasicCredentials {

    /** Comma-separated {@code integration:sha256-hex} entries, each the hash of {@code user:password}. */
    static final String VARIABLE = "BANDWIDTH_CREDENTIAL_HASHES";
    static final String CHALLENGE = "Basic realm=\"callhook\", charset=\"UTF-8\"";

    private final Supplier<TokenHashes> hashes;

    /** @param hashes the credential hashes as they are now, asked at each request */
    BasicCredentials(Supplier<TokenHashes> hashes) {
        this.hashes = hashes;
    }

    /** @throws HttpError 401 with a Basic challenge when the integration has credentials and these are not them */
    void verify(ApiRequest request, String source) {
        TokenHashes hashes = this.hashes.get();
        if (!hashes.has(source)) {
            return;
        }
        if (!hashes.accepts(source, userAndPassword(request.header("authorization")))) {
            throw HttpError.unauthorized("HTTP Basic credentials are missing or wrong for this integration")
                    .withHeader("www-authenticate", CHALLENGE);
        }
    }

    /** {@code user:password} of a Basic authorization header, or {@code null}. */
    private static String userAndPassword(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
