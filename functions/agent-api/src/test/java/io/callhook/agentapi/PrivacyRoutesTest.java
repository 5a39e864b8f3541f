// The admin API's organization routes (erasures) over the engine, from the sample events in events/admin-api:
// who may ask for which organization, bad input, and the job's answers.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.auth.TokenHashes;
import io.callhook.json.Json;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.testing.LocalDynamo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivacyRoutesTest {

    static final String ORG_A_TOKEN = "org-a-admin-token-0123456789abcdef";
    static final String ORG_B_TOKEN = "org-b-admin-token-0123456789abcdef";

    final LocalDynamo local = LocalDynamo.shared();
    final Map<String, String> tables = local.createTables();
    final AdminApiHandler handler = new AdminApiHandler(local.functionEnvironment("AdminApiFunction", tables,
            Map.of(AdminApiHandler.ADMIN_TOKEN_HASH_VARIABLE, TokenHashes.hashOf(AdminApiHandlerTest.ADMIN_TOKEN),
                    "INTEGRATION_ORGANIZATIONS", "local:1,pbx-a:org-a,pbx-b:org-b",
                    AdminApiHandler.ORGANIZATION_TOKEN_HASHES_VARIABLE, "org-a:" + TokenHashes.hashOf(ORG_A_TOKEN)
                            + ",org-b:" + TokenHashes.hashOf(ORG_B_TOKEN))));

    static APIGatewayV2HTTPEvent event(String name, String organization, String token) {
        APIGatewayV2HTTPEvent event = AdminApiHandlerTest.event(name);
        Map<String, String> parameters = new HashMap<>(event.getPathParameters());
        parameters.put("organization", organization);
        event.setPathParameters(parameters);
        return AdminApiHandlerTest.withAuthorization(event, token == null ? null : "Bearer " + token);
    }

    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    @Test
    void anErasureAnswersItsJobAndItsProgressToTheOrganizationsAdminsOnly() {
        APIGatewayV2HTTPResponse started = send(event("post-erasure", "org-a", ORG_A_TOKEN));
        assertEquals(202, started.getStatusCode(), started.getBody());
        Map<String, Object> job = Json.parseObject(started.getBody());
        assertEquals("org-a", job.get("organizationId"));
        assertEquals("running", job.get("state"));
        assertEquals("tombstone", job.get("step"));
        assertEquals("admin:org-a", job.get("requestedBy"));
        assertEquals(Map.of("missedCalls", 0, "callbacks", 0, "contacts", 0, "audit", 0, "calls", 0),
                job.get("removed"));
        assertTrue(!started.getBody().contains("23125741"), "no number in the answer");
        APIGatewayV2HTTPResponse again = send(event("post-erasure", "org-a", AdminApiHandlerTest.ADMIN_TOKEN));
        assertEquals(job.get("jobId"), Json.parseObject(again.getBody()).get("jobId"), "one job per number");

        APIGatewayV2HTTPEvent progress = event("get-erasure", "org-a", ORG_A_TOKEN);
        progress.setPathParameters(Map.of("organization", "org-a", "jobId", (String) job.get("jobId")));
        APIGatewayV2HTTPResponse read = send(progress);
        assertEquals(200, read.getStatusCode(), read.getBody());
        assertEquals(job.get("jobId"), Json.parseObject(read.getBody()).get("jobId"));

        // another organization's admin meets it as nothing, for reading and for starting
        APIGatewayV2HTTPEvent foreign = event("get-erasure", "org-a", ORG_B_TOKEN);
        foreign.setPathParameters(Map.of("organization", "org-a", "jobId", (String) job.get("jobId")));
        assertEquals(404, send(foreign).getStatusCode());
        assertEquals(404, send(event("post-erasure", "org-a", ORG_B_TOKEN)).getStatusCode());
        assertEquals(404, send(event("post-erasure", "nowhere", AdminApiHandlerTest.ADMIN_TOKEN)).getStatusCode());
        APIGatewayV2HTTPEvent unknownJob = event("get-erasure", "org-b", ORG_B_TOKEN);
        assertEquals(404, send(unknownJob).getStatusCode());
    }

    @Test
    void refusalsAreJsonAndStartNothing() {
        assertEquals(401, send(event("post-erasure", "org-a", null)).getStatusCode());
        assertEquals(403, send(event("post-erasure", "org-a", "not-a-token-0123456789abcdef")).getStatusCode());
        for (String body : List.of("{}", "{\"number\": \"anonymous\"}", "{\"number\": 4930}",
                "{\"number\": \"+4930231\", \"countryCode\": \"0049\"}", "{\"number\": \"12\"}")) {
            APIGatewayV2HTTPEvent bad = event("post-erasure", "org-a", ORG_A_TOKEN);
            bad.setBody(body);
            APIGatewayV2HTTPResponse refused = send(bad);
            assertEquals(422, refused.getStatusCode(), body + ": " + refused.getBody());
            assertTrue(Json.parseObject(refused.getBody()).get("error") instanceof String);
        }
        APIGatewayV2HTTPEvent malformed = event("post-erasure", "org-a", ORG_A_TOKEN);
        malformed.setBody("{\"number\": ");
        assertEquals(400, send(malformed).getStatusCode());
        APIGatewayV2HTTPEvent badName = event("post-erasure", "org a", ORG_A_TOKEN);
        assertEquals(400, send(badName).getStatusCode());
        try (var sdk = local.sdkClient()) {
            assertEquals(0, sdk.scan(b -> b.tableName(tables.get("ErasuresTable"))).count(), "nothing started");
        }
    }

    @Test
    void anExportAnswersEveryTableAsJsonOrOneAsCsvToTheOrganizationsAdminsOnly() {
        var calls = new io.callhook.store.DynamoCallStore(local.client(), tables.get("CallsTable"),
                java.time.Duration.ofDays(365), io.callhook.config.Organizations.parse(
                        "local:1,pbx-a:org-a,pbx-b:org-b", "1"), 1);
        java.time.Instant at = java.time.Instant.parse("2026-11-02T08:00:00Z");
        calls.apply(io.callhook.call.CallEvent.builder("x1", "pbx-a", io.callhook.call.EventType.NEW_CALL, at)
                .direction(io.callhook.call.Direction.IN).from("0049 30 23125741").to("+4922100").queue("support")
                .ringingAt(at).build());
        calls.apply(io.callhook.call.CallEvent.builder("x2", "pbx-b", io.callhook.call.EventType.NEW_CALL, at)
                .direction(io.callhook.call.Direction.IN).from("+49 30 23125741").to("+4922100").queue("support")
                .ringingAt(at).build());
        APIGatewayV2HTTPResponse json = send(event("post-export", "org-a", ORG_A_TOKEN));
        assertEquals(200, json.getStatusCode(), json.getBody());
        Map<String, Object> answer = Json.parseObject(json.getBody());
        assertEquals("493023125741", answer.get("number"));
        Map<?, ?> exported = (Map<?, ?>) answer.get("tables");
        assertEquals(List.of("missedCalls", "callbacks", "contacts", "audit", "calls"),
                List.copyOf(exported.keySet()));
        List<?> exportedCalls = (List<?>) exported.get("calls");
        assertEquals(1, exportedCalls.size(), "org-a's call only: " + exportedCalls);
        assertEquals("pbx-a:x1", ((Map<?, ?>) exportedCalls.get(0)).get("pk"));
        assertEquals(null, answer.get("nextToken"));

        APIGatewayV2HTTPEvent csv = event("post-export", "org-b", ORG_B_TOKEN);
        csv.setBody("{\"number\": \"+493023125741\", \"format\": \"csv\", \"table\": \"calls\"}");
        APIGatewayV2HTTPResponse table = send(csv);
        assertEquals(200, table.getStatusCode(), table.getBody());
        assertTrue(table.getHeaders().get("content-type").startsWith("text/csv"));
        List<String> lines = List.of(table.getBody().split("\r\n"));
        assertEquals(2, lines.size(), table.getBody());
        assertTrue(lines.get(0).startsWith("callId,") && lines.get(1).contains("pbx-b:x2")
                && lines.get(1).contains(",+49 30 23125741,"), table.getBody());
        assertEquals("", table.getHeaders().get("x-callhook-next-token"));

        assertEquals(404, send(event("post-export", "org-a", ORG_B_TOKEN)).getStatusCode());
        for (String body : List.of("{\"number\": \"+4930\", \"format\": \"xml\"}",
                "{\"number\": \"+4930231\", \"format\": \"csv\"}",
                "{\"number\": \"+4930231\", \"table\": \"nothing\"}",
                "{\"number\": \"+4930231\", \"nextToken\": \"not-a-token\"}")) {
            APIGatewayV2HTTPEvent bad = event("post-export", "org-a", ORG_A_TOKEN);
            bad.setBody(body);
            assertEquals(422, send(bad).getStatusCode(), body);
        }
    }

    @Test
    void theSampleEventsOfTheRetentionAndAuditRoutesAreAnsweredAndTheChangeIsAudited() {
        APIGatewayV2HTTPResponse set = send(event("put-retention", "org-a", ORG_A_TOKEN));
        assertEquals(200, set.getStatusCode(), set.getBody());
        assertEquals(Map.of("calls", 90, "missedCalls", 30, "callbacks", 60, "audit", 730),
                Json.parseObject(set.getBody()).get("days"));
        assertEquals(200, send(event("get-retention", "org-a", ORG_A_TOKEN)).getStatusCode());
        APIGatewayV2HTTPResponse audit = send(event("get-audit", "org-a", ORG_A_TOKEN));
        assertEquals(200, audit.getStatusCode(), audit.getBody());
        List<?> entries = (List<?>) Json.parseObject(audit.getBody()).get("entries");
        assertEquals(1, entries.size(), audit.getBody());
        Map<?, ?> entry = (Map<?, ?>) entries.get(0);
        assertEquals("admin:org-a", entry.get("actor"));
        assertEquals("PUT /api/v1/admin/organizations/{organization}/retention", entry.get("action"));
        assertEquals("127.0.0.1", entry.get("sourceIp"));
        assertEquals("curl/8.5.0", entry.get("userAgent"));
        assertEquals("admin-put-retention", entry.get("requestId"));
        // the same request again (a Lambda retry) is the same entry
        send(event("put-retention", "org-a", ORG_A_TOKEN));
        assertEquals(1, ((List<?>) Json.parseObject(send(event("get-audit", "org-a", ORG_A_TOKEN)).getBody())
                .get("entries")).size());
        assertEquals(0, ((List<?>) Json.parseObject(send(event("get-audit", "org-b", ORG_B_TOKEN)).getBody())
                .get("entries")).size(), "another organization's trail is its own");
    }

    /** A sample event on its signed-in twin (/oidc/...), with claims as API Gateway's JWT authorizer gives them. */
    static APIGatewayV2HTTPEvent signedIn(String name, String organization, String email) {
        APIGatewayV2HTTPEvent event = event(name, organization, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        event.setRouteKey(event.getRouteKey().replace(" /api/", " /oidc/api/"));
        event.getRequestContext().setRouteKey(event.getRouteKey());
        event.setRawPath("/oidc" + event.getRawPath());
        event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                        .withClaims(Map.of("email", email)).build()).build());
        return event;
    }

    @Test
    void onTheSignedInTwinsAnAdminActsForItsOwnOrganizationAndIsAuditedByItsAgentId() {
        DynamoAgentDirectory agents = new DynamoAgentDirectory(local.client(), tables.get("AgentsTable"));
        agents.save(new Agent("adm-a", "adm-a", "admin@a.example", Set.of(), "org-a", Role.ADMIN),
                TokenHashes.hashOf("adm-a-token-0123456789abcdef"));
        agents.save(new Agent("sup-a", "sup-a", "sup@a.example", Set.of(), "org-a", Role.SUPERVISOR),
                TokenHashes.hashOf("sup-a-token-0123456789abcdef"));

        APIGatewayV2HTTPResponse set = send(signedIn("put-retention", "org-a", "admin@a.example"));
        assertEquals(200, set.getStatusCode(), set.getBody());
        assertEquals(404, send(signedIn("put-retention", "org-b", "admin@a.example")).getStatusCode());
        assertEquals(403, send(signedIn("put-retention", "org-a", "sup@a.example")).getStatusCode());
        assertEquals(403, send(signedIn("post-erasure", "org-a", "sup@a.example")).getStatusCode());

        APIGatewayV2HTTPResponse audit = send(signedIn("get-audit", "org-a", "admin@a.example"));
        assertEquals(200, audit.getStatusCode(), audit.getBody());
        List<?> entries = (List<?>) Json.parseObject(audit.getBody()).get("entries");
        assertEquals(1, entries.size(), "only the admin's change: " + audit.getBody());
        assertEquals("adm-a", ((Map<?, ?>) entries.get(0)).get("actor"));
        assertEquals("PUT /api/v1/admin/organizations/{organization}/retention",
                ((Map<?, ?>) entries.get(0)).get("action"));
        try (var sdk = local.sdkClient()) {
            assertEquals(0, sdk.scan(b -> b.tableName(tables.get("ErasuresTable"))).count(), "nothing started");
        }
    }
}
