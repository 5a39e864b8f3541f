package io.callhook.http;

import io.callhook.agent.Agent;
import io.callhook.agent.AgentDirectory;
import io.callhook.auth.TokenHashes;
import io.callhook.auth.TokenStrength;
import io.callhook.auth.UnknownTokens;

/**
 * Authenticates an agent's request: {@code Authorization: Bearer <token>}, or {@code ?token=} (the OpenReception
 * convention); on a signed-in route, the verified claims of the sign-in provider's token instead
 * ({@link #signedIn}). The token is hashed at once and never logged.
 *
 * <p>A wrong token costs no storage request each time: one that cannot be a token callhook accepts (too short, too
 * long, other characters: {@link TokenStrength}) is refused without a lookup, and the hash of one that matched nobody
 * is remembered for a while ({@link UnknownTokens}), so a client repeating it is refused without a lookup too.
 */
public final class AgentAuthentication {

    private final AgentDirectory directory;
    private final UnknownTokens unknown;
    private final SignInClaims signIn;

    public AgentAuthentication(AgentDirectory directory) {
        this(directory, new UnknownTokens());
    }

    public AgentAuthentication(AgentDirectory directory, UnknownTokens unknown) {
        this(directory, unknown, SignInClaims.defaults());
    }

    /** @param signIn which verified claims name the agent, organization and role on the signed-in routes */
    public AgentAuthentication(AgentDirectory directory, SignInClaims signIn) {
        this(directory, new UnknownTokens(), signIn);
    }

    public AgentAuthentication(AgentDirectory directory, UnknownTokens unknown, SignInClaims signIn) {
        this.directory = directory;
        this.unknown = unknown;
        this.signIn = signIn;
    }

    /**
     * The agent making the request: on a signed-in route ({@link ApiRequest#signedIn}) the one the verified claims
     * name ({@link #signedIn}), elsewhere the one whose token it carries.
     *
     * @throws HttpError 401 without a token of a known agent (or, signed in, without verified claims); 403 when
     *                   the claims name no agent of their organization
     */
    public Agent authenticate(ApiRequest request) {
        if (request.signedIn()) {
            return signedIn(request);
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

    /**
     * The agent the verified claims of a signed-in request name, within its organization: the organization claim's
     * (when configured) or the agents table's, never the request's. The role is the role claim's (when configured)
     * or the agents table's. The request's own words (query, body, other headers) play no part.
     *
     * @throws HttpError 401 without claims (API Gateway's authorizer did not run); 403 when they name nobody
     */
    public Agent signedIn(ApiRequest request) {
        var claims = request.verifiedClaims();
        if (claims.isEmpty()) {
            throw HttpError.unauthorized("this route takes a token of the sign-in provider, verified by API Gateway");
        }
        SignInClaims.Identity identity = signIn.identify(claims);
        java.util.Optional<Agent> found = identity.organizationId() == null ? directory.resolve(identity.value())
                : directory.resolve(identity.value(), identity.organizationId());
        Agent agent = found.filter(a -> identity.value().equals(identity.byEmail() ? a.email() : a.id()))
                .orElseThrow(() -> HttpError.forbidden("you are signed in, but no agent"
                        + (identity.organizationId() == null ? "" : " of your organization") + " has "
                        + (identity.byEmail() ? "your e-mail address" : "your " + identity.claim())));
        return identity.role() == null ? agent : agent.withRole(identity.role());
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
