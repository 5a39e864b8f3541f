package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.jr.ob.JSON;
import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.aws.HttpTransport;
import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.events.EventBridgePublisher;
import io.callhook.store.AgentCallItemLayout;
import io.callhook.store.CallItemLayout;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoCallStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.LocalEventBus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A fresh set of the template's tables on the DynamoDB engine, three agents, the agent API handler built from the
 * template's environment for AgentApiFunction, and helpers that play the webhook's writes and the sample events.
 */
final class AgentApiFixture {

    static final Path EVENTS = SamTemplate.find().getParent().resolve("events/agent-api");
    /** The {@code timeEpoch} of every sample event: the API's "now". */
    static final Instant NOW = Instant.ofEpochMilli(1763899215000L);
    /** The integration the fixture's webhook writes come in through; its calls belong to organization 1. */
    static final String INTEGRATION = "pbx";
    static final String SAMPLE_CALL = "pbx:8a1f0c2e-5b7d-4e39-a6c4-2f9d3b1e7c55";
    static final String SAMPLE_SOURCE = "pbx:3c9b7e10-2a4f-4d8e-b1c6-9e0f5a7d2b34";

    static final String TOKEN_1 = "local-agent-token-4d7Qx9Lm2Rb8";
    static final String TOKEN_2 = "second-agent-token-7Kp3Vw8Nz1Hc";
    static final String TOKEN_3 = "third-agent-token-2Ft6Yq9Js4Mg";
    static final Agent A1 = new Agent("a1", "jdoe", "jdoe@example.com", Set.of("+4930111", "201"), "1");
    static final Agent A2 = new Agent("a2", "mmax", null, Set.of("+4930222"), "1");
    static final Agent A3 = new Agent("a3", "erika", null, Set.of(), "2");

    private static LocalEventBus bridge;

    final DynamoDbJsonClient dynamo;
    final String callsTable;
    final DynamoCallStore store;
    final DynamoAgentDirectory directory;
    final AgentApiHandler handler;
    final Environment env;

    private AgentApiFixture(Map<String, String> extra, HttpTransport transport) {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        callsTable = tables.get("CallsTable");
        Map<String, String> variables = new HashMap<>(bridge().clientEnvironment());
        variables.putAll(extra);
        env = local.functionEnvironment("AgentApiFunction", tables, variables);
        dynamo = local.client();
        store = DynamoCallStore.fromEnvironment(dynamo, env);
        directory = DynamoAgentDirectory.fromEnvironment(dynamo, env);
        directory.create(A1, TokenHashes.hashOf(TOKEN_1));
        directory.create(A2, TokenHashes.hashOf(TOKEN_2));
        directory.create(A3, TokenHashes.hashOf(TOKEN_3));
        handler = transport == null ? new AgentApiHandler(env)
                : new AgentApiHandler(env, local.client(transport), EventBridgePublisher.fromEnvironment(env));
        bridge().clear();
        bridge().refusing(false);
        bridge().failing(false);
    }

    static AgentApiFixture start() {
        return new AgentApiFixture(Map.of(), null);
    }

    static AgentApiFixture start(Map<String, String> extra) {
        return new AgentApiFixture(extra, null);
    }

    static AgentApiFixture start(Map<String, String> extra, HttpTransport transport) {
        return new AgentApiFixture(extra, transport);
    }

    static synchronized LocalEventBus bridge() {
        if (bridge == null) {
            bridge = new LocalEventBus();
        }
        return bridge;
    }

    // --- requests ---------------------------------------------------------------------------------------------

    static APIGatewayV2HTTPEvent sample(String file) {
        return EventLoader.loadApiGatewayHttpEvent(EVENTS.resolve(file).toString());
    }

