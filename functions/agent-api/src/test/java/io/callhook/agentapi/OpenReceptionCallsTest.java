// Handler tests: the events/agent-api OpenReception samples through AgentApiHandler into the DynamoDB engine over HTTP.
package io.callhook.agentapi;

import static io.callhook.agentapi.AgentApiFixture.NOW;
import static io.callhook.agentapi.AgentApiFixture.SAMPLE_CALL;
import static io.callhook.agentapi.AgentApiFixture.TOKEN_1;
import static io.callhook.agentapi.AgentApiFixture.TOKEN_2;
import static io.callhook.agentapi.AgentApiFixture.assertJson;
import static io.callhook.agentapi.AgentApiFixture.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.agent.Agent;
import io.callhook.agent.AgentDirectory;
import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.events.EventBridgePublisher;
import io.callhook.store.AgentCallStore;
import io.callhook.store.CallItemLayout;
import io.callhook.store.DynamoAgentCallStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.CapturedLog;
import io.callhook.testing.HookedTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpenReceptionCallsTest {

    static final String ARRIVED = Long.toString(NOW.minusSeconds(60).getEpochSecond());
    static final String ANSWERED = Long.toString(NOW.minusSeconds(30).getEpochSecond());

    AgentApiFixture f;

    @BeforeEach
    void start() {
        f = AgentApiFixture.start();
    }

    /** The call object the API shows for a call made by {@link AgentApiFixture#ringing(String, Direction)}. */
    static String call(String id, String state, boolean inbound, String assignedTo, String answeredAt,
                       String bLeg) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", id);
        call.put("state", state);
        call.put("b_leg", bLeg);
        call.put("inbound", inbound);
        call.put("destination", inbound ? "+4930500" : "+4922199");
        call.put("caller_id", inbound ? "+4922100" : "+4930111");
        call.put("assigned_to", assignedTo);
        call.put("channel", id);
        call.put("organization_id", "1"); // the organization of the fixture's integration, whoever has the call
        call.put("arrival_time", ARRIVED);
        call.put("answered_at", answeredAt);
        return JsonResponses.write(call);
    }

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(AgentApiFixture.EVENTS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleIsARouteOfTheTemplateAndNeedsAnAgentToken(String file) {
        APIGatewayV2HTTPEvent sample = AgentApiFixture.sample(file);
        Set<String> routes = SamTemplate.load(SamTemplate.find()).function("AgentApiFunction").routes().stream()
                .map(r -> r.method() + " " + r.path()).collect(Collectors.toSet());
        assertTrue(routes.contains(sample.getRouteKey()), sample.getRouteKey());
        assertEquals(sample.getRouteKey(), sample.getRequestContext().getRouteKey());
        String authorization = sample.getHeaders().get("authorization");
        assertEquals("Bearer local-agent-token-4d7Qx9Lm2Rb8", authorization != null ? authorization
                : "Bearer " + sample.getQueryStringParameters().get("token"));
        boolean gws = file.startsWith("gws-");
        long before = f.itemCount();

        Map<String, String> query = new LinkedHashMap<>(sample.getQueryStringParameters() == null ? Map.of()
                : sample.getQueryStringParameters());
        query.remove("token");
        APIGatewayV2HTTPEvent none = AgentApiFixture.request(file, null, query);
        none.setBody(sample.getBody());
        assertJson(401, gws
                ? "{\"statusCode\":20,\"statusMessage\":\"an agent token is required: Authorization: Bearer <token> "
                        + "or ?token=\"}"
                : "{\"status\":\"unauthorized\",\"description\":\"an agent token is required: Authorization: "
                        + "Bearer <token> or ?token=\"}", f.send(none));
        APIGatewayV2HTTPEvent wrong = AgentApiFixture.request(file, "not-a-token", query);
        wrong.setBody(sample.getBody());
        APIGatewayV2HTTPResponse refused = f.send(wrong);
        assertJson(401, gws ? "{\"statusCode\":20,\"statusMessage\":\"unknown agent token\"}"
                : "{\"status\":\"unauthorized\",\"description\":\"unknown agent token\"}", refused);
        assertFalse(refused.getBody().contains("not-a-token"));
        assertEquals(before, f.itemCount());
        assertTrue(AgentApiFixture.published().isEmpty());

        APIGatewayV2HTTPResponse routed = f.send(sample);
        assertNotEquals(401, routed.getStatusCode(), routed.getBody());
        assertFalse(routed.getBody().contains("no route"), routed.getBody());
    }

    @Test
    void everyRouteOfTheTemplateHasASample() throws IOException {
        Set<String> sampled = samples().map(n -> AgentApiFixture.sample(n).getRouteKey()).collect(Collectors.toSet());
        SamTemplate.load(SamTemplate.find()).function("AgentApiFunction").routes()
                .forEach(r -> assertTrue(sampled.contains(r.method() + " " + r.path()), r.toString()));
    }

    @Test
    void listShowsMyLiveCallsAndTheWaitingCallsNobodyHasLongestWaitingFirst() {
        f.ringing("pbx:queued-call", Direction.IN, "support", NOW.minusSeconds(120));
        f.ringing("pbx:picked", Direction.OUT, null, NOW.minusSeconds(100));
        f.ringing("pbx:answered-by-me", Direction.IN, null, NOW.minusSeconds(90));
        f.answered("pbx:answered-by-me", "+4930111");
        f.ringing("pbx:ivr", Direction.IN, null, NOW.minusSeconds(80));
        f.answered("pbx:ivr", null);
        f.ringing("pbx:ringing-call", Direction.IN, null, NOW.minusSeconds(60));
        f.ringing("pbx:others", Direction.IN);
        f.ringing("pbx:answered-by-other", Direction.IN);
        f.answered("pbx:answered-by-other", "mmax");
        f.ringing("pbx:ended", Direction.IN);
        f.ended("pbx:ended");
        f.ringing("pbx:too-old", Direction.IN, null, NOW.minusSeconds(13 * 3600));
        assertEquals(200, f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:picked").getStatusCode());
        assertEquals(200, f.call("call-pickup.json", TOKEN_2, "call_id", "pbx:others").getStatusCode());

        APIGatewayV2HTTPResponse mine = f.call("call-list.json", TOKEN_1);

        String expected = "[" + String.join(",",
                call("pbx:queued-call", "queued", true, null, null, null).replace(ARRIVED, at(120)),
                call("pbx:picked", "speaking", false, "a1", null, null).replace(ARRIVED, at(100)),
                call("pbx:answered-by-me", "speaking", true, "a1", ANSWERED, null).replace(ARRIVED, at(90)),
                call("pbx:ivr", "queued", true, null, ANSWERED, null).replace(ARRIVED, at(80)),
                call("pbx:ringing-call", "ringing", true, null, null, null)) + "]";
        assertJson(200, expected, mine);
        List<?> theirs = (List<?>) parse(f.call("call-list.json", TOKEN_2).getBody());
        assertEquals(List.of("pbx:queued-call", "pbx:ivr", "pbx:answered-by-other", "pbx:others", "pbx:ringing-call"),
                theirs.stream().map(c -> ((Map<?, ?>) c).get("id")).toList());
    }

    private static String at(long secondsBeforeNow) {
        return Long.toString(NOW.minusSeconds(secondsBeforeNow).getEpochSecond());
    }

    @Test
    void stateShowsTheCallAndWhoHasItOr404() {
        f.ringing("pbx:s1", Direction.IN);
        assertJson(200, "{\"call\":" + call("pbx:s1", "ringing", true, null, null, null) + "}",
                f.call("call-state.json", TOKEN_1, "call_id", "pbx:s1"));
        f.answered("pbx:s1", "+4930222");
        assertJson(200, "{\"call\":" + call("pbx:s1", "speaking", true, "a2", ANSWERED, null) + "}",
                f.call("call-state.json", TOKEN_1, "call_id", "pbx:s1"));
        f.ringing("pbx:s2", Direction.IN);
        f.answered("pbx:s2", "+4930999");
        assertJson(200, "{\"call\":" + call("pbx:s2", "speaking", true, null, ANSWERED, null) + "}",
                f.call("call-state.json", TOKEN_1, "call_id", "pbx:s2"));
        assertJson(404, "{\"status\":\"not found\",\"description\":\"nope does not exist.\"}",
                f.call("call-state.json", TOKEN_1, "call_id", "nope"));
        assertJson(400, "{\"status\":\"bad request\",\"description\":\"call_id is required\"}",
                f.call("call-state.json", TOKEN_1));
    }

    @Test
    void theTokenMayComeInTheQueryString() {
        f.ringing(SAMPLE_CALL, Direction.IN);
        assertJson(200, "{\"call\":" + call(SAMPLE_CALL, "ringing", true, null, null, null) + "}",
                f.send(AgentApiFixture.sample("call-state-query-token.json")));
    }

    @Test
    void pickupAssignsAWaitingCallToMeAndChangesNoProviderFact() {
        f.ringing("pbx:p1", Direction.IN, "support", NOW.minusSeconds(60));
        CallRecord before = CallItemLayout.toRecord(f.item("pbx:p1"));

        assertJson(200, call("pbx:p1", "speaking", true, "a1", null, null),
                f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:p1"));

        Map<String, AttributeValue> item = f.item("pbx:p1");
        assertEquals("a1", item.get("assignedTo").s());
        assertEquals(Long.toString(NOW.toEpochMilli()), item.get("assignedAt").n());
        assertEquals(false, item.get("held").bool());
        assertEquals(before, CallItemLayout.toRecord(item));
        assertJson(200, call("pbx:p1", "speaking", true, "a1", null, null),
                f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:p1"));
    }

    @Test
    void pickupOfAnotherAgentsCallIsForbiddenAndWritesNothing() {
        f.ringing("pbx:p2", Direction.IN);
        f.call("call-pickup.json", TOKEN_2, "call_id", "pbx:p2");
        Map<String, AttributeValue> before = f.item("pbx:p2");
        assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|pbx:p2 belongs to a2\"}",
                f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:p2"));
        assertEquals(before, f.item("pbx:p2"));

        f.ringing("pbx:p3", Direction.IN);
        f.answered("pbx:p3", "+4930222");
        Map<String, AttributeValue> answered = f.item("pbx:p3");
        assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|pbx:p3 belongs to a2\"}",
                f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:p3"));
        assertEquals(answered, f.item("pbx:p3"));
    }

    @Test
    void pickupOfAFinishedOrUnknownCallIsRefused() {
        f.ringing("pbx:p4", Direction.IN);
        f.ended("pbx:p4");
        Map<String, AttributeValue> before = f.item("pbx:p4");
        assertJson(409, "{\"status\":\"conflict\",\"description\":\"pbx:p4 is no longer available: it is hungup\"}",
                f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:p4"));
        assertEquals(before, f.item("pbx:p4"));
        long count = f.itemCount();
        assertJson(404, "{\"status\":\"not found\",\"description\":\"p5 does not exist.\"}",
                f.call("call-pickup.json", TOKEN_1, "call_id", "p5"));
        assertEquals(count, f.itemCount());
    }

    @Test
    void pickupWithoutCallIdTakesTheCallNobodyHasThatWaitedLongest() {
        f.ringing("pbx:taken", Direction.IN, null, NOW.minusSeconds(300));
        f.call("call-pickup.json", TOKEN_2, "call_id", "pbx:taken");
        f.ringing("pbx:newer", Direction.IN, null, NOW.minusSeconds(60));
        f.ringing("pbx:older", Direction.IN, "support", NOW.minusSeconds(200));
        assertEquals("pbx:older", ((Map<?, ?>) parse(f.call("call-pickup.json", TOKEN_1).getBody())).get("id"));
        assertEquals("pbx:newer", ((Map<?, ?>) parse(f.call("call-pickup.json", TOKEN_1).getBody())).get("id"));
        assertJson(404, "{\"status\":\"not found\",\"description\":\"No call available to pick up\"}",
                f.call("call-pickup.json", TOKEN_1));
        assertEquals("a2", f.item("pbx:taken").get("assignedTo").s());
    }

    private List<Object> listedIds(String token) {
        return ((List<?>) parse(f.call("call-list.json", token).getBody())).stream()
                .<Object>map(c -> ((Map<?, ?>) c).get("id")).toList();
    }

    private Object pickedUp(String token) {
        return ((Map<?, ?>) parse(f.call("call-pickup.json", token).getBody())).get("id");
    }

    @Test
    void aCallThatStartedRingingLongerAgoThanTheMaximumRingAgeIsNotWaiting() {
        // rang seven hours ago and its hangup never arrived
        f.ringing("pbx:lost-hangup", Direction.IN, "support", NOW.minusSeconds(7 * 3600));
        f.ringing("pbx:at-the-limit", Direction.IN, null, NOW.minusSeconds(900));
        f.ringing("pbx:fresh", Direction.IN, null, NOW.minusSeconds(120));
        f.ringing("pbx:long-talk", Direction.IN, null, NOW.minusSeconds(2 * 3600));
        f.answered("pbx:long-talk", "+4930111");

        assertEquals(List.of("pbx:long-talk", "pbx:at-the-limit", "pbx:fresh"), listedIds(TOKEN_1));
        assertEquals(List.of("pbx:at-the-limit", "pbx:fresh"), listedIds(TOKEN_2));
        assertEquals("pbx:at-the-limit", pickedUp(TOKEN_2));
        assertEquals("pbx:fresh", pickedUp(TOKEN_2));
        assertJson(404, "{\"status\":\"not found\",\"description\":\"No call available to pick up\"}",
                f.call("call-pickup.json", TOKEN_2));
        assertEquals(null, f.item("pbx:lost-hangup").get("assignedTo"));
        assertJson(200, "{\"status\":\"on hold\",\"description\":\"pbx:long-talk was put on hold\"}",
                f.call("call-park.json", TOKEN_1));

        f = AgentApiFixture.start(Map.of("MAX_RING_SECONDS", Long.toString(8 * 3600)));
        f.ringing("pbx:lost-hangup", Direction.IN, "support", NOW.minusSeconds(7 * 3600));
        assertEquals(List.of("pbx:lost-hangup"), listedIds(TOKEN_1));
        assertEquals("pbx:lost-hangup", pickedUp(TOKEN_1));
    }

    @Test
    void theLongestWaitingCallsAreReadFirstWhenTheyFillMoreThanThePageCap() {
        HookedTransport onePerPage = HookedTransport.rewriting("Query", body -> {
            try {
                ObjectNode query = (ObjectNode) new ObjectMapper().readTree(body);
                return query.put("Limit", 1).toString().getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        f = AgentApiFixture.start(Map.of(), onePerPage);
        for (int i = 0; i < AgentCallStore.MAX_PAGES + 2; i++) {
            f.ringing("pbx:w" + i, Direction.IN, null, NOW.minusSeconds(600 - 10 * i));
        }
        List<Object> listed = listedIds(TOKEN_1);
        assertEquals(AgentCallStore.MAX_PAGES, listed.size(), "one call per page, the page cap holds");
        assertEquals(List.of("pbx:w0", "pbx:w1"), listed.subList(0, 2));
        assertEquals("pbx:w0", pickedUp(TOKEN_1));
        assertEquals("pbx:w1", pickedUp(TOKEN_1));
    }

    @Test
    void parkHoldsMyCurrentCallAndPickupUnparksIt() {
        assertJson(404, "{\"status\":\"not found\",\"description\":\"No call available to put on hold\"}",
                f.call("call-park.json", TOKEN_1));
        f.ringing("pbx:k1", Direction.IN);
        f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:k1");

        assertJson(200, "{\"status\":\"on hold\",\"description\":\"pbx:k1 was put on hold\"}",
                f.call("call-park.json", TOKEN_1));
        assertEquals("parked", f.state("pbx:k1"));
        assertEquals(true, f.item("pbx:k1").get("held").bool());

        Map<String, AttributeValue> parked = f.item("pbx:k1");
        assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|pbx:k1 belongs to a1\"}",
                f.call("call-pickup.json", TOKEN_2, "call_id", "pbx:k1"));
        assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|pbx:k1 belongs to a1\"}",
                f.call("call-park.json", TOKEN_2, "call_id", "pbx:k1"));
        assertEquals(parked, f.item("pbx:k1"));

        assertJson(200, call("pbx:k1", "unparked", true, "a1", null, null),
                f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:k1"));
        assertEquals(false, f.item("pbx:k1").get("held").bool());
    }

    @Test
    void parkAndHangupSentAgainAfterATimeoutAnswerAsTheFirstTimeAndChangeNothing() {
        f.ringing("pbx:t1", Direction.IN);
        f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:t1");
        String onHold = "{\"status\":\"on hold\",\"description\":\"pbx:t1 was put on hold\"}";
        assertJson(200, onHold, f.call("call-park.json", TOKEN_1));
        Map<String, AttributeValue> parked = f.item("pbx:t1");
        assertJson(200, onHold, f.call("call-park.json", TOKEN_1));
        assertJson(200, onHold, f.call("call-park.json", TOKEN_1, "call_id", "pbx:t1"));
        assertEquals(parked, f.item("pbx:t1"));
        assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|pbx:t1 belongs to a1\"}",
                f.call("call-park.json", TOKEN_2, "call_id", "pbx:t1"));

        String hungUp = "{\"status\":\"ok\",\"description\":\"pbx:t1 hung up successfully.\"}";
        assertJson(200, hungUp, f.call("call-hangup.json", TOKEN_1, "call_id", "pbx:t1"));
        Map<String, AttributeValue> ended = f.item("pbx:t1");
        assertJson(200, hungUp, f.call("call-hangup.json", TOKEN_1, "call_id", "pbx:t1"));
        assertEquals(ended, f.item("pbx:t1"));
        assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|pbx:t1 belongs to a1\"}",
                f.call("call-hangup.json", TOKEN_2, "call_id", "pbx:t1"));
        assertJson(404, "{\"status\":\"not found\",\"description\":\"No call available to put on hold\"}",
                f.call("call-park.json", TOKEN_1));

        f.ringing("pbx:t2", Direction.IN);
        f.call("call-pickup.json", TOKEN_2, "call_id", "pbx:t2");
        f.call("call-hangup.json", TOKEN_2, "call_id", "pbx:t2");
        assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|pbx:t2 belongs to a2\"}",
                f.call("call-hangup.json", TOKEN_1, "call_id", "pbx:t2"));
    }

    @Test
    void aCallAnsweredUnderOneOfMyNamesIsMineWithoutTheWebhookLookingAgentsUp() {
        f.ringing("pbx:z1", Direction.IN);
        f.answered("pbx:z1", "jdoe");
        assertEquals(null, f.item("pbx:z1").get("assignedTo"));

        assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|pbx:z1 belongs to a1\"}",
                f.call("call-pickup.json", TOKEN_2, "call_id", "pbx:z1"));
        assertJson(200, "{\"status\":\"on hold\",\"description\":\"pbx:z1 was put on hold\"}",
                f.call("call-park.json", TOKEN_1));
        assertEquals("a1", f.item("pbx:z1").get("assignedTo").s());
        assertEquals("1", f.item("pbx:z1").get("organizationId").s());
    }

    /**
     * Names resolve within the call's organization: an organization-1 call answered under the login of a3
     * (organization 2) shows and refuses exactly as one answered under a name no agent has.
     */
    @Test
    void aCallAnsweredUnderAnotherOrganizationsAgentNameIsAsOneAnsweredUnderAnUnknownName() {
        assertEquals("2", AgentApiFixture.A3.organizationId());
        List<String> names = List.of(AgentApiFixture.A3.login(), "+4930999");
        for (String name : names) {
            String id = "pbx:o" + names.indexOf(name);
            f.ringing(id, Direction.IN);
            f.answered(id, name);
            Map<String, AttributeValue> answered = f.item(id);
            assertJson(200, "{\"call\":" + call(id, "speaking", true, null, ANSWERED, null) + "}",
                    f.call("call-state.json", TOKEN_1, "call_id", id));
            assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|" + id + " belongs to " + name
                    + "\"}", f.call("call-pickup.json", TOKEN_1, "call_id", id));
            assertJson(403, "{\"statusCode\":3,\"statusMessage\":\"Call|" + id + " belongs to " + name + "\"}",
                    f.send(AgentApiFixture.gws("gws-hold.json", TOKEN_1, id)));
            assertEquals(answered, f.item(id), "refusals write nothing");
        }
    }

    /** An inbound customer call picked up and parked, and an outbound call picked up: the usual transfer. */
    private void customerParkedAndConsultCallActive(String customer, String consult) {
        f.ringing(customer, Direction.IN);
        f.call("call-pickup.json", TOKEN_1, "call_id", AgentApiFixture.id(customer));
        f.call("call-park.json", TOKEN_1);
        f.ringing(consult, Direction.OUT);
        f.call("call-pickup.json", TOKEN_1, "call_id", AgentApiFixture.id(consult));
    }

    @Test
    void transferBridgesMyOutboundCallWithTheSourceAndFreesMe() {
        customerParkedAndConsultCallActive("pbx:customer", "pbx:consult");

        assertJson(200, "{\"status\":\"success\","
                        + "\"source_call\":{\"call_id\":\"pbx:customer\",\"status\":\"bridged\",\"type\":\"cm_id\","
                        + "\"callee\":\"+4930500\"},"
                        + "\"destination_call\":{\"call_id\":\"pbx:consult\",\"status\":\"bridged\",\"type\":\"cm_id\","
                        + "\"callee\":\"+4922199\"}}",
                f.call("call-transfer-get.json", TOKEN_1, "source", "pbx:customer"));

        assertEquals("pbx:consult", f.item("pbx:customer").get("bLeg").s());
        assertEquals("pbx:customer", f.item("pbx:consult").get("bLeg").s());
        assertJson(200, "{\"call\":" + call("pbx:customer", "transferred", true, "a1", null, "pbx:consult") + "}",
                f.call("call-state.json", TOKEN_1, "call_id", "pbx:customer"));
        assertEquals("transferred", f.state("pbx:consult"));
        assertJson(404, "{\"status\":\"not found\",\"description\":\"No call available to put on hold\"}",
                f.call("call-park.json", TOKEN_1));
        assertJson(200, "[]", f.call("call-list.json", TOKEN_1));

        customerParkedAndConsultCallActive("pbx:customer-2", "pbx:consult-2");
        assertEquals(200, f.call("call-transfer-post.json", TOKEN_1, "source", "pbx:customer-2").getStatusCode());
        assertEquals("pbx:consult-2", f.item("pbx:customer-2").get("bLeg").s());
    }

    @Test
    void transferRefusalsNameTheReasonAndWriteNothing() {
        assertJson(404, "{\"status\":\"not found\",\"description\":\"No active call to transfer\"}",
                f.call("call-transfer-get.json", TOKEN_1, "source", "x"));

        f.ringing("pbx:inbound", Direction.IN);
        f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:inbound");
        f.ringing("pbx:other-source", Direction.IN);
        assertUnchanged(List.of("pbx:inbound", "pbx:other-source"), 400,
                "{\"status\":\"bridge failed\",\"description\":\"Cannot transfer to an inbound call.\"}",
                "source", "pbx:other-source");
        f.call("call-hangup.json", TOKEN_1, "call_id", "pbx:inbound");

        customerParkedAndConsultCallActive("pbx:held", "pbx:dialled");
        assertUnchanged(List.of("pbx:held", "pbx:dialled"), 400,
                "{\"status\":\"bad request\",\"description\":\"source is required\"}");
        assertUnchanged(List.of("pbx:held", "pbx:dialled"), 400,
                "{\"status\":\"bridge failed\",\"description\":\"Bad destination\"}", "source", "pbx:dialled");
        assertUnchanged(List.of("pbx:held", "pbx:dialled"), 404,
                "{\"status\":\"not found\",\"description\":\"pbx:missing does not exist.\"}", "source", "pbx:missing");

        f.ringing("pbx:theirs", Direction.IN);
        f.call("call-pickup.json", TOKEN_2, "call_id", "pbx:theirs");
        assertUnchanged(List.of("pbx:theirs", "pbx:dialled"), 403,
                "{\"status\":\"forbidden\",\"description\":\"Call|pbx:theirs belongs to a2\"}", "source", "pbx:theirs");

        f.ended("pbx:held");
        assertUnchanged(List.of("pbx:held", "pbx:dialled"), 400,
                "{\"status\":\"bridge failed\",\"description\":\"Call on hold hung up\"}", "source", "pbx:held");
    }

    private void assertUnchanged(List<String> callIds, int status, String json, String... query) {
        Map<String, Map<String, AttributeValue>> before = new HashMap<>();
        callIds.forEach(id -> before.put(id, f.item(id)));
        assertJson(status, json, f.call("call-transfer-get.json", TOKEN_1, query));
        callIds.forEach(id -> assertEquals(before.get(id), f.item(id), id));
    }

    @Test
    void aTransferWhoseDestinationHangsUpMeanwhileFailsWhole() {
        AtomicBoolean hangUpFirst = new AtomicBoolean();
        AgentApiFixture[] fixture = new AgentApiFixture[1];
        HookedTransport destinationHangsUp = HookedTransport.before("TransactWriteItems", () -> {
            if (hangUpFirst.getAndSet(false)) {
                fixture[0].ended("pbx:dialled");
            }
        });
        f = AgentApiFixture.start(Map.of(), destinationHangsUp);
        fixture[0] = f;
        customerParkedAndConsultCallActive("pbx:held", "pbx:dialled");
        Map<String, AttributeValue> source = f.item("pbx:held");

        hangUpFirst.set(true);
        assertJson(400, "{\"status\":\"bridge failed\","
                        + "\"description\":\"Destination hung up before process could complete\"}",
                f.call("call-transfer-get.json", TOKEN_1, "source", "pbx:held"));
        assertFalse(hangUpFirst.get(), "the transaction was attempted");
        assertEquals(source, f.item("pbx:held"));
        assertEquals(null, f.item("pbx:dialled").get("bLeg"));
    }

    @Test
    void hangupEndsMyCallOnceAndRefusesOthersCalls() {
        f.ringing("pbx:h1", Direction.IN);
        f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:h1");
        assertJson(200, "{\"status\":\"ok\",\"description\":\"pbx:h1 hung up successfully.\"}",
                f.call("call-hangup.json", TOKEN_1, "call_id", "pbx:h1"));
        assertEquals("hungup", f.state("pbx:h1"));
        assertEquals("a1", f.item("pbx:h1").get("agentHangupBy").s());
        f.ringing("pbx:h3", Direction.IN);
        f.answered("pbx:h3", "+4930111");
        f.ended("pbx:h3");
        assertJson(404, "{\"status\":\"not found\",\"description\":\"pbx:h3 may already be hung up.\"}",
                f.call("call-hangup.json", TOKEN_1, "call_id", "pbx:h3"));
        assertJson(404, "{\"status\":\"not found\",\"description\":\"h9 may already be hung up.\"}",
                f.call("call-hangup.json", TOKEN_1, "call_id", "h9"));

        f.ringing("pbx:h2", Direction.IN);
        f.call("call-pickup.json", TOKEN_2, "call_id", "pbx:h2");
        Map<String, AttributeValue> theirs = f.item("pbx:h2");
        assertJson(403, "{\"status\":\"forbidden\",\"description\":\"Call|pbx:h2 belongs to a2\"}",
                f.call("call-hangup.json", TOKEN_1, "call_id", "pbx:h2"));
        assertEquals(theirs, f.item("pbx:h2"));
    }

    @Test
    void badInputGetsAClearErrorAndWritesNothing() {
        long before = f.itemCount();
        assertJson(400, "{\"status\":\"bad request\",\"description\":\"call_id is required\"}",
                f.call("call-hangup.json", TOKEN_1));
        assertJson(400, "{\"status\":\"bad request\",\"description\":\"call_id is longer than 512 bytes\"}",
                f.call("call-pickup.json", TOKEN_1, "call_id", "x".repeat(513)));
        assertJson(400, "{\"status\":\"bad request\",\"description\":\"call_id is longer than 512 bytes\"}",
                f.call("call-hangup.json", TOKEN_1, "call_id", "x".repeat(513)));
        assertEquals(before, f.itemCount());
    }

    @Test
    void webhookRetriesNeverUndoAgentActionsAndAgentActionsNeverTouchProviderFacts() {
        f.ringing("pbx:w1", Direction.IN, "support", NOW.minusSeconds(60));
        f.answered("pbx:w1", "+4930111");
        CallRecord facts = CallItemLayout.toRecord(f.item("pbx:w1"));
        f.call("call-pickup.json", TOKEN_1, "call_id", "pbx:w1");
        f.call("call-park.json", TOKEN_1);
        Map<String, AttributeValue> parked = f.item("pbx:w1");
        assertEquals(facts, CallItemLayout.toRecord(parked));

        f.ringing("pbx:w1", Direction.IN, "support", NOW.plusSeconds(5));
        f.answered("pbx:w1", "+4930222");
        f.store.apply(CallEvent.builder("w1", "pbx", EventType.OTHER, NOW.plusSeconds(6))
                .attribute("tag", "retry").build());
        Map<String, AttributeValue> after = f.item("pbx:w1");
        for (String agentAttribute : List.of("assignedTo", "assignedAt", "organizationId", "held", "parkedAt",
                "activeAt")) {
            assertEquals(parked.get(agentAttribute), after.get(agentAttribute), agentAttribute);
        }
        assertEquals("parked", f.state("pbx:w1"));

        f.store.apply(CallEvent.builder("w1", "pbx", EventType.HANGUP, NOW.plusSeconds(9))
                .endedAt(NOW.plusSeconds(9)).cause("normalClearing", Cause.NORMAL).build());
        assertEquals("hungup", f.state("pbx:w1"));
        assertEquals("a1", f.item("pbx:w1").get("assignedTo").s());
    }

    @Test
    void anUnexpectedFailureIs500InTheProtocolsDocumentWithoutItsText() {
        AgentDirectory broken = new AgentDirectory() {
            @Override
            public Optional<Agent> byTokenHash(String tokenHash) {
                throw new IllegalStateException("directory broke: secret detail");
            }

            @Override
            public Optional<Agent> resolve(String name, String organizationId) {
                throw new IllegalStateException("directory broke: secret detail");
            }
        };
        AgentApiHandler handler = new AgentApiHandler(broken,
                new DynamoAgentCallStore(f.dynamo, f.callsTable, Duration.ofMinutes(720), Duration.ofSeconds(900), 1),
                EventBridgePublisher.fromEnvironment(f.env), "DispositionCode", 1024 * 1024);
        APIGatewayV2HTTPEvent listRequest = AgentApiFixture.request("call-list.json", TOKEN_1, Map.of());
        APIGatewayV2HTTPResponse openReception;
        APIGatewayV2HTTPResponse genesys;
        List<Map<String, Object>> logged;
        String logText;
        try (CapturedLog log = CapturedLog.start()) {
            openReception = handler.handleRequest(listRequest, null);
            genesys = handler.handleRequest(AgentApiFixture.gws("gws-hold.json", TOKEN_1, "x"), null);
            logged = log.withMessage("unhandled failure");
            logText = log.text();
        }
        assertJson(500, "{\"status\":\"error\",\"description\":\"internal error\"}", openReception);
        assertJson(500, "{\"statusCode\":4,\"statusMessage\":\"internal error\"}", genesys);
        assertFalse(openReception.getBody().contains("secret") || genesys.getBody().contains("secret"));

        assertEquals(2, logged.size(), logText);
        assertEquals("ERROR", logged.get(0).get("level"));
        assertEquals(listRequest.getRequestContext().getRequestId(), logged.get(0).get("requestId"));
        assertEquals(IllegalStateException.class.getName(), logged.get(0).get("exception"));
        assertEquals("directory broke: secret detail", logged.get(0).get("errorMessage"),
                "the log has what the answer hides: the exception's message");
        assertTrue(String.valueOf(logged.get(0).get("stackTrace")).contains("at io.callhook."),
                "and its stack trace");
        assertFalse(logText.contains(TOKEN_1), "never the agent's token");
    }

    /**
     * A storage refusal no retry cures and that is not the item size limit (here the calls table name pointed at a
     * table with another key, as after a bad deploy) is a defect: 500 in each protocol's document, logged at ERROR
     * with its stack trace; never the 422 of a record that is full.
     */
    @Test
    void aStorageRefusalThatIsNotTheItemSizeIs500InTheProtocolsDocument() {
        AgentApiFixture broken = AgentApiFixture.start(Map.of("CALLS_TABLE", f.env.require("AGENTS_TABLE")));
        APIGatewayV2HTTPResponse list;
        APIGatewayV2HTTPResponse hold;
        List<Map<String, Object>> logged;
        try (CapturedLog log = CapturedLog.start()) {
            list = broken.send(AgentApiFixture.request("call-list.json", TOKEN_1, Map.of()));
            hold = broken.send(AgentApiFixture.gws("gws-hold.json", TOKEN_1, "refused-1"));
            logged = log.withMessage("storage request refused");
        }
        assertJson(500, "{\"status\":\"error\",\"description\":\"internal error\"}", list);
        assertJson(500, "{\"statusCode\":4,\"statusMessage\":\"internal error\"}", hold);
        assertEquals(2, logged.size(), logged.toString());
        for (Map<String, Object> line : logged) {
            assertEquals("ERROR", line.get("level"));
            assertTrue(String.valueOf(line.get("errorMessage")).startsWith("ValidationException"), line.toString());
            assertTrue(String.valueOf(line.get("stackTrace")).contains("at io.callhook.store.DynamoAgentCallStore"),
                    line.toString());
        }
    }

    @Test
    void aStorageFailureIs503InTheProtocolsDocument() {
        Map<String, String> variables = new HashMap<>(Map.of("CALLS_TABLE", f.callsTable, "AGENTS_TABLE", "x",
                "EVENT_BUS_NAME", "default", "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB",
                "http://127.0.0.1:9"));
        variables.putAll(AgentApiFixture.bridge().clientEnvironment());
        APIGatewayV2HTTPResponse response = new AgentApiHandler(Environment.of(variables))
                .handleRequest(AgentApiFixture.request("call-list.json", TOKEN_1, Map.of()), null);
        assertJson(503, "{\"status\":\"error\","
                + "\"description\":\"storage is unavailable; nothing was written, retry later\"}", response);
    }
}
