// The admin API's organization routes (the integrations' mapping, the shard counts) over the engine, from the sample
// events in events/admin-api: calls recorded by the webhook's own store decide whether a move splits a history.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.call.EventType;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Setting;
import io.callhook.json.Json;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoAuditTrail;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoIntegrationCalls;
import io.callhook.testing.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganizationRoutesTest {

    static final String ADMIN_TOKEN = AdminApiHandlerTest.ADMIN_TOKEN;
    static final String ORG_A_ADMIN = "org-a-admin-0123456789abcdef";

    LocalDynamo local;
    Map<String, String> tables;
    Environment env;
    AdminApiHandler handler;
    DynamoConfigStore config;
    DynamoAuditTrail audit;

    @BeforeEach
    void start() {
        local = LocalDynamo.shared();
        tables = local.createTables();
        env = local.functionEnvironment("AdminApiFunction", tables, Map.of(
                AdminApiHandler.ADMIN_TOKEN_HASH_VARIABLE, TokenHashes.hashOf(ADMIN_TOKEN),
                AdminApiHandler.ORGANIZATION_TOKEN_HASHES_VARIABLE, "org-a:" + TokenHashes.hashOf(ORG_A_ADMIN),
                "INTEGRATION_ORGANIZATIONS", "local:org-a,acme:org-a,globex:org-b"));
        handler = new AdminApiHandler(env);
        config = new DynamoConfigStore(local.client(), tables.get("ConfigTable"));
        audit = DynamoAuditTrail.fromEnvironment(local.client(), env);
    }

    /** A call of {@code integration} recorded as the CTI webhook records it (the config table read every time). */
    void call(String integration, String callId) {
        LiveConfig live = new LiveConfig(env, config::entries, Duration.ZERO, System::nanoTime);
        DynamoCallStore.live(local.client(), env, live).apply(CallEvent.builder(callId, integration,
                EventType.NEW_CALL, Instant.now()).direction(io.callhook.call.Direction.IN).from("+4922100")
                .to("+4930500").ringingAt(Instant.now()).build());
    }

    String organizationOf(String key) {
        return local.client().getItem(b -> b.tableName(tables.get("CallsTable"))
                .key(io.callhook.store.CallItemLayout.key(key)).consistentRead(true)).item()
                .get("organizationId").s();
    }

    APIGatewayV2HTTPResponse send(String name, String token, String parameter, String value, String body) {
        APIGatewayV2HTTPEvent event = AdminApiHandlerTest.event(name);
        if (parameter != null) {
            Map<String, String> parameters = new HashMap<>(event.getPathParameters());
            parameters.put(parameter, value);
            event.setPathParameters(parameters);
        }
        if (body != null) {
            event.setBody(body);
        }
        // each request its own: an audit entry is keyed by its request, so a retry writes the same one again
        event.getRequestContext().setRequestId(java.util.UUID.randomUUID().toString());
        AdminApiHandlerTest.withAuthorization(event, token == null ? null : "Bearer " + token);
        return handler.handleRequest(event, null);
    }

    Map<String, Object> ok(String name, String parameter, String value, String body) {
        APIGatewayV2HTTPResponse response = send(name, ADMIN_TOKEN, parameter, value, body);
        assertEquals(200, response.getStatusCode(), name + ": " + response.getBody());
        return Json.parseObject(response.getBody());
    }

    Map<String, Map<String, String>> stored() {
        return Map.of("mapping", config.entries(Setting.INTEGRATION_ORGANIZATIONS, true),
                "shards", config.entries(Setting.ORGANIZATION_SHARDS, true));
    }

    List<String> audited(String organization) {
        return audit.page(organization, 100, null).items().stream()
                .map(entry -> entry.action() + " " + entry.actor() + " " + new java.util.TreeMap<>(entry.target()))
                .toList();
    }

    @Test
    void theSampleEventsListMapAndRaiseAndEveryChangeIsAudited() {
        Map<String, Object> listed = ok("get-organizations", null, null, null);
        assertEquals(Map.of("defaultOrganization", "1", "defaultShards", 1, "mapped", true, "organizations", List.of(
                Map.of("organization", "1", "integrations", List.of(), "shards", 1),
                Map.of("organization", "org-a", "integrations", List.of("acme", "local"), "shards", 1),
                Map.of("organization", "org-b", "integrations", List.of("globex"), "shards", 1))), listed);

        // no calls yet: local moves to org-b without force; the same request again changes nothing
        Map<String, Object> moved = ok("put-integration-organization", "integration", "local",
                "{\"organization\": \"org-b\"}");
        assertEquals(Map.of("integration", "local", "organization", "org-b", "previousOrganization", "org-a",
                "moved", true), moved);
        Map<String, Object> again = ok("put-integration-organization", "integration", "local",
                "{\"organization\": \"org-b\"}");
        assertEquals(false, again.get("moved"));
        assertEquals("org-b", again.get("previousOrganization"));
        assertEquals(Map.of("local", "local:org-b"), stored().get("mapping"), "the table's entry over the seed");

        assertEquals(Map.of("organization", "org-a", "shards", 4, "previousShards", 1),
                ok("put-organization-shards", null, null, null));
        assertEquals(Map.of("organization", "org-a", "shards", 4, "previousShards", 4),
                ok("put-organization-shards", null, null, null), "the same count again: nothing changes");
        assertEquals(Map.of("org-a", "org-a:4"), stored().get("shards"));

        Map<String, Object> after = ok("get-organizations", null, null, null);
        assertEquals(List.of(Map.of("organization", "1", "integrations", List.of(), "shards", 1),
                Map.of("organization", "org-a", "integrations", List.of("acme"), "shards", 4),
                Map.of("organization", "org-b", "integrations", List.of("globex", "local"), "shards", 1)),
                after.get("organizations"));

        String map = "PUT /api/v1/admin/integrations/{integration}/organization admin ";
        String raise = "PUT /api/v1/admin/organizations/{organization}/shards admin ";
        assertTrue(audited("org-a").contains(map + "{force=false, integration=local, organization=org-b,"
                + " previousOrganization=org-a}"), audited("org-a").toString());
        assertTrue(audited("org-a").contains(raise + "{previousShards=1, shards=4}"), audited("org-a").toString());
        assertTrue(audited("org-b").contains(map + "{force=false, integration=local, organization=org-b,"
                + " previousOrganization=org-a}"), "a move is in both trails: " + audited("org-b"));
        assertTrue(audited("org-a").stream().noneMatch(entry -> entry.startsWith("GET ")), "reads are not audited");
    }

    @Test
    void anIntegrationWithCallsMovesOnlyWithForceAndItsNextCallsBelongToTheNewOrganization() {
        call("acme", "c1");
        assertEquals("org-a", organizationOf("acme:c1"));
        Map<String, Map<String, String>> before = stored();
        APIGatewayV2HTTPResponse refused = send("put-integration-organization", ADMIN_TOKEN, "integration", "acme",
                "{\"organization\": \"org-b\"}");
        assertEquals(409, refused.getStatusCode(), refused.getBody());
        assertEquals("integration acme has calls in organization org-a; moving it to org-b would split its history:"
                + " its earlier calls stay in org-a. Move it anyway with force",
                Json.parseObject(refused.getBody()).get("error"));
        assertRefused(409, send("put-integration-organization", ADMIN_TOKEN, "integration", "acme",
                "{\"organization\": \"org-b\", \"force\": false}"));
        assertEquals(before, stored(), "nothing written");
        assertTrue(audited("org-b").isEmpty(), "nothing audited");

        // local has no calls (acme's do not count), globex is not moved (same organization): both without force
        assertEquals(true, ok("put-integration-organization", "integration", "local",
                "{\"organization\": \"org-c\"}").get("moved"));
        assertEquals(false, ok("put-integration-organization", "integration", "acme",
                "{\"organization\": \"org-a\"}").get("moved"));

        Map<String, Object> forced = ok("put-integration-organization", "integration", "acme",
                "{\"organization\": \"org-b\", \"force\": true}");
        assertEquals(true, forced.get("moved"));
        call("acme", "c2");
        assertEquals("org-b", organizationOf("acme:c2"), "the webhook's next call belongs to org-b");
        assertEquals("org-a", organizationOf("acme:c1"), "the earlier call keeps its organization");
        assertTrue(audited("org-b").stream().anyMatch(entry -> entry.contains("force=true")), audited("org-b")
                .toString());
    }

    @Test
    void aCallInAHigherShardIsFoundAndABudgetTooSmallToLookEverywhereIsNotNone() {
        assertEquals(200, send("put-organization-shards", ADMIN_TOKEN, "organization", "org-b", "{\"shards\": 8}")
                .getStatusCode());
        for (int i = 0; i < 20; i++) {
            call("globex", "g" + i);
        }
        DynamoIntegrationCalls calls = new DynamoIntegrationCalls(local.client(), tables.get("CallsTable"), 100);
        assertEquals(DynamoIntegrationCalls.Answer.SOME, calls.in("globex", "org-b", 8));
        assertEquals(DynamoIntegrationCalls.Answer.NONE, calls.in("glob", "org-b", 8), "a prefix is no integration");
        assertEquals(DynamoIntegrationCalls.Answer.NONE, calls.in("globex", "org-a", 8));
        assertEquals(DynamoIntegrationCalls.Answer.UNKNOWN, new DynamoIntegrationCalls(local.client(),
                tables.get("CallsTable"), 3).in("acme", "org-b", 8), "3 of 8 shards read: not none");
        assertRefused(409, send("put-integration-organization", ADMIN_TOKEN, "integration", "globex",
                "{\"organization\": \"org-a\"}"));
    }

    @Test
    void aLowerShardCountIs409AndBadInputIs400Or422AndNothingIsWritten() {
        ok("put-organization-shards", "organization", "org-a", "{\"shards\": 4}");
        Map<String, Map<String, String>> before = stored();
        int audits = audited("org-a").size();
        APIGatewayV2HTTPResponse lower = send("put-organization-shards", ADMIN_TOKEN, "organization", "org-a",
                "{\"shards\": 2}");
        assertEquals(409, lower.getStatusCode());
        assertEquals("organization org-a has 4 index shards; a count may only be raised (the calls written to its"
                + " higher shards would no longer be read)", Json.parseObject(lower.getBody()).get("error"));
        assertRefused(400, send("put-organization-shards", ADMIN_TOKEN, "organization", "org a", "{\"shards\": 8}"));
        assertRefused(400, send("put-organization-shards", ADMIN_TOKEN, "organization", "org:a", "{\"shards\": 8}"));
        assertRefused(400, send("put-organization-shards", ADMIN_TOKEN, "organization", "o".repeat(65),
                "{\"shards\": 8}"));
        for (String body : List.of("{\"shards\": 0}", "{\"shards\": 101}", "{\"shards\": 4.5}", "{\"shards\": \"8\"}",
                "{}", "{\"shards\": 5000000000}")) {
            assertRefused(422, send("put-organization-shards", ADMIN_TOKEN, "organization", "org-a", body));
        }
        assertRefused(400, send("put-organization-shards", ADMIN_TOKEN, "organization", "org-a", "{\"shards\":"));
        for (String body : List.of("{\"organization\": \"org b\"}", "{\"organization\": \"org-b:x\"}",
                "{\"organization\": \" org-b\"}", "{\"organization\": \"o" + "o".repeat(64) + "\"}")) {
            assertRefused(400, send("put-integration-organization", ADMIN_TOKEN, "integration", "local", body));
        }
        assertRefused(400, send("put-integration-organization", ADMIN_TOKEN, "integration", "no/such",
                "{\"organization\": \"org-b\"}"));
        assertRefused(422, send("put-integration-organization", ADMIN_TOKEN, "integration", "local", "{}"));
        assertRefused(422, send("put-integration-organization", ADMIN_TOKEN, "integration", "local",
                "{\"organization\": \"\"}"));
        assertRefused(422, send("put-integration-organization", ADMIN_TOKEN, "integration", "local",
                "{\"organization\": \"org-b\", \"force\": \"yes\"}"));
        assertEquals(before, stored(), "nothing written");
        assertEquals(audits, audited("org-a").size(), "nothing audited");
    }

    @Test
    void wrongCredentialsAndOrganizationAdminsChangeNothingAndAnOrganizationAdminListsItsOwnOnly() {
        Map<String, Map<String, String>> before = stored();
        for (String name : List.of("put-integration-organization", "put-organization-shards", "get-organizations")) {
            assertRefused(401, send(name, null, null, null, null));
            assertRefused(403, send(name, "wrong-token", null, null, null));
        }
        // org-a's own admin may not move its own integration, nor raise its own or another organization's shards
        assertRefused(403, send("put-integration-organization", ORG_A_ADMIN, "integration", "acme",
                "{\"organization\": \"org-a\"}"));
        assertRefused(403, send("put-integration-organization", ORG_A_ADMIN, "integration", "globex",
                "{\"organization\": \"org-a\"}"));
        assertRefused(403, send("put-organization-shards", ORG_A_ADMIN, "organization", "org-a", "{\"shards\": 2}"));
        assertRefused(403, send("put-organization-shards", ORG_A_ADMIN, "organization", "org-b", "{\"shards\": 2}"));
        assertEquals(before, stored(), "nothing written");
        assertTrue(audited("org-a").isEmpty() && audited("org-b").isEmpty(), "nothing audited");

        APIGatewayV2HTTPResponse own = send("get-organizations", ORG_A_ADMIN, null, null, null);
        assertEquals(200, own.getStatusCode());
        assertEquals(List.of(Map.of("organization", "org-a", "integrations", List.of("acme", "local"), "shards", 1)),
                Json.parseObject(own.getBody()).get("organizations"));
    }

    @Test
    void aSignedInAdminListsItsOrganizationOnTheTwinAndChangesNothing() {
        DynamoAgentDirectory agents = new DynamoAgentDirectory(local.client(), tables.get("AgentsTable"));
        agents.save(new Agent("adm-b", "adm-b", "admin@b.example", Set.of(), "org-b", Role.ADMIN),
                TokenHashes.hashOf("adm-b-token-0123456789abcdef"));
        Map<String, String> claims = Map.of("email", "admin@b.example", "sub", "x");
        APIGatewayV2HTTPResponse listed = signedIn(claims, "get-organizations");
        assertEquals(200, listed.getStatusCode(), listed.getBody());
        assertEquals(List.of(Map.of("organization", "org-b", "integrations", List.of("globex"), "shards", 1)),
                Json.parseObject(listed.getBody()).get("organizations"));
        Map<String, Map<String, String>> before = stored();
        assertRefused(403, signedIn(claims, "put-organization-shards"));
        assertRefused(403, signedIn(claims, "put-integration-organization"));
        assertEquals(before, stored(), "nothing written");
    }

    /** A sample request on its signed-in twin (/oidc/...), with the claims API Gateway's JWT authorizer verified. */
    APIGatewayV2HTTPResponse signedIn(Map<String, String> claims, String name) {
        APIGatewayV2HTTPEvent event = AdminApiHandlerTest.withAuthorization(AdminApiHandlerTest.event(name),
                "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        event.setRouteKey(event.getRouteKey().replace(" /api/", " /oidc/api/"));
        event.getRequestContext().setRouteKey(event.getRouteKey());
        event.setRawPath("/oidc" + event.getRawPath());
        event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                .build());
        return handler.handleRequest(event, null);
    }

    static void assertRefused(int status, APIGatewayV2HTTPResponse response) {
        AdminApiHandlerTest.assertRefused(status, response);
    }
}
