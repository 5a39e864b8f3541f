// Two agents race to pick up the same call through AgentApiHandler on the DynamoDB engine, 200 times over; both
// conditional writes are held until each is ready to be sent, so every round really overlaps.
package io.callhook.agentapi;

import static io.callhook.agentapi.AgentApiFixture.TOKEN_1;
import static io.callhook.agentapi.AgentApiFixture.TOKEN_2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.aws.HttpTransport;
import io.callhook.call.Direction;
import io.callhook.testing.HookedTransport;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OwnershipRaceTest {

    static final int ROUNDS = 200;

    /**
     * Holds each pickup's {@code UpdateItem} until the other agent's is ready to be sent too, so the two writes reach
     * DynamoDB together: neither request can have finished before the other started writing.
     */
    static final class BothWritesTogether implements HttpTransport {
        volatile CyclicBarrier round;
        final AtomicInteger arrived = new AtomicInteger();
        private final HttpTransport http = HookedTransport.before("UpdateItem", this::awaitTheOther);

        @Override
        public Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
            return http.post(uri, headers, body);
        }

        private void awaitTheOther() {
            arrived.incrementAndGet();
            try {
                round.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("the other agent's write never came", e);
            }
        }
    }

    @Test
    void exactlyOneOfTwoAgentsGetsTheCallEveryTime() throws Exception {
        BothWritesTogether together = new BothWritesTogether();
        AgentApiFixture f = AgentApiFixture.start(Map.of(), together);
        Map<String, String> tokens = Map.of("a1", TOKEN_1, "a2", TOKEN_2);
        Map<String, Integer> wins = new HashMap<>(Map.of("a1", 0, "a2", 0));
        int refused = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String callId = "pbx:race-" + round;
                f.ringing(callId, Direction.IN);
                together.round = new CyclicBarrier(2);
                together.arrived.set(0);
                List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
                for (String agent : List.of("a1", "a2")) {
                    answers.add(pool.submit(() -> f.call("call-pickup.json", tokens.get(agent), "call_id", callId)));
                }
                APIGatewayV2HTTPResponse first = answers.get(0).get();
                APIGatewayV2HTTPResponse second = answers.get(1).get();
                assertEquals(2, together.arrived.get(), "round " + round + ": both writes were in flight together");
                String winner = first.getStatusCode() == 200 ? "a1" : "a2";
                APIGatewayV2HTTPResponse won = winner.equals("a1") ? first : second;
                APIGatewayV2HTTPResponse lost = winner.equals("a1") ? second : first;

                assertEquals(200, won.getStatusCode(), "round " + round + ": " + won.getBody());
                AgentApiFixture.assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|" + callId
                        + " belongs to " + winner + "\"}", lost);
                refused++;
                assertEquals(winner, f.item(callId).get("assignedTo").s(), "round " + round);
                assertEquals(winner, ((Map<?, ?>) AgentApiFixture.parse(won.getBody())).get("assigned_to"));
                wins.merge(winner, 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ROUNDS, wins.get("a1") + wins.get("a2"), "one winner per round: " + wins);
        assertEquals(ROUNDS, refused, "one 403 per round");
        assertTrue(wins.get("a1") > 0 && wins.get("a2") > 0,
                "with both writes sent together, each agent wins some rounds: " + wins);
    }
}
