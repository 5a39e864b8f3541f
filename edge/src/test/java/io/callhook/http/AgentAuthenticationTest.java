// Agent authentication against the project's engine, counting the SDK's requests: a token that cannot be one is
// refused without a lookup, and a wrong token repeated costs one lookup until the negative cache forgets it.
package io.callhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.auth.TokenHashes;
import io.callhook.auth.UnknownTokens;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RequestCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentAuthenticationTest {

    static final String TOKEN = "auth-test-token-Qm3Vx8Lr2Tb9Kp";
    static final RequestCounter REQUESTS = new RequestCounter();
    static DynamoAgentDirectory directory;
    static final Agent AGENT = new Agent("auth-1", "auth", null, Set.of(), "1");
    static final Agent SUPERVISOR = new Agent("sso-1", "sso-login", "sso@example.com", Set.of("201"), "1",
            Role.SUPERVISOR);
    static final Agent OTHER_ORGANIZATION = new Agent("sso-2", "other", "other@example.com", Set.of(), "2");

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    ManualClock clock;
    AgentAuthentication authentication;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        String table = local.createTables().get("AgentsTable");
        directory = new DynamoAgentDirectory(local.client(REQUESTS), table);
        directory.save(AGENT, TokenHashes.hashOf(TOKEN));
        directory.save(SUPERVISOR, TokenHashes.hashOf("sso-agent-token-Qm3Vx8Lr2Tb9Kp"));
        directory.save(OTHER_ORGANIZATION, TokenHashes.hashOf("sso-other-token-Qm3Vx8Lr2Tb9Kp"));
    }

    @BeforeEach
    void fresh() {
        clock = new ManualClock();
        authentication = new AgentAuthentication(directory, new UnknownTokens(3, Duration.ofMinutes(1), clock));
        REQUESTS.reset();
    }

    static ApiRequest bearer(String token) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(Map.of("authorization", "Bearer " + token));
        return ApiRequest.of(event);
    }

    private void assertRefused(String token) {
        HttpError refused = assertThrows(HttpError.class, () -> authentication.authenticate(bearer(token)));
        assertEquals(401, refused.status());
        assertEquals("unknown agent token", refused.getMessage());
    }

    @Test
    void aTokenThatCannotBeOneIsRefusedWithoutALookup() {
        for (String token : List.of("short", "an-agent-token", "0123456789abcdef0123456789abcde",
                "x".repeat(513), "has space in it but is long enough", "tab\tinside-a-long-enough-token",
                "ünïcödé-is-not-a-token-character-set")) {
            assertRefused(token);
            assertEquals(List.of(), REQUESTS.requests(), token);
        }
    }

    @Test
    void aRepeatedWrongTokenCostsOneLookupUntilTheCacheForgetsIt() {
        String wrong = "wrong-token-but-well-formed-4Hx9";
        for (int i = 0; i < 20; i++) {
            assertRefused(wrong);
        }
        assertEquals(List.of("Query"), REQUESTS.requests());

        clock.now = clock.now.plus(Duration.ofSeconds(59));
        assertRefused(wrong);
        assertEquals(1, REQUESTS.requests().size());
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertRefused(wrong);
        assertEquals(List.of("Query", "Query"), REQUESTS.requests());
    }

    @Test
    void theCacheIsBoundedAndTheLeastRecentlySeenHashGoesFirst() {
        List<String> wrong = List.of("wrong-token-one-5Tq8Lm2Xv7Rb", "wrong-token-two-5Tq8Lm2Xv7Rb",
                "wrong-token-three-5Tq8Lm2Xv7R", "wrong-token-four-5Tq8Lm2Xv7Rb");
        wrong.forEach(this::assertRefused);
        assertEquals(4, REQUESTS.requests().size());
        assertRefused(wrong.get(3));
        assertRefused(wrong.get(1));
        assertEquals(4, REQUESTS.requests().size());
        assertRefused(wrong.get(0));
        assertEquals(5, REQUESTS.requests().size());
    }

    @Test
    void aKnownTokenIsLookedUpEachTimeSoARotationTakesEffectAtOnce() {
        assertEquals(AGENT, authentication.authenticate(bearer(TOKEN)));
        assertEquals(AGENT, authentication.authenticate(bearer(TOKEN)));
        assertEquals(List.of("Query", "Query"), REQUESTS.requests());
    }

    /** A request on a signed-in twin, with the claims API Gateway's authorizer verified (none: null). */
    static ApiRequest signedIn(Map<String, String> claims, String authorization) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey("GET /oidc/api/v1/me");
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context =
                APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey("GET /oidc/api/v1/me");
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims)
                            .build()).build());
        }
        event.setRequestContext(context.build());
        event.setHeaders(authorization == null ? Map.of() : Map.of("authorization", authorization));
        return ApiRequest.of(event);
    }

    static int refusal(AgentAuthentication authentication, ApiRequest request) {
        return assertThrows(HttpError.class, () -> authentication.authenticate(request)).status();
    }

    @Test
    void aSignedInRequestIsTheAgentItsEmailClaimNamesWithTheTablesOrganizationAndRole() {
        AgentAuthentication byDefault = new AgentAuthentication(directory, SignInClaims.defaults());
        Agent me = byDefault.authenticate(signedIn(Map.of("email", "sso@example.com", "sub", "x"), "Bearer a.b.c"));
        assertEquals(SUPERVISOR, me);
        assertEquals(Role.SUPERVISOR, me.role());
        // the e-mail claim matches e-mail addresses only, not another of the agent's names
        assertEquals(403, refusal(byDefault, signedIn(Map.of("email", "sso-login"), null)));
        assertEquals(403, refusal(byDefault, signedIn(Map.of("email", "201"), null)));
        assertEquals(403, refusal(byDefault, signedIn(Map.of("email", "nobody@example.com"), null)));
        assertEquals(403, refusal(byDefault, signedIn(Map.of("sub", "sso-1"), null)));
    }

    @Test
    void withoutVerifiedClaimsASignedInRouteIsRefusedEvenWithAValidAgentToken() {
        AgentAuthentication byDefault = new AgentAuthentication(directory, SignInClaims.defaults());
        assertEquals(401, refusal(byDefault, signedIn(null, "Bearer " + TOKEN)));
        assertEquals(401, refusal(byDefault, signedIn(Map.of(), "Bearer " + TOKEN)));
        // and the token routes keep taking the token, whatever claims a request might carry
        assertEquals(AGENT, byDefault.authenticate(bearer(TOKEN)));
    }

    @Test
    void anOrganizationClaimLimitsTheAgentToThatOrganizationAndARoleClaimGivesTheRole() {
        AgentAuthentication claims = new AgentAuthentication(directory, new SignInClaims("email", "tid",
                "groups", Map.of()));
        assertEquals(SUPERVISOR.withRole(Role.ADMIN), claims.authenticate(signedIn(Map.of("email", "sso@example.com",
                "tid", "1", "groups", "[agent admin]"), null)));
        assertEquals(Role.AGENT, claims.authenticate(signedIn(Map.of("email", "sso@example.com", "tid", "1"),
                null)).role());
        // the agent is organization 1's: a token of organization 2 names nobody there
        assertEquals(403, refusal(claims, signedIn(Map.of("email", "sso@example.com", "tid", "2"), null)));
        assertEquals(403, refusal(claims, signedIn(Map.of("email", "sso@example.com"), null)));
        assertEquals(OTHER_ORGANIZATION, claims.authenticate(signedIn(Map.of("email", "other@example.com",
                "tid", "2"), null)));
    }

    @Test
    void theSubClaimNamesTheAgentById() {
        AgentAuthentication bySub = new AgentAuthentication(directory, new SignInClaims("sub", null, null,
                Map.of()));
        assertEquals(SUPERVISOR, bySub.authenticate(signedIn(Map.of("sub", "sso-1"), null)));
        assertEquals(403, refusal(bySub, signedIn(Map.of("sub", "sso@example.com"), null)));
        assertEquals(403, refusal(bySub, signedIn(Map.of("sub", "sso-login"), null)));
    }

    @Test
    void aSignInsAgentIsLookedUpOncePerCachePeriodAndARoleChangeTakesEffectAfterIt() {
        Agent cached = new Agent("cache-1", "cache-login", "cache@example.com", Set.of(), "1", Role.AGENT);
        directory.save(cached, TokenHashes.hashOf("cache-agent-token-Qm3Vx8Lr2Tb9Kp"));
        long[] nanos = {0};
        AgentAuthentication remembering = new AgentAuthentication(directory, new UnknownTokens(),
                SignInClaims.defaults(), Duration.ofSeconds(30), () -> nanos[0]);
        ApiRequest request = signedIn(Map.of("email", "cache@example.com"), null);
        REQUESTS.reset();
        assertEquals(Role.AGENT, remembering.authenticate(request).role());
        assertEquals(List.of("GetItem", "GetItem"), REQUESTS.requests(), "the name item, then the agent");

        directory.saveKeepingToken(cached.withRole(Role.SUPERVISOR));
        REQUESTS.reset();
        nanos[0] += Duration.ofSeconds(29).toNanos();
        assertEquals(Role.AGENT, remembering.authenticate(request).role(), "within the period: as looked up");
        assertEquals(List.of(), REQUESTS.requests(), "two requests within the period: one lookup");

        nanos[0] += Duration.ofSeconds(1).toNanos();
        assertEquals(Role.SUPERVISOR, remembering.authenticate(request).role(), "after it: the change applies");
        assertEquals(List.of("GetItem", "GetItem"), REQUESTS.requests());

        // without a cache period (the handlers' test default) every request looks up
        REQUESTS.reset();
        AgentAuthentication uncached = new AgentAuthentication(directory, SignInClaims.defaults());
        uncached.authenticate(request);
        uncached.authenticate(request);
        assertEquals(4, REQUESTS.requests().size());
    }

    @Test
    void anAgentTokenIsNeverRememberedSoARevokedOneIsRefusedAtTheNextRequest() {
        Agent holder = new Agent("revoke-1", "revoke-login", "revoke@example.com", Set.of(), "1", Role.ADMIN);
        String token = "revoke-agent-token-Qm3Vx8Lr2Tb9Kp";
        directory.save(holder, TokenHashes.hashOf(token));
        long[] nanos = {0};
        AgentAuthentication remembering = new AgentAuthentication(directory, new UnknownTokens(),
                SignInClaims.defaults(), Duration.ofSeconds(30), () -> nanos[0]);
        assertEquals(holder, remembering.authenticate(bearer(token)));
        assertEquals(holder, remembering.authenticate(signedIn(Map.of("email", "revoke@example.com"), null)));
        assertEquals(true, directory.revokeToken(holder.id(), "1"));
        HttpError refused = assertThrows(HttpError.class, () -> remembering.authenticate(bearer(token)));
        assertEquals(401, refused.status(), "no cache keeps a revoked token working");
    }
}
