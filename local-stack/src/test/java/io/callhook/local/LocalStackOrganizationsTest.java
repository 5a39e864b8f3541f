// End to end over real HTTP: an in-process local stack runs template.yaml; the operator lists the organizations,
// moves integrations (refused while one has calls, unless forced) and raises a shard count through the admin API, and
// the webhooks and the caller log apply each change at their next request (ConfigCacheSeconds=0 bypasses the cache).
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.TokenHashes;
import io.callhook.json.Json;
import io.callhook.store.CallKeys;
import io.callhook.template.SamTemplate;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LocalStackOrganizationsTest {

    private static final String PBX = "pbx-" + UUID.randomUUID();
    private static final String ACME = "acme-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final String ORG_A_ADMIN = "org-a-admin-" + UUID.randomUUID();
    private static final String BOB = "bob-" + UUID.randomUUID();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"bob\",\"login\":\"bob\",\"organizationId\":\"org-b\",\"token\":\"" + BOB
                + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of("pbx=" + PBX, "acme=" + ACME))
                .withAgents(agents).withAdminToken(OPERATOR).withParameters(Map.of("ConfigCacheSeconds", "0",
                        "IntegrationOrganizations", "pbx:org-a,acme:org-a",
                        "OrganizationAdminTokenHashes", "org-a:" + TokenHashes.hashOf(ORG_A_ADMIN))), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return TestStacks.send(stack, method, path, token, json);
    }

    static Map<String, Object> ok(String method, String path, String json) throws Exception {
        HttpResponse<String> response = send(method, path, OPERATOR, json);
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return Json.parseObject(response.body());
    }

    static void newCall(String token, String callId) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/cti/" + token, null, "{\"event\":\"newCall\","
                + "\"from\":\"+4922100\",\"to\":\"+4930500\",\"direction\":\"in\",\"callId\":\"" + callId + "\"}");
        assertEquals(200, response.statusCode(), response.body());
    }

    static Map<String, AttributeValue> record(String key) {
        try (DynamoDbClient dynamo = LocalStack.dynamoDbClient(stack.dynamoDbEndpoint())) {
            return dynamo.getItem(b -> b.tableName("CallsTable").key(Map.of("pk", AttributeValue.fromS(key)))
                    .consistentRead(true)).item();
        }
    }

    static String organizationOf(String key) {
        return record(key).get("organizationId").s();
    }

    static List<?> bobsLog() throws Exception {
        HttpResponse<String> log = send("GET", "/api/v1/cti/log?limit=300", BOB, null);
        assertEquals(200, log.statusCode(), log.body());
        return ((List<?>) Json.parseObject(log.body()).get("entries")).stream()
                .map(entry -> ((Map<?, ?>) entry).get("callId")).toList();
    }

    @Test
    void theOperatorMovesIntegrationsAndRaisesShardsAndTheWebhooksAndTheCallerLogFollowAtTheirNextRequest()
            throws Exception {
        Map<String, Object> listed = ok("GET", "/api/v1/admin/organizations", null);
        assertEquals(List.of(Map.of("organization", "1", "integrations", List.of(), "shards", 1),
                Map.of("organization", "org-a", "integrations", List.of("acme", "pbx"), "shards", 1)),
                listed.get("organizations"));

        newCall(PBX, "c1");
        assertEquals("org-a", organizationOf("pbx:c1"));
        HttpResponse<String> refused = send("PUT", "/api/v1/admin/integrations/pbx/organization", OPERATOR,
                "{\"organization\": \"org-b\"}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(((String) Json.parseObject(refused.body()).get("error")).contains("has calls in organization org-a"),
                refused.body());
        newCall(PBX, "c2");
        assertEquals("org-a", organizationOf("pbx:c2"), "the refused move changed nothing");

        // acme has no calls: it moves without force, and its next call is org-b's at once
        assertEquals(Map.of("integration", "acme", "organization", "org-b", "previousOrganization", "org-a",
                "moved", true), ok("PUT", "/api/v1/admin/integrations/acme/organization",
                "{\"organization\": \"org-b\"}"));
        newCall(ACME, "a1");
        assertEquals("org-b", organizationOf("acme:a1"));
        // the move is in the trail of both organizations; the refused one in neither
        String orgA = send("GET", "/api/v1/admin/organizations/org-a/audit?limit=300", OPERATOR, null).body();
        assertTrue(orgA.contains("\"previousOrganization\":\"org-a\"") && orgA.contains("\"integration\":\"acme\""),
                orgA);
        assertFalse(orgA.contains("\"integration\":\"pbx\""), orgA);
        HttpResponse<String> own = send("GET", "/api/v1/admin/organizations", ORG_A_ADMIN, null);
        assertEquals(List.of(Map.of("organization", "org-a", "integrations", List.of("pbx"), "shards", 1)),
                Json.parseObject(own.body()).get("organizations"), "org-a's admin sees org-a only");

        assertEquals(true, ok("PUT", "/api/v1/admin/integrations/pbx/organization",
                "{\"organization\": \"org-b\", \"force\": true}").get("moved"));
        newCall(PBX, "c3");
        assertEquals("org-b", organizationOf("pbx:c3"));
        assertEquals("org-a", organizationOf("pbx:c1"), "earlier calls keep their organization");
        List<?> log = bobsLog();
        assertTrue(log.contains("pbx:c3") && log.contains("acme:a1"), log.toString());
        assertFalse(log.contains("pbx:c1"), "org-a's calls stay org-a's: " + log);

        // raise org-b to 4 shards: a call the webhook writes to a higher shard is in the caller log
        assertEquals(Map.of("organization", "org-b", "shards", 4, "previousShards", 1),
                ok("PUT", "/api/v1/admin/organizations/org-b/shards", "{\"shards\": 4}"));
        String high = "h1";
        for (int i = 2; CallKeys.shardOf("pbx:" + high, 4) == 0; i++) {
            high = "h" + i;
        }
        newCall(PBX, high);
        assertEquals("org-b#" + CallKeys.shardOf("pbx:" + high, 4), record("pbx:" + high).get("orgShard").s());
        assertTrue(bobsLog().contains("pbx:" + high), "read from its shard");

        // lowering is refused and writes nothing; so are bad names, wrong tokens and org-a's own admin
        Map<String, Object> before = ok("GET", "/api/v1/admin/organizations", null);
        assertEquals(409, send("PUT", "/api/v1/admin/organizations/org-b/shards", OPERATOR, "{\"shards\": 2}")
                .statusCode());
        assertEquals(400, send("PUT", "/api/v1/admin/organizations/org%20b/shards", OPERATOR, "{\"shards\": 8}")
                .statusCode());
        assertEquals(400, send("PUT", "/api/v1/admin/integrations/pbx/organization", OPERATOR,
                "{\"organization\": \"org:c\"}").statusCode());
        assertEquals(422, send("PUT", "/api/v1/admin/organizations/org-b/shards", OPERATOR, "{\"shards\": 0}")
                .statusCode());
        assertEquals(401, send("PUT", "/api/v1/admin/organizations/org-b/shards", null, "{\"shards\": 8}")
                .statusCode());
        assertEquals(403, send("PUT", "/api/v1/admin/organizations/org-b/shards", "wrong", "{\"shards\": 8}")
                .statusCode());
        assertEquals(403, send("PUT", "/api/v1/admin/organizations/org-a/shards", ORG_A_ADMIN, "{\"shards\": 8}")
                .statusCode());
        assertEquals(403, send("PUT", "/api/v1/admin/integrations/acme/organization", ORG_A_ADMIN,
                "{\"organization\": \"org-a\", \"force\": true}").statusCode());
        assertEquals(before, ok("GET", "/api/v1/admin/organizations", null), "nothing written");
        newCall(ACME, "a2");
        assertEquals("org-b", organizationOf("acme:a2"));

        HttpResponse<String> none = send("GET", "/api/v1/admin/organizations", ORG_A_ADMIN, null);
        assertEquals(List.of(), Json.parseObject(none.body()).get("organizations"), "org-a has no integration left");

        // every change is in the trail of the organization it concerns
        String trail = send("GET", "/api/v1/admin/organizations/org-b/audit?limit=300", OPERATOR, null).body();
        assertTrue(trail.contains("\"action\":\"PUT /api/v1/admin/organizations/{organization}/shards\""), trail);
        assertTrue(trail.contains("\"force\":\"true\""), trail);
        assertFalse(trail.contains("\"shards\":\"2\""), "refused changes are not audited: " + trail);
    }
}