    /** A sample event sent with {@code token} and the given query string (replacing the sample's). */
    static APIGatewayV2HTTPEvent request(String file, String token, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = sample(file);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        if (token == null) {
            headers.remove("authorization");
        } else {
            headers.put("authorization", "Bearer " + token);
        }
        event.setHeaders(headers);
        event.setQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query));
        event.setRawQueryString(query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        return event;
    }

    /**
     * The agent-facing id of a call of the fixture: {@code id} itself when it names its integration, else the call
     * {@code id} of {@link #INTEGRATION}.
     */
    static String id(String id) {
        return id.contains(":") ? id : INTEGRATION + ":" + id;
    }

    /** A GWS sample event for {@code callId} ({@link #id}) with {@code token}, its body's call id replaced too. */
    static APIGatewayV2HTTPEvent gws(String file, String token, String call) {
        String callId = id(call);
        APIGatewayV2HTTPEvent event = request(file, token, Map.of());
        event.setRawPath(event.getRawPath().replace(SAMPLE_CALL, callId));
        event.getRequestContext().getHttp().setPath(event.getRawPath());
        event.setPathParameters(Map.of("id", callId));
        event.setBody(event.getBody().replace(SAMPLE_CALL, callId));
        return event;
    }

    static APIGatewayV2HTTPEvent gwsBody(String token, String callId, String body) {
        APIGatewayV2HTTPEvent event = gws("gws-hold.json", token, callId);
        event.setBody(body);
        return event;
    }

    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    APIGatewayV2HTTPResponse call(String file, String token, String... query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i + 1 < query.length; i += 2) {
            parameters.put(query[i], query[i + 1]);
        }
        return send(request(file, token, parameters));
    }

    /** Asserts the status and that the body is exactly this JSON. */
    static void assertJson(int status, String expectedJson, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        assertEquals(parse(expectedJson), parse(response.getBody()), response.getBody());
    }

    static Object parse(String json) {
        try {
            return JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    // --- what the webhook writes (DynamoCallStore.apply: one UpdateItem per event) -----------------------------

    /** A webhook event of the call {@code id} ({@link #id}): the integration's own call id and its name. */
    private static CallEvent.Builder event(String id, EventType type, Instant at) {
        String key = id(id);
        int colon = key.indexOf(':');
        return CallEvent.builder(key.substring(colon + 1), key.substring(0, colon), type, at);
    }

    void ringing(String callId, Direction direction, String queue, Instant at) {
        store.apply(event(callId, EventType.NEW_CALL, at).direction(direction)
                .from(direction == Direction.IN ? "+4922100" : "+4930111").to(direction == Direction.IN ? "+4930500"
                        : "+4922199").queue(queue).ringingAt(at).build());
    }

    void ringing(String callId, Direction direction) {
        ringing(callId, direction, null, NOW.minusSeconds(60));
    }

    void answered(String callId, String answeredBy) {
        store.apply(event(callId, EventType.ANSWER, NOW.minusSeconds(30))
                .answeredAt(NOW.minusSeconds(30)).answeredBy(answeredBy).build());
    }

    void ended(String callId) {
        store.apply(event(callId, EventType.HANGUP, NOW.minusSeconds(10))
                .endedAt(NOW.minusSeconds(10)).cause("normalClearing", Cause.NORMAL).build());
    }

    Map<String, AttributeValue> item(String callId) {
        return dynamo.getItem(b -> b.tableName(callsTable).key(CallItemLayout.key(id(callId))).consistentRead(true))
                .item();
    }

    String state(String callId) {
        return CallViews.openReceptionState(AgentCallItemLayout.toAgentCall(item(callId)).state());
    }

    long itemCount() {
        return dynamo.scan(b -> b.tableName(callsTable).select("COUNT")).count();
    }

    /** Every entry published so far, as EventBridge received it ({@code Source}, {@code DetailType}, ...). */
    static List<Map<String, Object>> published() {
        return bridge().entries().stream().map(e -> Map.<String, Object>of("Source", e.source(),
                "DetailType", e.detailType(), "Detail", io.callhook.json.Json.write(e.detail()),
                "EventBusName", e.bus())).toList();
    }
}
