package io.callhook.http;

import io.callhook.agent.Agent;
import io.callhook.agent.AgentDirectory;
import io.callhook.auth.TokenHashes;
import io.callhook.auth.TokenStrength;
import io.callhook.auth.UnknownTokens;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Authenticates an agent's request: {@code Authorization: Bearer <token>}, or {@code ?token=} (the OpenReception
 * convention); on a signed-in route, the verified claims of the sign-in provider's token instead
 * ({@link #signedIn}). The token is hashed at once and never logged.
 *
 * <p>A wrong token costs no storage request each time: one that cannot be a token callhook accepts (too short, too
 * long, other characters: {@link TokenStrength}) is refused without a lookup, and the hash of one that matched nobody
 * is remembered for a while ({@link UnknownTokens}), so a client repeating it is refused without a lookup too. A
 * token that matches is looked up at every request, never remembered: a revoked token is refused at the next one.
 * On the signed-in routes the agent a person's verified claims name is remembered by the instance for the cache
 * period ({@code ConfigCacheSeconds}), so a change of that agent (its role, its removal) takes effect within it.
 */
public final class AgentAuthentication {

    /** The most sign-ins one instance remembers (least recently used dropped first). */
    static final int SIGN_IN_CACHE_CAPACITY = 10_000;

    private final AgentDirectory directory;
    private final UnknownTokens unknown;
    private final SignInClaims signIn;
    private final long signInTtlNanos;
    private final LongSupplier nanoTime;
    /** The agent each sign-in's claim value (and organization claim) named, with when it was looked up. */
    private final Map<List<String>, Remembered> signIns = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, Remembered> eldest) {
            return size() > SIGN_IN_CACHE_CAPACITY;
        }
    };

    private record Remembered(Agent agent, long atNanos) {
    }

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
        this(directory, unknown, signIn, Duration.ZERO, System::nanoTime);
    }

    /**
     * @param signInTtl how long the agent a sign-in's claims named is remembered ({@link Duration#ZERO}: never)
     * @param nanoTime  the clock, {@link System#nanoTime} outside tests
     */
    public AgentAuthentication(AgentDirectory directory, UnknownTokens unknown, SignInClaims signIn,
                               Duration signInTtl, LongSupplier nanoTime) {
        this.directory = directory;
        this.unknown = unknown;
        this.signIn = signIn;
        this.signInTtlNanos = signInTtl.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * A function's authentication: the sign-in claims of {@code env} ({@link SignInClaims#fromEnvironment}), the
     * agents its sign-ins name remembered for {@code ConfigCacheSeconds} ({@link LiveConfig#ttl}).
     */
    public static AgentAuthentication fromEnvironment(AgentDirectory directory, Environment env) {
        return new AgentAuthentication(directory, new UnknownTokens(), SignInClaims.fromEnvironment(env),
                LiveConfig.ttl(env), System::nanoTime);
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
        Agent agent = lookUp(identity).filter(a -> identity.value().equals(identity.byEmail() ? a.email() : a.id()))
                .orElseThrow(() -> HttpError.forbidden("you are signed in, but no agent"
                        + (identity.organizationId() == null ? "" : " of your organization") + " has "
                        + (identity.byEmail() ? "your e-mail address" : "your " + identity.claim())));
        return identity.role() == null ? agent : agent.withRole(identity.role());
    }

    /**
     * The agent the identity's claim value names (within its organization claim's organization, when there is
     * one): remembered for the cache period when found, so a signed-in person's requests within it read the agents
     * table once. A person found nobody is looked up again at the next request. Agent tokens are never remembered.
     */
    private Optional<Agent> lookUp(SignInClaims.Identity identity) {
        List<String> key = Arrays.asList(identity.value(), identity.organizationId());
        long now = nanoTime.getAsLong();
        if (signInTtlNanos > 0) {
            synchronized (signIns) {
                Remembered remembered = signIns.get(key);
                if (remembered != null && now - remembered.atNanos() < signInTtlNanos) {
                    return Optional.of(remembered.agent());
                }
                signIns.remove(key);
            }
        }
        Optional<Agent> found = identity.organizationId() == null ? directory.resolve(identity.value())
                : directory.resolve(identity.value(), identity.organizationId());
        if (signInTtlNanos > 0 && found.isPresent()) {
            synchronized (signIns) {
                signIns.put(key, new Remembered(found.get(), now));
            }
        }
        return found;
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
