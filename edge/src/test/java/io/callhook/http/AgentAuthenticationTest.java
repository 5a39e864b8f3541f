// Agent authentication against the project's engine, counting the SDK's requests: a token that cannot be one is
// refused without a lookup, and a wrong token repeated costs one lookup until the negative cache forgets it.
package io.callhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import io.callhook.agent.Agent;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
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
}
