// RoutingCli commands run in-process against the engine's HTTP endpoint (--endpoint), with the template's tables.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.TokenHashes;
import io.callhook.json.Json;
import io.callhook.routing.RoutingRules;
import io.callhook.store.DynamoRoutingStore;
import io.callhook.testing.LocalDynamo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingCliTest {

    LocalDynamo local;
    String table;
    DynamoRoutingStore routing;
    String out;
    String err;

    @BeforeEach
    void start() {
        local = LocalDynamo.shared();
        table = local.createTables().get("RoutingTable");
        routing = new DynamoRoutingStore(local.client(), table);
    }

    int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--table", table, "--endpoint", local.endpoint()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    int run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = RoutingCli.run(args, Map.of(), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }

    @Test
    void blockSetCallerIdsShowAndRemove() {
        assertEquals(0, cli("block", "--integration", "pbx", "--number", "+49 30 23125741", "--note", "spam"), err);
        assertEquals("blocked 493023125741, 03023125741 for pbx\n", out, "every form the webhook may see (DE)");
        assertEquals(0, cli("block", "--integration", "pbx", "--number", "0049900*"), err);
        assertEquals(0, cli("set-caller-id", "--integration", "pbx", "--prefix", "+4930", "--caller-id",
                "+4930555100"), err);
        assertEquals(0, cli("set-default-caller-id", "--integration", "pbx", "--caller-id", "+4930555999"), err);
        assertEquals(new RoutingRules("pbx", Map.of("493023125741", "spam", "03023125741", "spam", "49900*", "",
                "0900*", ""), Map.of("4930", "+4930555100", "030", "+4930555100"), "+4930555999"),
                routing.rules("pbx", true));

        assertEquals(0, cli("rules", "--integration", "pbx"), err);
        Map<String, Object> shown = Json.parseObject(out);
        assertEquals(List.of(Map.of("number", "03023125741", "note", "spam"), Map.of("number", "0900*",
                "note", ""), Map.of("number", "493023125741", "note", "spam"), Map.of("number", "49900*",
                "note", "")), shown.get("blockedNumbers"));
        assertEquals("+4930555999", shown.get("defaultCallerId"));

        assertEquals(0, cli("unblock", "--integration", "pbx", "--number", "493023125741"), err);
        assertEquals("unblocked 493023125741, 03023125741\n", out);
        assertEquals(0, cli("unblock", "--integration", "pbx", "--number", "493023125741"), err);
        assertEquals("493023125741, 03023125741 was not blocked\n", out);
        assertEquals(0, cli("remove-caller-id", "--integration", "pbx", "--prefix", "4930"), err);
        assertEquals(0, cli("remove-default-caller-id", "--integration", "pbx"), err);
        assertEquals(new RoutingRules("pbx", Map.of("49900*", "", "0900*", ""), Map.of(), null),
                routing.rules("pbx", true));
    }

    @Test
    void mistakesWriteNothing() {
        assertEquals(1, cli("block", "--integration", "pbx", "--number", "call me"));
        assertTrue(err.startsWith("error: a blocked number must be"), err);
        assertEquals(1, cli("set-caller-id", "--integration", "pbx", "--prefix", "49", "--caller-id", "x"));
        assertEquals(1, cli("block", "--integration", "no/such", "--number", "49"));
        assertEquals(1, cli("block", "--number", "49"));
        assertEquals(2, cli("block", "--integration", "pbx", "--colour", "red"));
        assertEquals(2, run("block", "--integration", "pbx", "--number", "49"), "no table");
        assertEquals(RoutingRules.none("pbx"), routing.rules("pbx", true));
    }

    @Test
    void adminTokenPrintsATokenAndTheHashToDeployWith() {
        assertEquals(0, run("admin-token"), err);
        String token = out.lines().filter(l -> l.startsWith("admin token: ")).findFirst().orElseThrow()
                .substring("admin token: ".length());
        assertEquals(43, token.length());
        assertTrue(out.contains("AdminTokenHash: " + TokenHashes.hashOf(token) + "\n"), out);
    }

    @Test
    void anOrganizationsAdminTokenPrintsItsEntryForOrganizationAdminTokenHashes() {
        assertEquals(0, run("admin-token", "--organization", "org-a"), err);
        String token = out.lines().filter(l -> l.startsWith("admin token of organization org-a: ")).findFirst()
                .orElseThrow().substring("admin token of organization org-a: ".length());
        assertTrue(out.contains("OrganizationAdminTokenHashes entry: org-a:" + TokenHashes.hashOf(token) + "\n"),
                out);
        assertEquals(false, out.contains("AdminTokenHash:"), out);
        assertEquals(2, run("admin-token", "--organization", "org a"), "not a name");
    }
}
