// Two agents race to pick up the same call through AgentApiHandler on DynamoDB Local, 200 times over.
package io.callhook.agentapi;

import static io.callhook.agentapi.AgentApiFixture.TOKEN_1;
import static io.callhook.agentapi.AgentApiFixture.TOKEN_2;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.call.Direction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OwnershipRaceTest {

    static final int ROUNDS = 200;

    @Test
    void exactlyOneOfTwoAgentsGetsTheCallEveryTime() throws Exception {
        AgentApiFixture f = AgentApiFixture.start();
        Map<String, String> tokens = Map.of("a1", TOKEN_1, "a2", TOKEN_2);
        Map<String, Integer> wins = new HashMap<>(Map.of("a1", 0, "a2", 0));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String callId = "race-" + round;
                f.ringing(callId, Direction.IN);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
                for (String agent : List.of("a1", "a2")) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return f.call("call-pickup.json", tokens.get(agent), "call_id", callId);
                    }));
                }
                APIGatewayV2HTTPResponse first = answers.get(0).get();
                APIGatewayV2HTTPResponse second = answers.get(1).get();
                String winner = first.getStatusCode() == 200 ? "a1" : "a2";
                APIGatewayV2HTTPResponse won = winner.equals("a1") ? first : second;
                APIGatewayV2HTTPResponse lost = winner.equals("a1") ? second : first;

                assertEquals(200, won.getStatusCode(), "round " + round + ": " + won.getBody());
                AgentApiFixture.assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|" + callId
                        + " belongs to " + winner + "\"}", lost);
                assertEquals(winner, f.item(callId).get("assignedTo").s(), "round " + round);
                assertEquals(winner, ((Map<?, ?>) AgentApiFixture.parse(won.getBody())).get("assigned_to"));
                wins.merge(winner, 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ROUNDS, wins.get("a1") + wins.get("a2"));
        System.out.println("ownership race: " + wins);
    }
}
