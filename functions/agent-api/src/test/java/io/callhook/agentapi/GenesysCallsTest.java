// Handler tests: GWS samples through AgentApiHandler into the engine; notifications via a real EventBridge client.
package io.callhook.agentapi;

import static io.callhook.agentapi.AgentApiFixture.NOW;
import static io.callhook.agentapi.AgentApiFixture.TOKEN_1;
import static io.callhook.agentapi.AgentApiFixture.TOKEN_2;
import static io.callhook.agentapi.AgentApiFixture.TOKEN_3;
import static io.callhook.agentapi.AgentApiFixture.assertJson;
import static io.callhook.agentapi.AgentApiFixture.gws;
import static io.callhook.agentapi.AgentApiFixture.gwsBody;
import static io.callhook.agentapi.AgentApiFixture.parse;
import static io.callhook.agentapi.AgentApiFixture.published;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Organizations;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.store.CallItemLayout;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.HookedTransport;
import io.callhook.testing.LocalEventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenesysCallsTest {

    static final String OK = "{\"statusCode\":0}";
    static final String SEND_AGAIN = "{\"statusCode\":4,\"statusMessage\":\"the change was saved but its "
            + "notification could not be published; send the request again\"}";

    AgentApiFixture f;

    @BeforeEach
    void start() {
        f = AgentApiFixture.start();
    }

    /** An inbound call answered on agent a1's phone: a1's active call, though no agent action touched it. */
    private void answeredByA1(String callId) {
        f.ringing(callId, Direction.IN);
        f.answered(callId, "+4930111");
    }

    private Map<String, String> userData(String callId) {
        AttributeValue map = f.item(callId).get("userData");
        return map == null ? null : map.m().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
    }

    /** The Detail of the one event published, parsed. */
    private static Map<?, ?> onlyDetail() {
        assertEquals(1, published().size(), String.valueOf(published()));
        Map<String, Object> entry = published().get(0);
        assertEquals("callhook", entry.get("Source"));
        assertEquals("CallStateChangeMessage", entry.get("DetailType"));
        assertEquals("default", entry.get("EventBusName"));
        return (Map<?, ?>) parse(String.valueOf(entry.get("Detail")));
    }

    @Test
    void setCallDispositionOnAnActiveCallGoesIntoUserDataAndIsPublished() {
        answeredByA1("g1");
        assertJson(200, OK, f.send(gws("gws-set-call-disposition.json", TOKEN_1, "g1")));
        assertEquals(Map.of("DispositionCode", "Referred"), userData("g1"));
        assertEquals(parse("""
                {"data": {"notificationType": "AttachedDataChanged",
                          "call": {"id": "pbx:g1", "state": "Established", "callUuid": "pbx:g1",
                                   "participants": [{"e164Number": "+4922100", "formattedPhoneNumber": "+4922100",
                                                     "phoneNumber": "+4922100", "digits": "4922100"}],
                                   "dnis": "+4930500", "ani": "+4922100", "callType": "Inbound",
                                   "capabilities": ["Hold", "Hangup", "AttachUserData", "UpdateUserData",
                                                    "DeleteUserDataPair", "SetCallDisposition"],
                                   "userData": {"DispositionCode": "Referred"}, "duration": "60",
                                   "uri": "http://localhost:3000/api/v2/me/calls/pbx:g1", "path": "/calls/pbx:g1"},
                          "phoneNumber": "+4930111", "messageType": "CallStateChangeMessage"},
                 "channel": "/v2/me/calls", "organizationId": "1"}
                """), onlyDetail());
    }

    @Test
    void withoutDispositionKeyTheConfiguredKeyIsUsed() {
        answeredByA1("g2");
        assertJson(200, OK, f.send(gwsBody(TOKEN_1, "g2",
                "{\"operationName\":\"SetCallDisposition\",\"disposition\":\"Sale\"}")));
        assertEquals(Map.of("DispositionCode", "Sale"), userData("g2"));

        f = AgentApiFixture.start(Map.of("DEFAULT_DISPOSITION_KEY", "WrapUpCode"));
        answeredByA1("g3");
        assertJson(200, OK, f.send(gwsBody(TOKEN_1, "g3",
                "{\"operationName\":\"SetCallDisposition\",\"disposition\":\"Sale\"}")));
        assertEquals(Map.of("WrapUpCode", "Sale"), userData("g3"));
    }

    @Test
    void setCallDispositionOnAReleasedCallIsKeptForReportingAndNotPublished() {
        answeredByA1("g4");
        f.ended("g4");
        assertJson(200, OK, f.send(gws("gws-set-call-disposition.json", TOKEN_1, "g4")));
        Map<String, AttributeValue> item = f.item("g4");
        assertEquals(Map.of("DispositionCode", AttributeValue.fromS("Referred")), item.get("dispositions").m());
        assertNull(item.get("userData"));
        assertTrue(published().isEmpty());

        f.ringing("pbx:missed", Direction.IN);
        f.ended("pbx:missed");
        assertJson(200, OK, f.send(gws("gws-set-call-disposition.json", TOKEN_2, "pbx:missed")));
        assertEquals("Referred", f.item("pbx:missed").get("dispositions").m().get("DispositionCode").s());
        assertNull(f.item("pbx:missed").get("assignedTo"), "a disposition does not take the call");
    }

    @Test
    void aCallUriOrUuidNamingAnotherCallIsRefusedAndNothingIsWritten() {
        answeredByA1("g5");
        Map<String, AttributeValue> before = f.item("g5");
        APIGatewayV2HTTPEvent uuid = gws("gws-set-call-disposition.json", TOKEN_1, "g5");
        uuid.setBody(uuid.getBody().replace("\"callUuid\": \"pbx:g5\"", "\"callUuid\": \"other\""));
        assertJson(400, "{\"statusCode\":1,\"statusMessage\":\"callUuid other does not match the call pbx:g5 in the "
                + "path\"}", f.send(uuid));
        APIGatewayV2HTTPEvent uri = gws("gws-set-call-disposition.json", TOKEN_1, "g5");
        uri.setBody(uri.getBody().replace("/api/v2/calls/pbx:g5", "/api/v2/calls/other"));
        assertJson(400, "{\"statusCode\":1,\"statusMessage\":\"callUri http://127.0.0.1:8080/api/v2/calls/other "
                + "does not name the call pbx:g5 in the path\"}", f.send(uri));
        assertEquals(before, f.item("g5"));
        assertTrue(published().isEmpty());
    }

    @Test
    void missingOrInvalidParametersAreStatusCode1AndWriteNothing() {
        answeredByA1("g6");
        Map<String, AttributeValue> before = f.item("g6");
        Map<String, String> refusals = Map.of(
                "{\"operationName\":\"SetCallDisposition\"}", "disposition is required",
                "{\"disposition\":\"Sale\"}", "operationName is required",
                "{\"operationName\":\"Conference\"}", "operationName Conference is not supported; use one of "
                        + "SetCallDisposition, AttachUserData, UpdateUserData, DeleteUserDataPair, Hold, Retrieve, "
                        + "Hangup",
                "[1,2]", "the body must be a JSON object with operationName",
                "{\"operationName\":\"AttachUserData\"}", "userData is required",
                "{\"operationName\":\"AttachUserData\",\"userData\":{\"a\":{\"nested\":1}}}",
                "userData value of a must be a string, number or boolean",
                "{\"operationName\":\"UpdateUserData\",\"userData\":{}}",
                "userData must be a JSON object with at least one key",
                "{\"operationName\":\"DeleteUserDataPair\"}", "key is required",
                "{\"operationName\":\"SetCallDisposition\",\"disposition\":7}", "disposition must be a string");
        refusals.forEach((body, message) -> assertJson(400,
                "{\"statusCode\":1,\"statusMessage\":\"" + message + "\"}", f.send(gwsBody(TOKEN_1, "g6", body))));
        assertEquals(before, f.item("g6"));
        assertTrue(published().isEmpty());
    }

    @Test
    void aNumberBeyondADoubleInUserDataIsStatusCode1AndWritesNothing() {
        answeredByA1("n1");
        Map<String, AttributeValue> before = f.item("n1");
        for (String number : List.of("1e400", "-1e400")) {
            assertJson(400, "{\"statusCode\":1,\"statusMessage\":\"userData value of k must be a finite number\"}",
                    f.send(gwsBody(TOKEN_1, "n1", "{\"operationName\":\"AttachUserData\",\"userData\":{\"k\":"
                            + number + "}}")));
        }
        assertEquals(before, f.item("n1"));
        assertTrue(published().isEmpty());
        assertJson(200, OK, f.send(gwsBody(TOKEN_1, "n1",
                "{\"operationName\":\"UpdateUserData\",\"userData\":{\"k\":1e300}}")));
        assertEquals("1" + "0".repeat(300), userData("n1").get("k"));
    }

    @Test
    void anUnknownCallIs6AndAnotherAgentsCallIs3() {
        long count = f.itemCount();
        assertJson(404, "{\"statusCode\":6,\"statusMessage\":\"call pbx:g7 does not exist\"}",
                f.send(gws("gws-set-call-disposition.json", TOKEN_1, "g7")));
        assertJson(404, "{\"statusCode\":6,\"statusMessage\":\"call pbx:g7 does not exist\"}",
                f.send(gws("gws-hold.json", TOKEN_1, "g7")));
        assertEquals(count, f.itemCount());

        answeredByA1("g8");
        Map<String, AttributeValue> before = f.item("g8");
        for (String sample : List.of("gws-set-call-disposition.json", "gws-attach-user-data.json", "gws-hold.json",
                "gws-hangup.json")) {
            assertJson(403, "{\"statusCode\":3,\"statusMessage\":\"Call|pbx:g8 belongs to a1\"}",
                    f.send(gws(sample, TOKEN_2, "g8")));
        }
        assertEquals(before, f.item("g8"));
        assertTrue(published().isEmpty());
    }

    @Test
    void attachAddsOnlyNewKeysUpdateOverwritesDeleteRemovesAndEachIsPublished() {
        answeredByA1("g9");
        assertJson(200, OK, f.send(gws("gws-attach-user-data.json", TOKEN_1, "g9")));
        assertEquals(Map.of("CustomerSegment", "gold", "OrderNumber", "A-1042"), userData("g9"));
        assertJson(200, OK, f.send(gwsBody(TOKEN_1, "g9", "{\"operationName\":\"AttachUserData\","
                + "\"userData\":{\"CustomerSegment\":\"silver\",\"Count\":3,\"Vip\":true,\"Rate\":1.50}}")));
        assertEquals(Map.of("CustomerSegment", "gold", "OrderNumber", "A-1042", "Count", "3", "Vip", "true",
                "Rate", "1.5"), userData("g9"));
        assertJson(200, OK, f.send(gws("gws-update-user-data.json", TOKEN_1, "g9")));
        assertEquals("platinum", userData("g9").get("CustomerSegment"));
        assertJson(200, OK, f.send(gws("gws-delete-user-data-pair.json", TOKEN_1, "g9")));
        assertEquals(Map.of("CustomerSegment", "platinum", "Count", "3", "Vip", "true", "Rate", "1.5"),
                userData("g9"));
        assertJson(200, OK, f.send(gws("gws-delete-user-data-pair.json", TOKEN_1, "g9")));

        List<Map<String, Object>> events = published();
        assertEquals(5, events.size());
        Map<?, ?> last = (Map<?, ?>) parse(String.valueOf(events.get(4).get("Detail")));
        Map<?, ?> data = (Map<?, ?>) last.get("data");
        assertEquals("AttachedDataChanged", data.get("notificationType"));
        assertEquals(Map.of("CustomerSegment", "platinum", "Count", "3", "Vip", "true", "Rate", "1.5"),
                ((Map<?, ?>) data.get("call")).get("userData"));

        answeredByA1("g10");
        assertJson(200, OK, f.send(gws("gws-delete-user-data-pair.json", TOKEN_1, "g10")));
        assertNull(f.item("g10").get("userData"));
    }

    /** Each published notification as "notificationType state". */
    private static List<String> notifications() {
        return published().stream().map(e -> (Map<?, ?>) parse(String.valueOf(e.get("Detail"))))
                .map(d -> (Map<?, ?>) d.get("data"))
                .map(d -> d.get("notificationType") + " " + ((Map<?, ?>) d.get("call")).get("state"))
                .toList();
    }

    @Test
    void holdRetrieveAndHangupFollowTheStateModel() {
        answeredByA1("g11");
        assertJson(409, "{\"statusCode\":2,\"statusMessage\":\"Retrieve is not valid for a call in state "
                + "Established\"}", f.send(gws("gws-retrieve.json", TOKEN_1, "g11")));
        assertJson(200, OK, f.send(gws("gws-hold.json", TOKEN_1, "g11")));
        assertEquals("parked", f.state("g11"));
        assertJson(200, OK, f.send(gws("gws-retrieve.json", TOKEN_1, "g11")));
        assertEquals("unparked", f.state("g11"));
        assertJson(200, OK, f.send(gws("gws-hangup.json", TOKEN_1, "g11")));
        assertEquals("hungup", f.state("g11"));
        assertJson(409, "{\"statusCode\":2,\"statusMessage\":\"Hold is not valid for a call in state Released\"}",
                f.send(gws("gws-hold.json", TOKEN_1, "g11")));
        assertJson(409, "{\"statusCode\":2,\"statusMessage\":\"Retrieve is not valid for a call in state "
                + "Released\"}", f.send(gws("gws-retrieve.json", TOKEN_1, "g11")));
        assertJson(409, "{\"statusCode\":2,\"statusMessage\":\"AttachUserData is not valid for a call in state "
                + "Released\"}", f.send(gws("gws-attach-user-data.json", TOKEN_1, "g11")));

        List<String> states = published().stream().map(e -> (Map<?, ?>) parse(String.valueOf(e.get("Detail"))))
                .map(d -> (Map<?, ?>) d.get("data"))
                .map(d -> d.get("notificationType") + " " + ((Map<?, ?>) d.get("call")).get("state") + " "
                        + ((Map<?, ?>) d.get("call")).get("capabilities"))
                .toList();
        assertEquals(List.of(
                "StatusChange Held [Retrieve, Hangup, AttachUserData, UpdateUserData, DeleteUserDataPair, "
                        + "SetCallDisposition]",
                "StatusChange Established [Hold, Hangup, AttachUserData, UpdateUserData, DeleteUserDataPair, "
                        + "SetCallDisposition]",
                "StatusChange Released [SetCallDisposition]"), states);

        f.ringing("pbx:g12", Direction.IN);
        assertJson(409, "{\"statusCode\":2,\"statusMessage\":\"Hold is not valid for a call in state Ringing\"}",
                f.send(gws("gws-hold.json", TOKEN_1, "pbx:g12")));
        assertNull(f.item("pbx:g12").get("held"));

        answeredByA1("g15");
        f.ended("g15");
        assertJson(409, "{\"statusCode\":2,\"statusMessage\":\"Hangup is not valid for a call in state Released\"}",
                f.send(gws("gws-hangup.json", TOKEN_1, "g15")));
        assertNull(f.item("g15").get("agentHangupBy"), "the PBX ended it; no agent hung it up");
    }

    @Test
    void holdRetrieveAndHangupSentAgainAfterA503AreSuccessesThatPublishAgain() {
        answeredByA1("r1");
        List<String[]> steps = List.of(new String[] {"gws-hold.json", "parked"},
                new String[] {"gws-retrieve.json", "unparked"}, new String[] {"gws-hangup.json", "hungup"});
        for (String[] step : steps) {
            boolean refuse = step[0].equals("gws-retrieve.json");
            AgentApiFixture.bridge().failing(!refuse);
            AgentApiFixture.bridge().refusing(refuse);
            assertJson(503, SEND_AGAIN, f.send(gws(step[0], TOKEN_1, "r1")));
            assertEquals(step[1], f.state("r1"), step[0]);
            Map<String, AttributeValue> saved = f.item("r1");

            AgentApiFixture.bridge().failing(false);
            AgentApiFixture.bridge().refusing(false);
            assertJson(200, OK, f.send(gws(step[0], TOKEN_1, "r1")));
            assertJson(200, OK, f.send(gws(step[0], TOKEN_1, "r1")));
            assertEquals(saved, f.item("r1"), step[0] + " sent again changes nothing");
        }
        assertEquals(List.of("StatusChange Held", "StatusChange Held", "StatusChange Established",
                "StatusChange Established", "StatusChange Released", "StatusChange Released"), notifications());

        Map<String, AttributeValue> mine = f.item("r1");
        assertJson(403, "{\"statusCode\":3,\"statusMessage\":\"Call|pbx:r1 belongs to a1\"}",
                f.send(gws("gws-hangup.json", TOKEN_2, "r1")));
        answeredByA1("r2");
        assertJson(200, OK, f.send(gws("gws-hold.json", TOKEN_1, "r2")));
        for (String sample : List.of("gws-hold.json", "gws-retrieve.json")) {
            assertJson(403, "{\"statusCode\":3,\"statusMessage\":\"Call|pbx:r2 belongs to a1\"}",
                    f.send(gws(sample, TOKEN_2, "r2")));
        }
        assertEquals(mine, f.item("r1"));
        assertEquals("parked", f.state("r2"));
        assertEquals(7, published().size(), "refusals publish nothing");
    }

    /**
     * Every notification carries the call's organization beside GWS's message, as every callhook event does: here
     * a call of organization 2 (an integration of that organization) that its agent a3 holds, retrieves, hangs up
     * and hangs up again.
     */
    @Test
    void everyNotificationCarriesTheCallsOrganization() {
        DynamoCallStore organization2 = new DynamoCallStore(f.dynamo, f.callsTable, Duration.ofDays(365),
                Organizations.parse("", "2"), 1);
        organization2.apply(CallEvent.builder("e1", "pbx", EventType.NEW_CALL, NOW.minusSeconds(60))
                .direction(Direction.IN).from("+4922100").to("+4930500").ringingAt(NOW.minusSeconds(60)).build());
        organization2.apply(CallEvent.builder("e1", "pbx", EventType.ANSWER, NOW.minusSeconds(30))
                .answeredAt(NOW.minusSeconds(30)).answeredBy(AgentApiFixture.A3.login()).build());
        for (String sample : List.of("gws-attach-user-data.json", "gws-hold.json", "gws-retrieve.json",
                "gws-hangup.json", "gws-hangup.json")) {
            assertJson(200, OK, f.send(gws(sample, TOKEN_3, "e1")));
        }
        List<?> organizations = published().stream()
                .map(e -> ((Map<?, ?>) parse(String.valueOf(e.get("Detail")))).get("organizationId")).toList();
        assertEquals(List.of("2", "2", "2", "2", "2"), organizations);
    }

    /**
     * An agent moved to another organization (or its id reused there) keeps its id and names, so every "already
     * done" check would pass for it: its old organization's calls must still answer exactly as unknown calls, on
     * both protocols, and publish nothing.
     */
    @Test
    void anAgentMovedToAnotherOrganizationMeetsItsOldCallsAsUnknownCallsRepeatOrNot() {
        answeredByA1("m1");
        assertJson(200, OK, f.send(gws("gws-hold.json", TOKEN_1, "m1")));
        answeredByA1("m2");
        assertJson(200, OK, f.send(gws("gws-hold.json", TOKEN_1, "m2")));
        assertJson(200, OK, f.send(gws("gws-retrieve.json", TOKEN_1, "m2")));
        answeredByA1("m3");
        assertJson(200, OK, f.send(gws("gws-hangup.json", TOKEN_1, "m3")));
        answeredByA1("m4");
        Agent a1 = AgentApiFixture.A1;
        f.directory.save(new Agent(a1.id(), a1.login(), a1.email(), a1.phones(), "2"), TokenHashes.hashOf(TOKEN_1));
        AgentApiFixture.bridge().clear();
        List<String> calls = List.of("m1", "m2", "m3", "m4");
        List<Map<String, AttributeValue>> before = calls.stream().map(f::item).toList();

        for (String sample : List.of("gws-hold.json", "gws-retrieve.json", "gws-hangup.json")) {
            for (String call : List.of("m1", "m2", "m3", "m4", "never")) {
                assertJson(404, "{\"statusCode\":6,\"statusMessage\":\"call pbx:" + call + " does not exist\"}",
                        f.send(gws(sample, TOKEN_1, call)));
            }
        }
        for (String call : List.of("pbx:m1", "pbx:m4", "pbx:never")) {
            assertJson(404, "{\"status\":\"not found\",\"description\":\"No call available to put on hold\"}",
                    f.call("call-park.json", TOKEN_1, "call_id", call));
        }
        for (String call : List.of("pbx:m3", "pbx:m4", "pbx:never")) {
            assertJson(404, "{\"status\":\"not found\",\"description\":\"" + call + " may already be hung up.\"}",
                    f.call("call-hangup.json", TOKEN_1, "call_id", call));
        }
        assertEquals(before, calls.stream().map(f::item).toList(), "nothing is written");
        assertTrue(published().isEmpty(), String.valueOf(published()));
    }

    @Test
    void anUnreachableEventBridgeIsAlso503SendAgain() {
        LocalEventBus gone = new LocalEventBus();
        String endpoint = gone.endpoint();
        gone.close();
        f = AgentApiFixture.start(Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", endpoint));
        answeredByA1("u1");
        assertJson(503, SEND_AGAIN, f.send(gws("gws-hold.json", TOKEN_1, "u1")));
        assertEquals("parked", f.state("u1"));
    }

    @Test
    void aNotificationThatCannotBePublishedIs503AndTheRetryPublishesIt() {
        answeredByA1("g13");
        AgentApiFixture.bridge().refusing(true);
        assertJson(503, "{\"statusCode\":4,\"statusMessage\":\"the change was saved but its notification could "
                + "not be published; send the request again\"}",
                f.send(gws("gws-set-call-disposition.json", TOKEN_1, "g13")));
        assertEquals(Map.of("DispositionCode", "Referred"), userData("g13"));
        AgentApiFixture.bridge().refusing(false);
        assertJson(200, OK, f.send(gws("gws-set-call-disposition.json", TOKEN_1, "g13")));
        assertEquals(Map.of("DispositionCode", "Referred"), userData("g13"));
        assertEquals(Map.of("DispositionCode", "Referred"),
                ((Map<?, ?>) ((Map<?, ?>) onlyDetail().get("data")).get("call")).get("userData"));
    }

    @Test
    void userDataIsCappedAtAHundredKeys() {
        answeredByA1("g14");
        for (int batch = 0; batch < 2; batch++) {
            int first = batch * 50;
            String pairs = IntStream.range(first, first + 50).mapToObj(i -> "\"k" + i + "\":\"v\"")
                    .collect(Collectors.joining(","));
            assertJson(200, OK, f.send(gwsBody(TOKEN_1, "g14",
                    "{\"operationName\":\"AttachUserData\",\"userData\":{" + pairs + "}}")));
        }
        assertEquals(100, userData("g14").size());
        assertJson(409, "{\"statusCode\":2,\"statusMessage\":\"the call already holds 100 keys; delete some first\"}",
                f.send(gwsBody(TOKEN_1, "g14", "{\"operationName\":\"UpdateUserData\",\"userData\":{\"k\":\"v\"}}")));
        assertEquals(100, userData("g14").size());
    }

    /** Attaches {@code k<from>} to {@code k<to - 1>}, each with the value "v", 50 at most per request. */
    private void fill(String callId, int from, int to) {
        for (int first = from; first < to; first += 50) {
            String pairs = IntStream.range(first, Math.min(to, first + 50)).mapToObj(i -> "\"k" + i + "\":\"v\"")
                    .collect(Collectors.joining(","));
            assertJson(200, OK, f.send(gwsBody(TOKEN_1, callId,
                    "{\"operationName\":\"AttachUserData\",\"userData\":{" + pairs + "}}")));
        }
    }

    @Test
    void keysTheCallAlreadyHoldsDoNotCountAgainstTheHundred() {
        answeredByA1("c1");
        fill("c1", 0, 100);
        assertJson(200, OK, f.send(gwsBody(TOKEN_1, "c1",
                "{\"operationName\":\"UpdateUserData\",\"userData\":{\"k0\":\"new\",\"k1\":\"new\"}}")));
        assertJson(200, OK, f.send(gwsBody(TOKEN_1, "c1",
                "{\"operationName\":\"AttachUserData\",\"userData\":{\"k2\":\"ignored\"}}")));
        assertJson(200, OK, f.send(gwsBody(TOKEN_1, "c1",
                "{\"operationName\":\"SetCallDisposition\",\"disposition\":\"Sale\",\"dispositionKey\":\"k3\"}")));
        Map<String, String> data = userData("c1");
        assertEquals(100, data.size());
        assertEquals(List.of("new", "new", "v", "Sale"), List.of(data.get("k0"), data.get("k1"), data.get("k2"),
                data.get("k3")));

        assertJson(409, "{\"statusCode\":2,\"statusMessage\":\"the call already holds 100 keys; delete some first\"}",
                f.send(gwsBody(TOKEN_1, "c1",
                        "{\"operationName\":\"UpdateUserData\",\"userData\":{\"k0\":\"x\",\"k100\":\"v\"}}")));
        assertEquals(data, userData("c1"));
        assertJson(200, OK, f.send(gwsBody(TOKEN_1, "c1",
                "{\"operationName\":\"DeleteUserDataPair\",\"key\":\"k99\"}")));
        assertJson(200, OK, f.send(gwsBody(TOKEN_1, "c1",
                "{\"operationName\":\"UpdateUserData\",\"userData\":{\"k0\":\"y\",\"k100\":\"v\"}}")));
        assertEquals(100, userData("c1").size());
        assertEquals("y", userData("c1").get("k0"));
    }

    @Test
    void aKeyRemovedByAConcurrentWriterIsCountedAgainAndTheHundredHolds() {
        AtomicBoolean armed = new AtomicBoolean();
        AtomicInteger updates = new AtomicInteger();
        AgentApiFixture[] fixture = new AgentApiFixture[1];
        HookedTransport meanwhile = HookedTransport.before("UpdateItem", () -> {
            if (armed.get() && updates.incrementAndGet() == 2) {
                // between the refused write and its retry, another writer replaces k0 by a key of its own
                fixture[0].dynamo.updateItem(b -> b.tableName(fixture[0].callsTable).key(CallItemLayout.key("pbx:c2"))
                        .updateExpression("REMOVE #u.#k0 SET #u.#o = :o")
                        .expressionAttributeNames(Map.of("#u", "userData", "#k0", "k0", "#o", "other"))
                        .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("theirs"))));
            }
        });
        f = AgentApiFixture.start(Map.of(), meanwhile);
        fixture[0] = f;
        answeredByA1("c2");
        fill("c2", 0, 99);

        armed.set(true);
        assertJson(409, "{\"statusCode\":2,\"statusMessage\":\"the call already holds 100 keys; delete some first\"}",
                f.send(gwsBody(TOKEN_1, "c2",
                        "{\"operationName\":\"UpdateUserData\",\"userData\":{\"k0\":\"new\",\"k99\":\"v\"}}")));
        assertEquals(2, updates.get(), "refused, then retried with the exact count after the concurrent change");
        Map<String, String> data = userData("c2");
        assertEquals(99, data.size());
        assertEquals("theirs", data.get("other"));
        assertNull(data.get("k0"));
        assertNull(data.get("k99"));
    }
}
