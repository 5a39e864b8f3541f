// Seeded randomized test (the project's engine over HTTP): shuffled, repeated Twilio status callbacks of inbound
// calls, outbound API calls and <Dial> legs, each signed, through the real handler converge to the records their
// in-order sequence gives (a leg's and, for a leg a person answered, its parent's).
package io.callhook.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.util.Optional;
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
    static final String PARENT_ID = "{parentId}";
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
            for (Map<String, String> callback : script.callbacks) {
                send(callback, script, 0, receiveClock++, where);
                expectedRequests.addAll(script.writes(callback));
            }
            script.check(script.record(0, where), script.parentRecord(0), where);
            CallRecord inOrder = CallFacts.withoutSuffix(script.record(0, where), run(0));
            Optional<CallRecord> inOrderParent = script.parentFacts(0);
            for (int k = 1; k <= SHUFFLES_PER_CALL; k++) {
                List<Map<String, String>> sequence = new ArrayList<>();
                for (Map<String, String> callback : script.callbacks) {
                    int copies = 1 + (random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0);
                    for (int c = 0; c < copies; c++) {
                        sequence.add(callback);
                    }
                }
                Collections.shuffle(sequence, random);
                for (Map<String, String> callback : sequence) {
                    send(callback, script, k, receiveClock++, where);
                    expectedRequests.addAll(script.writes(callback));
                }
                String shuffle = where + ", shuffle " + k + ": "
                        + sequence.stream().map(c -> c.get("CallStatus")).collect(Collectors.joining(","));
                assertEquals(inOrder, CallFacts.withoutSuffix(script.record(k, where), run(k)), shuffle);
                assertEquals(inOrderParent, script.parentFacts(k), shuffle + " (the parent)");
                shuffled++;
            }
        }
        assertEquals(CALLS * SHUFFLES_PER_CALL, shuffled);
        assertEquals(expectedRequests, writesOnly(counter.requests(), expectedRequests.size()),
                "every callback is one write request and nothing else");
        assertEquals(Set.of("inbound", "outbound-api", "outbound-dial"), scenarios, "the seed covers every scenario");
    }

    /** The call-id suffix of run {@code k} (0 in order, then each shuffle); every run has calls of its own. */
    static String run(int k) {
        return "-run" + k;
    }

    static void send(Map<String, String> callback, Script script, int k, long receivedAt, String where) {
        Map<String, String> fields = new LinkedHashMap<>();
        callback.forEach((name, value) -> fields.put(name, value.equals(CALL_ID) ? script.baseId + run(k)
                : value.equals(PARENT_ID) ? script.parent + run(k) : value));
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
                .attribute("accountSid", "AC" + n).attribute("forwardedFrom", forwardedFrom)
                .attribute("parentCallSid", script.parent == null ? null : script.parent + run(0));
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
            Map<String, String> callback = callback(n, status, direction, from, to,
                    script.parent == null ? null : PARENT_ID, spell(at, r), duration, carriesAnsweredBy,
                    forwardedFrom, r);
            script.callbacks.add(callback);
            boolean personAnsweredLeg = script.parent != null && !TwilioEvents.isMachine(carriesAnsweredBy)
                    && (status.equals("in-progress") || status.equals("completed") && answered && talk > 0);
            if (personAnsweredLeg) {
                script.answeringCallbacks.add(callback);
                expected.previousCallId(script.parent + run(0));
                script.expectedParent.event("answer").answeredBy(to);
                if (final_) {
                    script.expectedParent.answeredAt(end.minusSeconds(talk));
                }
            }
            expected.event(!lifecycle ? "other" : status.equals("ringing") ? "newCall"
                    : status.equals("in-progress") ? "answer" : "hangup");
            expected.attribute("machineDetection", carriesAnsweredBy);
            if (lifecycle && !inbound && TwilioEvents.isMachine(carriesAnsweredBy)) {
                expected.answeredBy("voicemail");
            }
            if (status.equals("ringing")) {
                expected.ringingAt(start);
            } else if (status.equals("in-progress") && !inbound) {
                expected.answeredAt(answer);
            } else if (final_) {
                expected.endedAt(end).cause(status, TwilioCauses.of(status)).attribute("callDuration", duration);
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

    /**
     * A call's callbacks in the order Twilio would send them, the facts the in-order record must show (ids without
     * the run's suffix), and for a leg a person answered, its parent's.
     */
    static final class Script {
        final String scenario;
        final String baseId;
        final String parent;
        final List<Map<String, String>> callbacks = new ArrayList<>();
        final List<Map<String, String>> answeringCallbacks = new ArrayList<>();
        final ExpectedCall expected = new ExpectedCall();
        final ExpectedCall expectedParent = new ExpectedCall();

        Script(String scenario, String baseId, String parent) {
            this.scenario = scenario;
            this.baseId = baseId;
            this.parent = parent;
        }

        /** The writes one callback makes: the leg's link is a transaction, the parent's answer one more update. */
        List<String> writes(Map<String, String> callback) {
            return answeringCallbacks.contains(callback) ? List.of("TransactWriteItems", "UpdateItem")
                    : List.of("UpdateItem");
        }

        CallRecord record(int k, String where) {
            return store.find("local:" + baseId + run(k)).orElseThrow(() -> new AssertionError(where + ": no record"));
        }

        /** The parent's record of run {@code k}; none unless a person answered the leg. */
        Optional<CallRecord> parentRecord(int k) {
            return parent == null ? Optional.empty() : store.find("local:" + parent + run(k));
        }

        /** The parent's record of run {@code k} without the run's suffix, to compare runs. */
        Optional<CallRecord> parentFacts(int k) {
            return parentRecord(k).map(call -> CallFacts.withoutSuffix(call, run(k)));
        }

        void check(CallRecord call, Optional<CallRecord> parentCall, String where) {
            expected.check(call, where);
            assertEquals(answeringCallbacks.isEmpty(), parentCall.isEmpty(),
                    where + ": a parent record exactly when a person answered the leg");
            parentCall.ifPresent(p -> {
                expectedParent.check(p, where + " (the parent)");
                assertEquals(Set.of(baseId + run(0)), p.nextCallIds(), where + ": the parent's next call");
            });
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
