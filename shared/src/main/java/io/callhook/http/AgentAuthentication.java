package io.callhook.http;

import io.callhook.agent.Agent;
import io.callhook.agent.AgentDirectory;
import io.callhook.auth.TokenHashes;
import io.callhook.auth.TokenStrength;
import io.callhook.auth.UnknownTokens;

/**
 * Authenticates an agent's request: {@code Authorization: Bearer <token>}, or {@code ?token=} (the OpenReception
 * convention). The token is hashed at once and never logged.
 *
 * <p>A wrong token costs no storage request each time: one that cannot be a token callhook accepts (too short, too
 * long, other characters: {@link TokenStrength}) is refused without a lookup, and the hash of one that matched nobody
 * is remembered for a while ({@link UnknownTokens}), so a client repeating it is refused without a lookup too.
 */
public final class AgentAuthentication {

    private final AgentDirectory directory;
    private final UnknownTokens unknown;

    public AgentAuthentication(AgentDirectory directory) {
        this(directory, new UnknownTokens());
    }

    public AgentAuthentication(AgentDirectory directory, UnknownTokens unknown) {
        this.directory = directory;
        this.unknown = unknown;
    }

    /** @throws HttpError 401 without a token of a known agent */
    public Agent authenticate(ApiRequest request) {
        if (request.signedIn()) {
            throw HttpError.unauthorized("this route takes a token of the sign-in provider, verified by API Gateway");
        }
        String token = bearer(request.header("authorization"));
        if (token == null) {
            token = request.queryParameter("token");
        }
        if (token == null || token.isBlank()) {
            throw HttpError.unauthorized("an agent token is required: Authorization: Bearer <token> or ?token=");
        }
        if (!TokenStrength.plausible(token)) {
            throw unknownToken();
        }
        String hash = TokenHashes.hashOf(token);
        if (unknown.contains(hash)) {
            throw unknownToken();
        }
        return directory.byTokenHash(hash).orElseThrow(() -> {
            unknown.add(hash);
            return unknownToken();
        });
    }

    private static HttpError unknownToken() {
        return HttpError.unauthorized("unknown agent token");
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).trim() : null;
    }
}
