// KeysCli migrate-keys run in-process against the engine's HTTP endpoint (--endpoint), with the template's tables
// holding what callhook stored before E.164 keys.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.MissSettings;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.routing.RoutingRules;
import io.callhook.store.CallbackStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoRoutingStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.worklist.CallbackFact;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysCliTest {

    final LocalDynamo local = LocalDynamo.shared();
    final Map<String, String> tables = local.createTables();
    final DynamoRoutingStore routing = new DynamoRoutingStore(local.client(), tables.get("RoutingTable"));
    final DynamoCallbackStore callbacks = new DynamoCallbackStore(local.client(), tables.get("CallbacksTable"), 1,
            Duration.ofDays(365));
    String out;
    String err;

    int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint", local.endpoint(), "--callbacks-table",
                tables.get("CallbacksTable"), "--routing-table", tables.get("RoutingTable"), "--config-table",
                tables.get("ConfigTable")));
        all.addAll(List.of(args));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = KeysCli.run(all.toArray(String[]::new), Map.of(), new PrintStream(stdout, true,
                StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }

    /** A missed call from {@code number} as the stream function keyed it before: the number as sent. */
    void missedBefore(String id, String number, int minute) {
        Instant start = Instant.parse("2026-11-23T10:00:00Z").plusSeconds(60L * minute);
        CallRecord call = new CallRecord(id, "pbx", Set.of("newCall", "hangup"), Direction.IN, number, "+4922100",
                "support", Set.of(), null, start, start, null, start.plusSeconds(30), "cancel", Cause.CANCEL, null,
                Set.of(), Map.of(), null, start.plusSeconds(86400), "1");
        Optional<CallbackFact> fact = CallbackFact.of(call, MissSettings.of(Set.of()));
        callbacks.record("1", call.id(), CallbackFact.version(call, fact), fact, call.expiresAt());
    }

    List<Map<String, AttributeValue>> everything(String table) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        local.client().scanPaginator(b -> b.tableName(tables.get(table)).consistentRead(true)).items()
                .forEach(all::add);
        all.sort(java.util.Comparator.comparing(Object::toString));
        return all;
    }

    @Test
    void migrateKeysMergesTheWorklistAndCompletesTheRoutingEntriesOnceAndADryRunWritesNothing() {
        missedBefore("a1", "030 111", 1);
        missedBefore("a2", "+49 30 111", 2);
        routing.block("pbx", "4930111", "spam");
        routing.block("pbx", "49900*", "premium");
        routing.setCallerId("pbx", "4930", "+4930555100");
        assertEquals(2, callbacks.open("1", "support", 10, 1 << 20, e -> 1, null).items().size());
        assertTrue(routing.rules("pbx", false).blockFor("030 111").isEmpty(), "before: the national form passes");

        List<Map<String, AttributeValue>> worklist = everything("CallbacksTable");
        List<Map<String, AttributeValue>> rules = everything("RoutingTable");
        assertEquals(0, cli("migrate-keys", "--organization", "1", "--dry-run"), err);
        assertTrue(out.contains("worklist: would move line support 030111 -> +4930111 (1 facts): items 2 {open=2}"
                + " -> 1 {open=1}"), out);
        assertTrue(out.contains("routing: would block 030111 for pbx (as 4930111)"), out);
        assertTrue(out.contains("routing: would block 0900* for pbx (as 49900*)"), out);
        assertTrue(out.contains("routing: would set caller id +4930555100 for 030 of pbx (as 4930)"), out);
        assertEquals(worklist, everything("CallbacksTable"), "a dry run writes nothing");
        assertEquals(rules, everything("RoutingTable"), "a dry run writes nothing");

        assertEquals(0, cli("migrate-keys", "--organization", "1"), err);
        List<CallbackStore.Entry> open = callbacks.open("1", "support", 10, 1 << 20, e -> 1, null).items();
        assertEquals(1, open.size(), out);
        assertEquals("+4930111", open.get(0).item().number());
        assertEquals(2, open.get(0).item().missCount());
        RoutingRules after = routing.rules("pbx", true);
        assertEquals(Map.of("4930111", "spam", "030111", "spam", "49900*", "premium", "0900*", "premium"),
                after.blocked());
        assertEquals(Map.of("4930", "+4930555100", "030", "+4930555100"), after.callerIds());
        assertTrue(after.blockFor("030 111").isPresent(), "the national spelling is blocked now");
        assertEquals(Optional.of("+4930555100"), after.callerIdFor("030 2312"));

        worklist = everything("CallbacksTable");
        rules = everything("RoutingTable");
        assertEquals(0, cli("migrate-keys", "--organization", "1"), err);
        assertTrue(out.endsWith("nothing to change\n"), out);
        assertEquals(worklist, everything("CallbacksTable"));
        assertEquals(rules, everything("RoutingTable"));
    }

    @Test
    void mistakesAreExplained() {
        assertEquals(2, cli("migrate", "--organization", "1"));
        assertTrue(err.contains("unknown command"), err);
        assertEquals(1, cli("migrate-keys"));
        assertTrue(err.contains("--organization is required"), err);
        assertEquals(1, cli("migrate-keys", "--organization", "1", "--phone-region", "XX"));
    }
}
