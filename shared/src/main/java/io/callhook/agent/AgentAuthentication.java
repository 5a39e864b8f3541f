package io.callhook.agent;

import io.callhook.auth.TokenHashes;
import io.callhook.http.ApiRequest;
import io.callhook.http.HttpError;

/**
 * Authenticates an agent's request: {@code Authorization: Bearer <token>}, or {@code ?token=} (the OpenReception
 * convention). The token is hashed at once and never logged.
 */
public final class AgentAuthentication {

    private final AgentDirectory directory;

    public AgentAuthentication(AgentDirectory directory) {
        this.directory = directory;
    }

    /** @throws HttpError 401 without a token of a known agent */
    public Agent authenticate(ApiRequest request) {
        String token = bearer(request.header("authorization"));
        if (token == null) {
            token = request.queryParameter("token");
        }
        if (token == null || token.isBlank()) {
            throw HttpError.unauthorized("an agent token is required: Authorization: Bearer <token> or ?token=");
        }
        return directory.byTokenHash(TokenHashes.hashOf(token))
                .orElseThrow(() -> HttpError.unauthorized("unknown agent token"));
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).trim() : null;
    }
}
