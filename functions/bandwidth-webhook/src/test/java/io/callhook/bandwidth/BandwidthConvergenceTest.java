// Seeded randomized test (the project's engine over HTTP): shuffled, repeated Bandwidth v1 and v2 event sequences
// through the real handler converge to the record their in-order sequence gives.
package io.callhook.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.config.Environment;
import io.callhook.json.Json;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.CallFacts;
import io.callhook.testing.ExpectedCall;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RequestCounter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BandwidthConvergenceTest {

    static final long SEED = 20251123L;
    static final int CALLS = 500;
    static final int SHUFFLES_PER_CALL = 4;
    static final String TOKEN = "local-test-token";
    static final String CALL_ID = "{callId}";
    static final Instant BASE = Instant.parse("2025-11-23T00:00:00Z");

    static BandwidthWebhookHandler handler;
    static RequestCounter counter;
    static DynamoCallStore store;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        Environment env = local.functionEnvironment("BandwidthWebhookFunction", tables,
                Map.of("WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf(TOKEN)));
        counter = new RequestCounter();
        handler = new BandwidthWebhookHandler(TokenHashes.parse(env.require("WEBHOOK_TOKEN_HASHES")),
                DynamoCallStore.fromEnvironment(local.client(counter), env));
        store = DynamoCallStore.fromEnvironment(local.client(), env);
    }

    @Test
    void everyShuffledRepeatedSequenceGivesTheInOrderRecord() {
        Random random = new Random(SEED);
        long receiveClock = BASE.toEpochMilli();
        List<String> expectedRequests = new ArrayList<>();
        int shuffled = 0;
        Set<String> scenarios = new LinkedHashSet<>();
        for (int n = 0; n < CALLS; n++) {
            Script script = random.nextBoolean() ? catapultCall(random, n) : voiceCall(random, n);
            scenarios.add(script.scenario);
            String where = "seed " + SEED + ", call " + n + " (" + script.scenario + ")";

            String inOrderId = script.baseId + "#0";
            for (Request request : script.requests) {
                send(request, inOrderId, receiveClock++, where);
                expectedRequests.add(writeFor(request));
            }
            CallRecord inOrder = store.find("local:" + inOrderId)
                    .orElseThrow(() -> new AssertionError(where + ": no record"));
            script.expected.check(inOrder, where);

            for (int k = 1; k <= SHUFFLES_PER_CALL; k++) {
                List<Request> sequence = new ArrayList<>();
                for (Request request : script.requests) {
                    int copies = 1 + (random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0);
                    for (int c = 0; c < copies; c++) {
                        sequence.add(request);
                    }
                }
                Collections.shuffle(sequence, random);
                String id = script.baseId + "#" + k;
                for (Request request : sequence) {
                    send(request, id, receiveClock++, where);
                    expectedRequests.add(writeFor(request));
                }
                CallRecord record = store.find("local:" + id)
                        .orElseThrow(() -> new AssertionError(where + ": no record"));
                assertEquals(CallFacts.of(inOrder), CallFacts.of(record), where + ", shuffle " + k + ": "
                        + sequence.stream().map(r -> r.fields.get("eventType")).collect(Collectors.joining(",")));
                shuffled++;
            }
        }
        assertEquals(CALLS * SHUFFLES_PER_CALL, shuffled);
        assertEquals(expectedRequests, writesOnly(counter.requests(), expectedRequests.size()),
                "every event is one write request and nothing else: an UpdateItem, or for a transfer leg one "
                        + "transaction that also links the parent call");
        assertEquals(Set.of("v1-inbound", "v1-outbound", "v2-inbound", "v2-outbound", "v2-transfer-leg"),
                scenarios, "the seed covers every scenario");
    }

    static void send(Request request, String callId, long receivedAt, String where) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request.event(callId, receivedAt), null);
        if (response.getStatusCode() != 200) {
            fail(where + ": " + request.method + " " + request.fields + " -> " + response.getStatusCode() + " "
                    + response.getBody());
        }
    }

    // Catapult (v1): inbound (incomingcall) or outbound calls, answered or not, with media events in between.

    static final List<String> V1_CAUSES = List.of("NORMAL_CLEARING", "ORIGINATOR_CANCEL", "USER_BUSY",
            "CALL_REJECTED", "UNALLOCATED_NUMBER", "NO_ANSWER", "NORMAL_TEMPORARY_FAILURE", "RECOVERY_ON_TIMER_EXPIRE");
    static final List<String> V1_MEDIA = List.of("playback", "speak", "gather", "dtmf", "recording",
            "transcription", "conference-member", "redirect", "transferComplete");

    static Script catapultCall(Random r, int n) {
        boolean inbound = r.nextBoolean();
        boolean answered = r.nextInt(3) > 0;
        int mediaEvents = r.nextInt(4);
        boolean ends = r.nextInt(10) > 0 || !(inbound || answered || mediaEvents > 0);
        String baseId = "c-v1-" + n;
        String from = number(r);
        String to = number(r);
        String tag = r.nextBoolean() ? "tag-" + r.nextInt(1000) : null;
        String callUri = "https://api.catapult.inetwork.com/v1/users/u-1/calls/" + baseId;
        Instant ring = BASE.plusMillis(r.nextInt(86_400_000));
        Instant answer = ring.plusMillis(1_000 + r.nextInt(30_000));
        Instant end = (answered ? answer : ring).plusMillis(1_000 + r.nextInt(600_000));

        Script script = new Script(inbound ? "v1-inbound" : "v1-outbound", baseId);
        ExpectedCall expected = script.expected;
        if (inbound) {
            script.add(r, "GET|POST", "eventType", "incomingcall", "from", from, "to", to, "callId", CALL_ID,
                    "callUri", callUri, "callState", "active", "applicationId", "a-1", "time", spell(ring, r));
            expected.event("newCall").direction(Direction.IN).ringingAt(ring).numbers(from, to)
                    .attribute("applicationId", "a-1");
        }
        if (answered) {
            script.add(r, "GET|POST", "eventType", "answer", "from", from, "to", to, "callId", CALL_ID,
                    "callUri", callUri, "callState", "active", "time", spell(answer, r), "tag", tag);
            expected.event("answer").answeredAt(answer).numbers(from, to).attribute("tag", tag);
        }
        for (int m = mediaEvents; m > 0; m--) {
            String media = V1_MEDIA.get(r.nextInt(V1_MEDIA.size()));
            Instant at = ring.plusMillis(r.nextInt(60_000));
            if (media.equals("transferComplete")) {
                script.add(r, "GET|POST", "eventType", media, "from", number(r), "to", number(r), "callId", CALL_ID,
                        "callUri", callUri, "callState", "active", "time", spell(at, r));
            } else if (media.equals("recording")) {
                script.add(r, "GET|POST", "eventType", media, "callId", CALL_ID, "recordingId", "rec-" + m,
                        "recordingUri", callUri + "/recordings/rec-" + m, "status", "complete",
                        "startTime", spell(at, r), "endTime", spell(at.plusSeconds(20), r));
            } else {
                script.add(r, "GET|POST", "eventType", media, "callId", CALL_ID, "callUri", callUri,
                        "status", "done", "tag", "media-" + r.nextInt(100), "time", spell(at, r),
                        "from", r.nextBoolean() ? from : null, "to", r.nextBoolean() ? to : null);
                if (script.last().containsKey("from")) {
                    expected.from(from);
                }
                if (script.last().containsKey("to")) {
                    expected.to(to);
                }
            }
            expected.event("other");
        }
        if (ends) {
            if (!answered && !inbound && r.nextBoolean()) {
                script.add(r, "GET|POST", "eventType", "timeout", "from", from, "to", to, "callId", CALL_ID,
                        "callUri", callUri, "time", spell(end, r));
                expected.cause("timeout", Cause.NO_ANSWER);
            } else {
                String cause = r.nextInt(8) == 0 ? null : V1_CAUSES.get(r.nextInt(V1_CAUSES.size()));
                script.add(r, "GET|POST", "eventType", "hangup", "from", from, "to", to, "callId", CALL_ID,
                        "callUri", callUri, "callState", "completed", "cause", cause, "time", spell(end, r),
                        "tag", tag);
                expected.cause(cause, BandwidthCauses.ofCatapult(cause));
                expected.attribute("tag", tag);
            }
            expected.event("hangup").endedAt(end).numbers(from, to);
        }
        if (script.requests.stream().anyMatch(request -> request.fields.containsKey("callUri"))) {
            expected.attribute("callUri", callUri);
        }
        return script;
    }

    // Voice API (v2): inbound (initiate), outbound (answer) and transfer B-legs, answered or not.

    static final List<String> V2_CAUSES = List.of("hangup", "busy", "timeout", "cancel", "rejected",
            "callback-error", "invalid-bxml", "application-error", "account-limit", "node-capacity-exceeded",
            "error", "unknown", "carrier-gremlins");
    static final List<String> V2_OTHERS = List.of("redirect", "gather", "dtmf", "machineDetectionComplete",
            "recordingAvailable", "transcriptionAvailable", "transferComplete", "bridgeComplete");

    static Script voiceCall(Random r, int n) {
        int kind = r.nextInt(3);
        String scenario = kind == 0 ? "v2-inbound" : kind == 1 ? "v2-outbound" : "v2-transfer-leg";
        boolean leg = kind == 2;
        boolean answered = r.nextInt(3) > 0;
        int otherEvents = r.nextInt(4);
        boolean ends = r.nextInt(10) > 0 || !(kind == 0 || answered || otherEvents > 0);
        String baseId = "c-v2-" + n;
        String parent = leg ? "c-v2-parent-" + n : null;
        String from = number(r);
        String to = number(r);
        String legFrom = number(r);
        String legTo = number(r);
        String direction = kind == 0 ? "inbound" : "outbound";
        String tag = r.nextBoolean() ? "tag-" + r.nextInt(1000) : null;
        String callUrl = "https://voice.bandwidth.com/api/v2/accounts/55555555/calls/" + baseId;
        Instant start = BASE.plusMillis(r.nextInt(86_400_000));
        Instant answer = start.plusMillis(1_000 + r.nextInt(30_000));
        Instant end = (answered ? answer : start).plusMillis(1_000 + r.nextInt(600_000));

        Script script = new Script(scenario, baseId);
        ExpectedCall expected = script.expected;
        expected.direction(kind == 0 ? Direction.IN : Direction.OUT).previousCallId(parent)
                .attribute("callUrl", callUrl);
        if (leg) {
            expected.numbers(legFrom, legTo);
        } else {
            expected.numbers(from, to).attribute("applicationId", "app-1");
        }
        if (kind == 0) {
            script.add(r, "POST", v2Fields(r, "initiate", direction, from, to, callUrl, null, null, null,
                    "startTime", spell(start, r)));
            expected.event("newCall").ringingAt(start);
        }
        if (answered && kind != 0) {
            script.add(r, "POST", v2Fields(r, leg ? "transferAnswer" : "answer", direction, from, to, callUrl,
                    parent, leg ? legFrom : null, leg ? legTo : null, "startTime", spell(start, r),
                    "answerTime", spell(answer, r), "tag", tag));
            expected.event("answer").ringingAt(start).answeredAt(answer).attribute("tag", tag);
        }
        for (int m = otherEvents; m > 0; m--) {
            String other = V2_OTHERS.get(r.nextInt(V2_OTHERS.size()));
            Instant at = start.plusMillis(r.nextInt(60_000));
            List<String> extra = new ArrayList<>(List.of("tag", "media-" + r.nextInt(100)));
            if (other.startsWith("recording") || other.startsWith("transcription")) {
                extra.addAll(List.of("recordingId", "r-" + m, "startTime", spell(at, r),
                        "endTime", spell(at.plusSeconds(30), r), "status", "complete"));
            } else if (other.equals("transferComplete") && !leg) {
                extra.addAll(List.of("startTime", spell(start, r), "answerTime", spell(at, r),
                        "transferCallerId", number(r), "transferTo", number(r),
                        "cause", V2_CAUSES.get(r.nextInt(V2_CAUSES.size())), "errorMessage", "B-leg " + m));
            } else {
                extra.addAll(List.of("startTime", spell(start, r), "digits", String.valueOf(m)));
            }
            script.add(r, r.nextInt(4) == 0 ? "GET" : "POST", v2Fields(r, other, direction, from, to, callUrl,
                    parent, leg ? legFrom : null, leg ? legTo : null, extra.toArray(String[]::new)));
            expected.event("other");
        }
        if (ends) {
            String cause = V2_CAUSES.get(r.nextInt(V2_CAUSES.size()));
            boolean failed = !cause.equals("hangup");
            script.add(r, "POST", v2Fields(r, leg ? "transferDisconnect" : "disconnect", direction, from, to,
                    callUrl, parent, leg ? legFrom : null, leg ? legTo : null, "startTime", spell(start, r),
                    "answerTime", answered ? spell(answer, r) : null, "endTime", spell(end, r), "cause", cause,
                    "errorMessage", failed ? "failed: " + cause : null, "errorId", failed ? "err-" + n : null,
                    "tag", tag));
            expected.event("hangup").ringingAt(start).endedAt(end)
                    .cause(cause, BandwidthCauses.ofVoice(cause))
                    .attribute("tag", tag).attribute("errorMessage", failed ? "failed: " + cause : null)
                    .attribute("errorId", failed ? "err-" + n : null);
            if (answered) {
                expected.answeredAt(answer);
            }
        }
        if (script.requests.stream().anyMatch(request -> request.fields.containsKey("accountId"))) {
            expected.attribute("accountId", "55555555");
        }
        return script;
    }

    static String[] v2Fields(Random r, String eventType, String direction, String from, String to, String callUrl,
                             String parent, String legFrom, String legTo, String... extra) {
        List<String> fields = new ArrayList<>(List.of("eventType", eventType,
                "eventTime", spell(BASE.plusMillis(r.nextInt(86_400_000)), r), "from", from, "to", to,
                "direction", direction, "callId", CALL_ID, "callUrl", callUrl));
        if (!eventType.equals("transferDisconnect")) {
            fields.addAll(List.of("accountId", "55555555"));
        }
        if (parent == null) {
            fields.addAll(List.of("applicationId", "app-1"));
        } else {
            fields.addAll(List.of("parentCallId", parent, "transferCallerId", legFrom, "transferTo", legTo));
        }
        fields.addAll(Arrays.asList(extra));
        return fields.toArray(String[]::new);
    }

    static String number(Random r) {
        return "+1555" + (1_000_000 + r.nextInt(9_000_000));
    }

    /** One instant in one of the spellings Bandwidth uses; the same instant may be spelled differently per event. */
    static String spell(Instant instant, Random r) {
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
        return switch (r.nextInt(5)) {
            case 0 -> instant.toString();
            case 1 -> LocalDateTime.ofInstant(instant, ZoneOffset.ofHours(-3)).format(local) + "-03";
            case 2 -> LocalDateTime.ofInstant(instant, ZoneOffset.ofHours(2)).format(local) + "+0200";
            case 3 -> LocalDateTime.ofInstant(instant, ZoneOffset.ofHoursMinutes(5, 30)).format(local) + "+05:30";
            default -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(local);
        };
    }

    /** One callback: its fields (the call id as {@value #CALL_ID}) and whether it comes as POST JSON or GET. */
    /** A transfer leg names its parent call, which the store links in the same single request. */
    static String writeFor(Request request) {
        return request.fields.containsKey("parentCallId") ? "TransactWriteItems" : "UpdateItem";
    }

    static final class Request {
        final String method;
        final Map<String, String> fields;
        final boolean literalPlus;

        Request(String method, Map<String, String> fields, boolean literalPlus) {
            this.method = method;
            this.fields = fields;
            this.literalPlus = literalPlus;
        }

        APIGatewayV2HTTPEvent event(String callId, long receivedAt) {
            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach((name, value) -> values.put(name, value.equals(CALL_ID) ? callId : value));
            APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder event = APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRouteKey(method + " /api/v1/bandwidth/{token}")
                    .withRawPath("/api/v1/bandwidth/" + TOKEN)
                    .withPathParameters(Map.of("token", TOKEN))
                    .withIsBase64Encoded(false)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                            .withTimeEpoch(receivedAt)
                            .withRequestId("r-" + receivedAt)
                            .build());
            if (method.equals("GET")) {
                return event.withRawQueryString(query(values)).withHeaders(Map.of()).build();
            }
            return event.withHeaders(Map.of("content-type", "application/json; charset=utf-8"))
                    .withBody(Json.write(values)).withRawQueryString("").build();
        }

        /** Form-encoded, with {@code +} left literal in numbers and times when Bandwidth would leave it so. */
        private String query(Map<String, String> values) {
            List<String> pairs = new ArrayList<>();
            values.forEach((name, value) -> {
                String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
                if (literalPlus && (name.equals("from") || name.equals("to") || name.endsWith("ime"))) {
                    encoded = encoded.replace("%2B", "+");
                }
                pairs.add(name + "=" + encoded);
            });
            return String.join("&", pairs);
        }
    }

    /** A call's callbacks in the order Bandwidth would send them, and the facts the in-order record must show. */
    static final class Script {
        final String scenario;
        final String baseId;
        final List<Request> requests = new ArrayList<>();
        final ExpectedCall expected = new ExpectedCall();

        Script(String scenario, String baseId) {
            this.scenario = scenario;
            this.baseId = baseId;
        }

        /** Adds a callback; {@code methods} is POST, GET or GET|POST (chosen at random); null values are left out. */
        void add(Random r, String methods, String... namesAndValues) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                if (namesAndValues[i + 1] != null) {
                    fields.put(namesAndValues[i], namesAndValues[i + 1]);
                }
            }
            String method = methods.equals("GET|POST") ? (r.nextInt(3) == 0 ? "GET" : "POST") : methods;
            requests.add(new Request(method, fields, r.nextBoolean()));
        }

        Map<String, String> last() {
            return requests.get(requests.size() - 1).fields;
        }
    }


    /**
     * The requests apart from the configuration reads (each instance reads its settings, the organizations' shard
     * counts among them, at first use and again once they are older than the cache's 30 s), which must stay rare:
     * fewer than one per ten events, so none is made per event.
     */
    static List<String> writesOnly(List<String> requests, int events) {
        long reads = requests.stream().filter("GetItem"::equals).count();
        assertTrue(reads * 10 < events, reads + " configuration reads for " + events + " events");
        return requests.stream().filter(request -> !"GetItem".equals(request)).toList();
    }
}
