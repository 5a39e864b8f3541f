// The agent API at the limits, through the real handler into the project's engine: a write the record has no room
// for answers each protocol's "invalid request" (not 503 or 500) and writes nothing; /call/list stays within its
// byte budget, longest waiting first, and says how many calls it left out.
package io.callhook.agentapi;

import static io.callhook.agentapi.AgentApiFixture.TOKEN_1;
import static io.callhook.agentapi.AgentApiFixture.assertJson;
import static io.callhook.agentapi.AgentApiFixture.gwsBody;
import static io.callhook.agentapi.AgentApiFixture.id;
import static io.callhook.agentapi.AgentApiFixture.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.call.Direction;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbException;
import io.callhook.http.ApiHandler;
import io.callhook.store.CallItemLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentApiLimitsTest {

    /** Fills the call's item to within 16 bytes of DynamoDB's 400 KB with a provider attribute. */
    private static void nearlyFull(AgentApiFixture f, String callId) {
        for (int pad = 409_600; ; pad -= 16) {
            String value = "p".repeat(pad);
            try {
                f.dynamo.updateItem(b -> b.tableName(f.callsTable).key(CallItemLayout.key(id(callId)))
                        .updateExpression("SET #pad = :pad")
                        .expressionAttributeNames(Map.of("#pad", CallItemLayout.ATTRIBUTE_PREFIX + "pad"))
                        .expressionAttributeValues(Map.of(":pad", AttributeValue.fromS(value))));
                return;
            } catch (DynamoDbException tooLarge) {
                assertTrue(pad > 400_000, "the item takes no pad at all");
            }
        }
    }

    @Test
    void aWriteTheRecordHasNoRoomForIsEachProtocolsInvalidRequestAndWritesNothing() {
        AgentApiFixture f = AgentApiFixture.start();
        f.ringing("full-1", Direction.IN);
        nearlyFull(f, "full-1");
        Map<String, AttributeValue> before = f.item("full-1");

        APIGatewayV2HTTPResponse pickup = f.call("call-pickup.json", TOKEN_1, "call_id", id("full-1"));
        assertJson(422, "{\"status\":\"bad request\",\"description\":\"" + ApiHandler.RECORD_TOO_LARGE + "\"}",
                pickup);
        f.answered("full-2", "+4930111");
        f.ringing("full-2", Direction.IN);
        nearlyFull(f, "full-2");
        Map<String, AttributeValue> before2 = f.item("full-2");
        APIGatewayV2HTTPResponse attach = f.send(gwsBody(TOKEN_1, "full-2",
                "{\"operationName\":\"AttachUserData\",\"userData\":{\"k\":\"" + "v".repeat(1000) + "\"}}"));
        assertJson(422, "{\"statusCode\":1,\"statusMessage\":\"" + ApiHandler.RECORD_TOO_LARGE + "\"}", attach);

        assertEquals(before, f.item("full-1"));
        assertEquals(before2, f.item("full-2"));
    }

    /** The call list of a fixture with {@code budget} bytes and 12 calls waiting, the longest waiting first. */
    static APIGatewayV2HTTPResponse waitingList(int budget) {
        AgentApiFixture f = AgentApiFixture.start(Map.of(AgentApiHandler.MAX_RESPONSE_BYTES_VARIABLE,
                Integer.toString(budget)));
        for (int i = 0; i < 12; i++) {
            f.ringing("wait-" + i, Direction.IN, null, AgentApiFixture.NOW.minusSeconds(600 - i));
        }
        APIGatewayV2HTTPResponse list = f.call("call-list.json", TOKEN_1);
        assertEquals(200, list.getStatusCode(), list.getBody());
        return list;
    }

    /**
     * The list holds the longest run of calls, longest waiting first, whose JSON fits the budget: a budget of
     * exactly the bytes of the first three calls' answer gets those three, one byte less gets two; the rest are
     * counted in the omitted header.
     */
    @Test
    void callListStaysWithinItsByteBudgetLongestWaitingFirst() {
        String all = waitingList(1 << 20).getBody();
        List<?> calls = (List<?>) parse(all);
        assertEquals(12, calls.size());
        List<String> entries = calls.stream().map(JsonResponses::write).toList();
        assertEquals(all, "[" + String.join(",", entries) + "]", "each entry is written as the list writes it");
        int three = ("[" + String.join(",", entries.subList(0, 3)) + "]").getBytes(StandardCharsets.UTF_8).length;

        for (int budget : new int[] {three, three - 1}) {
            APIGatewayV2HTTPResponse list = waitingList(budget);
            int fit = budget == three ? 3 : 2;
            assertEquals("[" + String.join(",", entries.subList(0, fit)) + "]", list.getBody(), "budget " + budget);
            assertTrue(list.getBody().getBytes(StandardCharsets.UTF_8).length <= budget);
            assertEquals(Integer.toString(12 - fit), list.getHeaders().get(OpenReceptionCalls.OMITTED_HEADER));
        }
        for (int i = 0; i < 12; i++) {
            assertEquals(id("wait-" + i), ((Map<?, ?>) calls.get(i)).get("id"), "longest waiting first");
        }
        assertEquals(1, ((List<?>) parse(waitingList(10).getBody())).size(), "the first call always fits");

        AgentApiFixture roomy = AgentApiFixture.start();
        roomy.ringing("roomy-1", Direction.IN);
        APIGatewayV2HTTPResponse one = roomy.call("call-list.json", TOKEN_1);
        assertNull(one.getHeaders().get(OpenReceptionCalls.OMITTED_HEADER));
    }
}
