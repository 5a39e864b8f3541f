// Seeded randomized test (the project's engine over HTTP): shuffled, repeated Twilio status callbacks of inbound
// calls, outbound API calls and <Dial> legs, each signed, through the real handler converge to the record their
// in-order sequence gives.
package io.callhook.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.call.CallRecord;
import io.callhook.call.Direction;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.CallFacts;
import io.callhook.testing.ExpectedCall;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RequestCounter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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

class TwilioConvergenceTest {

    static final long SEED = 20251124L;
    static final int CALLS = 300;
    static final int SHUFFLES_PER_CALL = 4;
    static final String CALL_ID = "{callId}";
    static final Instant BASE = Instant.parse("2025-11-24T00:00:00Z");
    static final List<String> FINAL = List.of("completed", "busy", "no-answer", "canceled", "failed");
    static final List<String> MACHINE = List.of("human", "unknown", "machine_start", "machine_end_beep",
            "machine_end_silence", "machine_end_other", "fax");

    static TwilioWebhookHandler handler;
    static RequestCounter counter;
    static DynamoCallStore store;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        counter = new RequestCounter();
        handler = TwilioWebhookHandlerTest.handler(tables, counter);
        store = DynamoCallStore.fromEnvironment(local.client(), TwilioWebhookHandlerTest.environment(tables));
    }

    @Test
    void everyShuffledRepeatedSequenceGivesTheInOrderRecord() {
        Random random = new Random(SEED);
        long receiveClock = BASE.toEpochMilli();
        List<String> expectedRequests = new ArrayList<>();
        Set<String> scenarios = new LinkedHashSet<>();
        int shuffled = 0;
        for (int n = 0; n < CALLS; n++) {
            Script script = call(random, n);
            scenarios.add(script.scenario);
            String where = "seed " + SEED + ", call " + n + " (" + script.scenario + ")";
            String inOrderId = script.baseId + "-0";
            for (Map<String, String> callback : script.callbacks) {
                send(callback, inOrderId, receiveClock++, where);
                expectedRequests.add(script.parent == null ? "UpdateItem" : "TransactWriteItems");
            }
            CallRecord inOrder = store.find("local:" + inOrderId)
                    .orElseThrow(() -> new AssertionError(where + ": no record"));
            script.check(inOrder, where);
            for (int k = 1; k <= SHUFFLES_PER_CALL; k++) {
                List<Map<String, String>> sequence = new ArrayList<>();
                for (Map<String, String> callback : script.callbacks) {
                    int copies = 1 + (random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0);
                    for (int c = 0; c < copies; c++) {
                        sequence.add(callback);
                    }
                }
                Collections.shuffle(sequence, random);
                String id = script.baseId + "-" + k;
                for (Map<String, String> callback : sequence) {
                    send(callback, id, receiveClock++, where);
                    expectedRequests.add(script.parent == null ? "UpdateItem" : "TransactWriteItems");
                }
                CallRecord record = store.find("local:" + id)
                        .orElseThrow(() -> new AssertionError(where + ": no record"));
                assertEquals(CallFacts.of(inOrder), CallFacts.of(record), where + ", shuffle " + k + ": "
                        + sequence.stream().map(c -> c.get("CallStatus")).collect(Collectors.joining(",")));
                shuffled++;
            }
        }
        assertEquals(CALLS * SHUFFLES_PER_CALL, shuffled);
        assertEquals(expectedRequests, counter.requests(), "every callback is one write request and nothing else");
        assertEquals(Set.of("inbound", "outbound-api", "outbound-dial"), scenarios, "the seed covers every scenario");
    }

    static void send(Map<String, String> callback, String callId, long receivedAt, String where) {
        Map<String, String> fields = new LinkedHashMap<>();
        callback.forEach((name, value) -> fields.put(name, value.equals(CALL_ID) ? callId : value));
        APIGatewayV2HTTPResponse response = handler.handleRequest(TwilioCallbacks.of(fields, receivedAt), null);
        if (response.getStatusCode() != 200) {
            fail(where + ": " + fields + " -> " + response.getStatusCode() + " " + response.getBody());
        }
    }

    static Script call(Random r, int n) {
        String direction = List.of("inbound", "outbound-api", "outbound-dial").get(r.nextInt(3));
        boolean inbound = direction.equals("inbound");
        Script script = new Script(direction, "CAconv" + n, direction.equals("outbound-dial") ? "CAparent" + n : null);
        String from = number(r);
        String to = number(r);
        String answeredBy = r.nextInt(3) == 0 ? MACHINE.get(r.nextInt(MACHINE.size())) : null;
        String forwardedFrom = inbound && r.nextInt(4) == 0 ? number(r) : null;
        boolean answered = r.nextBoolean();
        Instant start = BASE.plusSeconds(r.nextInt(86_400));
        Instant answer = start.plusSeconds(1 + r.nextInt(30));
        long talk = r.nextInt(600);
        // Twilio's whole-second CallDuration need not be the gap between its in-progress and completed Timestamps.
        Instant end = answered ? answer.plusSeconds(talk + r.nextInt(2)) : start.plusSeconds(1 + r.nextInt(60));
        List<String> statuses = new ArrayList<>();
        if (r.nextBoolean()) {
            statuses.add(r.nextBoolean() ? "queued" : "initiated");
        }
        if (r.nextInt(4) > 0) {
            statuses.add("ringing");
        }
        if (answered && r.nextInt(4) > 0) {
            statuses.add("in-progress");
        }
        String finalStatus = answered ? "completed" : FINAL.get(r.nextInt(FINAL.size()));
        if (r.nextInt(8) > 0 || statuses.isEmpty()) {
            statuses.add(finalStatus);
        }
        ExpectedCall expected = script.expected.direction(inbound ? Direction.IN : Direction.OUT).numbers(from, to)
                .attribute("accountSid", "AC" + n).attribute("forwardedFrom", forwardedFrom);
        for (String status : statuses) {
            Instant at = switch (status) {
                case "ringing" -> start;
                case "in-progress" -> answer;
                case "queued", "initiated" -> start.minusSeconds(1);
                default -> end;
            };
            boolean lifecycle = !status.equals("queued") && !status.equals("initiated")
                    && !(inbound && status.equals("in-progress"));
            boolean final_ = FINAL.contains(status);
            String duration = final_ ? Long.toString(answered ? talk : 0) : null;
            String carriesAnsweredBy = answeredBy != null && (status.equals("in-progress") || final_) && answered
                    ? answeredBy : null;
            script.callbacks.add(callback(n, status, direction, from, to, script.parent, spell(at, r), duration,
                    carriesAnsweredBy, forwardedFrom, r));
            expected.event(!lifecycle ? "other" : status.equals("ringing") ? "newCall"
                    : status.equals("in-progress") ? "answer" : "hangup");
            expected.attribute("machineDetection", carriesAnsweredBy);
            if (lifecycle && TwilioEvents.isMachine(carriesAnsweredBy)) {
                expected.answeredBy("voicemail");
            }
            if (status.equals("ringing")) {
                expected.ringingAt(start);
            } else if (status.equals("in-progress") && !inbound) {
                expected.answeredAt(answer);
            } else if (final_) {
                expected.endedAt(end).cause(status, TwilioCauses.of(status)).attribute("callDuration", duration);
                if (inbound && answered && talk > 0) {
                    expected.answeredAt(end.minusSeconds(talk));
                }
            }
        }
        return script;
    }

    static Map<String, String> callback(int n, String status, String direction, String from, String to,
                                        String parent, String timestamp, String duration, String answeredBy,
                                        String forwardedFrom, Random r) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("AccountSid", "AC" + n);
        fields.put("ApiVersion", "2010-04-01");
        fields.put("CallSid", CALL_ID);
        fields.put("CallStatus", status);
        fields.put("Direction", direction);
        fields.put("From", from);
        fields.put("To", to);
        fields.put("Timestamp", timestamp);
        fields.put("SequenceNumber", Integer.toString(r.nextInt(10)));
        putIfPresent(fields, "ParentCallSid", parent);
        putIfPresent(fields, "CallDuration", duration);
        putIfPresent(fields, "AnsweredBy", answeredBy);
        putIfPresent(fields, "ForwardedFrom", forwardedFrom);
        return fields;
    }

    static void putIfPresent(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    static String number(Random r) {
        return "+1415" + (1_000_000 + r.nextInt(9_000_000));
    }

    /** An instant as Twilio writes it (RFC 1123), in UTC or with another offset. */
    static String spell(Instant instant, Random r) {
        ZoneOffset offset = r.nextInt(4) == 0 ? ZoneOffset.ofHours(2) : ZoneOffset.UTC;
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(offset));
    }

    /** A call's callbacks in the order Twilio would send them, and the facts the in-order record must show. */
    static final class Script {
        final String scenario;
        final String baseId;
        final String parent;
        final List<Map<String, String>> callbacks = new ArrayList<>();
        final ExpectedCall expected = new ExpectedCall();

        Script(String scenario, String baseId, String parent) {
            this.scenario = scenario;
            this.baseId = baseId;
            this.parent = parent;
        }

        void check(CallRecord call, String where) {
            expected.previousCallId(parent).check(call, where);
        }
    }
}
