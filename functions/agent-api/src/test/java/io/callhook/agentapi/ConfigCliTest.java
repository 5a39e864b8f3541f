// ConfigCli commands run in-process against the engine's HTTP endpoint (--endpoint), with the template's tables.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.TokenHashes;
import io.callhook.config.Setting;
import io.callhook.store.DynamoConfigStore;
import io.callhook.testing.LocalDynamo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigCliTest {

    private static final String HASH = TokenHashes.hashOf("pbx-token");

    LocalDynamo local;
    String table;
    DynamoConfigStore config;
    String out;
    String err;

    @BeforeEach
    void start() {
        local = LocalDynamo.shared();
        table = local.createTables().get("ConfigTable");
        config = new DynamoConfigStore(local.client(), table);
    }

    int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--table", table, "--endpoint", local.endpoint()));
        all.addAll(List.of(args));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = ConfigCli.run(all.toArray(String[]::new), Map.of(), new PrintStream(stdout, true,
                StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }

    /**
     * Retention through the CLI is the admin API's: the same checks (Retentions, RetentionPolicy) before anything is
     * written, the same entry in the table, the same answer.
     */
    @Test
    void retentionIsSetCheckedAndRemovedAsTheAdminApiDoesIt() {
        String org = "org-" + System.nanoTime();
        assertEquals(0, cli("set-retention", "--organization", org, "--days",
                "{\"calls\": 90, \"missedCalls\": 30, \"callbacks\": 60, \"audit\": 730}"), err);
        assertEquals("{\"calls\":90,\"missedCalls\":30,\"callbacks\":60,\"audit\":730}",
                config.entries(Setting.RETENTION).get(org));
        assertEquals(Map.of("organizationId", org, "days", Map.of("calls", 90, "missedCalls", 30, "callbacks", 60,
                "audit", 730), "integrations", Map.of()), io.callhook.json.Json.parseObject(out.trim()),
                "the admin API's answer");

        // an integration of the organization (mapped in the table), with days of its own
        config.put(Setting.INTEGRATION_ORGANIZATIONS, "pbx-" + org, "pbx-" + org + ":" + org);
        assertEquals(0, cli("set-retention", "--organization", org, "--integration", "pbx-" + org, "--days",
                "{\"calls\": 30}"), err);
        assertEquals("{\"calls\":30}", config.entries(Setting.RETENTION).get(org + "/pbx-" + org));
        assertEquals(Map.of("calls", 30, "missedCalls", 30, "callbacks", 30, "audit", 730),
                ((Map<?, ?>) ((Map<?, ?>) io.callhook.json.Json.parseObject(out.trim()).get("integrations"))
                        .get("pbx-" + org)));

        // refusals write nothing
        Map<String, String> before = config.entries(Setting.RETENTION);
        assertEquals(1, cli("set-retention", "--organization", org, "--days", "{\"calls\": 0}"));
        assertTrue(err.contains("calls must be 1 to 3650 days"), err);
        assertEquals(1, cli("set-retention", "--organization", org, "--days", "{\"calls\": 90, \"voicemail\": 9}"));
        assertTrue(err.contains("unknown field voicemail"), err);
        assertEquals(1, cli("set-retention", "--organization", org, "--days", "{\"calls\": \"90\"}"));
        assertEquals(1, cli("set-retention", "--organization", org, "--days", "90"));
        assertTrue(err.contains("not a JSON object"), err);
        assertEquals(1, cli("set-retention", "--organization", org, "--integration", "someone-elses", "--days",
                "{\"calls\": 30}"));
        assertTrue(err.contains("no integration someone-elses in your organization"), err);
        assertEquals(1, cli("set-retention", "--organization", "bad org", "--days", "{\"calls\": 30}"));
        assertEquals(1, cli("add", "--setting", "Retention", "--entry", org + ":30"));
        assertTrue(err.contains("takes set-retention"), err);
        assertEquals(before, config.entries(Setting.RETENTION));

        // seeding the template parameter's value: checked whole first
        assertEquals(1, cli("seed", "--setting", "Retention", "--value", "{\"a-" + org + "\": {\"calls\": 5},"
                + " \"b-" + org + "\": {\"calls\": 0}}"));
        assertEquals(before, config.entries(Setting.RETENTION), "nothing of a refused seed is written");
        assertEquals(0, cli("seed", "--setting", "Retention", "--value", "{\"a-" + org + "\": {\"calls\": 5}}"),
                err);
        assertEquals("{\"calls\":5}", config.entries(Setting.RETENTION).get("a-" + org));

        assertEquals(0, cli("remove-retention", "--organization", org, "--integration", "pbx-" + org), err);
        assertFalse(config.entries(Setting.RETENTION).containsKey(org + "/pbx-" + org));
        assertTrue(config.entries(Setting.RETENTION).containsKey(org));
        assertEquals(0, cli("remove-retention", "--organization", org));
        assertEquals(0, cli("remove-retention", "--organization", org));
        assertTrue(out.contains("no retention for " + org), out);
    }

    @Test
    void anOrganizationsTimeZoneAndRegionAreSetTogetherOrApartAndChecked() {
        String org = "org-" + System.nanoTime();
        assertEquals(0, cli("set-organization", "--organization", org, "--time-zone", "Europe/Berlin"), err);
        assertEquals(0, cli("set-organization", "--organization", org, "--default-region", "AT"), err);
        assertEquals("{\"timeZone\":\"Europe/Berlin\",\"defaultRegion\":\"AT\"}",
                config.entries(Setting.ORGANIZATION_SETTINGS).get(org), "a setting left out keeps its value");
        assertEquals(1, cli("set-organization", "--organization", org, "--time-zone", "Mars/Olympus"));
        assertTrue(err.contains("timeZone must be an IANA time zone id"), err);
        assertEquals(1, cli("set-organization", "--organization", org, "--default-region", "de"));
        assertEquals("{\"timeZone\":\"Europe/Berlin\",\"defaultRegion\":\"AT\"}",
                config.entries(Setting.ORGANIZATION_SETTINGS).get(org), "nothing written");
        assertEquals(0, cli("remove-organization", "--organization", org), err);
        assertFalse(config.entries(Setting.ORGANIZATION_SETTINGS).containsKey(org));
    }

    @Test
    void entriesAreAddedOnceReplacedByIdAndRemoved() {
        assertEquals(0, cli("add", "--setting", "WebhookTokenHashes", "--entry", " pbx : " + HASH + " "), err);
        assertEquals(0, cli("add", "--setting", "WebhookTokenHashes", "--entry", "pbx:" + HASH), err);
        assertEquals(Map.of("pbx:" + HASH, "pbx:" + HASH), config.entries(Setting.WEBHOOK_TOKEN_HASHES));
        // without a calls table to look in, moving an integration (here from the default organization) needs force
        assertEquals(1, cli("add", "--setting", "IntegrationOrganizations", "--entry", "pbx:org-a"));
        assertTrue(err.contains("may have calls in organization 1 (no calls table to look in)"), err);
        assertEquals(Map.of(), config.entries(Setting.INTEGRATION_ORGANIZATIONS));
        assertEquals(0, cli("add", "--setting", "IntegrationOrganizations", "--entry", "pbx:org-a", "--force",
                "true"), err);
        assertEquals(0, cli("add", "--setting", "IntegrationOrganizations", "--entry", "pbx : org-b", "--force",
                "true"), err);
        assertEquals(Map.of("pbx", "pbx:org-b"), config.entries(Setting.INTEGRATION_ORGANIZATIONS), "moved");
        assertEquals(0, cli("show", "--setting", "IntegrationOrganizations"), err);
        assertEquals("IntegrationOrganizations  pbx  pbx:org-b\n", out);
        assertEquals(1, cli("remove", "--setting", "IntegrationOrganizations", "--entry", "pbx"));
        assertTrue(err.contains("last mapping"), err);
        assertEquals(Map.of("pbx", "pbx:org-b"), config.entries(Setting.INTEGRATION_ORGANIZATIONS),
                "the last mapping stays: without it every integration would belong to the default organization");
        assertEquals(0, cli("add", "--setting", "IntegrationOrganizations", "--entry", "acme:org-a"), err);
        assertTrue(out.contains("added to IntegrationOrganizations: acme"), "acme was unmapped: no move, no force");
        assertEquals(0, cli("remove", "--setting", "IntegrationOrganizations", "--entry", "pbx"), err);
        assertEquals(0, cli("remove", "--setting", "IntegrationOrganizations", "--entry", "pbx"), err);
        assertTrue(out.contains("was not in"), out);
        assertEquals(Map.of("acme", "acme:org-a"), config.entries(Setting.INTEGRATION_ORGANIZATIONS));
    }

    @Test
    void seedingMigratesAParametersValueEntryByEntry() {
        assertEquals(0, cli("seed", "--setting", "WebhookTokenHashes", "--value", "pbx:" + HASH + ", acme:" + HASH
                + ",,"), err);
        assertEquals(Map.of("pbx:" + HASH, "pbx:" + HASH, "acme:" + HASH, "acme:" + HASH),
                config.entries(Setting.WEBHOOK_TOKEN_HASHES));
        assertEquals(0, cli("seed", "--setting", "LineRules", "--value", "{\"support\": {\"shortAbandonSeconds\": 9},"
                + " \"org-a/desk\": {\"countShortAbandons\": false}}"), err);
        assertEquals(Map.of("support", "{\"shortAbandonSeconds\":9}", "org-a/desk", "{\"countShortAbandons\":false}"),
                config.entries(Setting.LINE_RULES));
    }

    @Test
    void anOrganizationsShardCountIsOnlyRaisedNeverLoweredOrRemoved() {
        assertEquals(0, cli("add", "--setting", "OrganizationShards", "--entry", " org-a : 4 "), err);
        assertEquals(0, cli("add", "--setting", "OrganizationShards", "--entry", "org-a:8"), err);
        assertEquals(Map.of("org-a", "org-a:8"), config.entries(Setting.ORGANIZATION_SHARDS));
        assertEquals(1, cli("add", "--setting", "OrganizationShards", "--entry", "org-a:2"));
        assertTrue(err.contains("org-a has 8 index shards"), err);
        assertEquals(1, cli("seed", "--setting", "OrganizationShards", "--value", "org-b:3,org-a:1"));
        assertEquals(1, cli("remove", "--setting", "OrganizationShards", "--entry", "org-a"));
        assertTrue(err.contains("cannot be removed"), err);
        assertEquals(1, cli("add", "--setting", "OrganizationShards", "--entry", "org-a:101"));
        assertEquals(1, cli("add", "--setting", "OrganizationShards", "--entry", "org a:2"));
        assertEquals(Map.of("org-a", "org-a:8"), config.entries(Setting.ORGANIZATION_SHARDS),
                "nothing refused was written, the seed's valid entry neither");
    }

    @Test
    void withTheCallsTableAnIntegrationMovesWithoutForceOnlyWhileItHasNoCallsAndASeedIsCheckedWhole() {
        Map<String, String> tables = local.createTables();
        String calls = tables.get("CallsTable");
        table = tables.get("ConfigTable");
        config = new DynamoConfigStore(local.client(), table);
        assertEquals(0, cli("--calls-table", calls, "seed", "--setting", "IntegrationOrganizations", "--value",
                "pbx:org-a,acme:org-a"), err);
        assertEquals(Map.of("pbx", "pbx:org-a", "acme", "acme:org-a"), config.entries(
                Setting.INTEGRATION_ORGANIZATIONS), "no calls anywhere: no force needed");
        local.client().putItem(b -> b.tableName(calls).item(Map.of(
                "pk", io.callhook.dynamodb.AttributeValue.fromS("pbx:c1"),
                "orgShard", io.callhook.dynamodb.AttributeValue.fromS("org-a#0"),
                "firstSeenAt", io.callhook.dynamodb.AttributeValue.fromN("1763899215000"))));
        assertEquals(1, cli("--calls-table", calls, "add", "--setting", "IntegrationOrganizations", "--entry",
                "pbx:org-b"));
        assertTrue(err.contains("integration pbx has calls in organization org-a"), err);
        assertEquals(1, cli("--calls-table", calls, "seed", "--setting", "IntegrationOrganizations", "--value",
                "acme:org-b,pbx:org-b"));
        assertEquals(1, cli("--calls-table", calls, "seed", "--setting", "IntegrationOrganizations", "--value",
                "acme:org-b,acme:org-c"));
        assertTrue(err.contains("integration acme is listed twice"), err);
        assertEquals(Map.of("pbx", "pbx:org-a", "acme", "acme:org-a"), config.entries(
                Setting.INTEGRATION_ORGANIZATIONS), "nothing of the refused seeds written, acme's move neither");
        assertEquals(0, cli("--calls-table", calls, "add", "--setting", "IntegrationOrganizations", "--entry",
                "acme:org-b"), err);
        assertEquals(1, cli("add", "--setting", "IntegrationOrganizations", "--entry", "pbx:org-b", "--force",
                "yes"));
        assertEquals(0, cli("--calls-table", calls, "add", "--setting", "IntegrationOrganizations", "--entry",
                "pbx:org-b", "--force", "true"), err);
        assertTrue(out.contains("(moved from org-a)"), out);
        assertEquals(Map.of("pbx", "pbx:org-b", "acme", "acme:org-b"), config.entries(
                Setting.INTEGRATION_ORGANIZATIONS));
    }

    @Test
    void anEntryTheFunctionsWouldRefuseIsNeverWritten() {
        assertEquals(1, cli("add", "--setting", "WebhookTokenHashes", "--entry", "acme:foo:" + HASH));
        assertFalse(err.contains(HASH), "the entry is not repeated: " + err);
        assertEquals(1, cli("add", "--setting", "WebhookTokenHashes", "--entry", "pbx:" + HASH + ",acme:" + HASH));
        assertEquals(1, cli("add", "--setting", "IntegrationOrganizations", "--entry", "pbx:org a"));
        assertEquals(1, cli("add", "--setting", "NoSuchSetting", "--entry", "x"));
        assertEquals(1, cli("set-line", "--line", "support", "--rules", "{\"shortAbandonSeconds\": -1}"));
        assertEquals(1, cli("set-line", "--line", "/desk", "--rules", "{}"));
        assertEquals(1, cli("seed", "--setting", "WebhookTokenHashes", "--value", "pbx:" + HASH + ",bad"));
        for (Setting setting : Setting.values()) {
            assertEquals(Map.of(), config.entries(setting), setting.parameter());
        }
    }
}
