// Admin API handler tests over the engine: the sample events in events/admin-api and every refusal.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.auth.TokenHashes;
import io.callhook.json.Json;
import io.callhook.routing.RoutingRules;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoRoutingStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.CapturedLog;
import io.callhook.testing.LocalDynamo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiHandlerTest {

    static final String ADMIN_TOKEN = "local-admin-token-0123456789abcdef";
    static final Path EVENTS = SamTemplate.find().getParent().resolve("events/admin-api");

    AdminApiHandler handler;
    DynamoRoutingStore routing;

    @BeforeEach
    void start() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        var env = local.functionEnvironment("AdminApiFunction", tables,
                Map.of(AdminApiHandler.ADMIN_TOKEN_HASH_VARIABLE, TokenHashes.hashOf(ADMIN_TOKEN)));
        handler = new AdminApiHandler(env);
        routing = DynamoRoutingStore.fromEnvironment(local.client(), env);
    }

    static APIGatewayV2HTTPEvent event(String name) {
        return EventLoader.loadApiGatewayHttpEvent(EVENTS.resolve(name + ".json").toString());
    }

    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    Map<String, Object> ok(String name) {
        APIGatewayV2HTTPResponse response = send(event(name));
        assertEquals(200, response.getStatusCode(), name + ": " + response.getBody());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        return Json.parseObject(response.getBody());
    }

    static APIGatewayV2HTTPEvent withAuthorization(APIGatewayV2HTTPEvent event, String value) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("authorization");
        if (value != null) {
            headers.put("authorization", value);
        }
        event.setHeaders(headers);
        return event;
    }

    @Test
    void theSampleEventsManageTheRules() {
        assertEquals(Map.of("number", "493023125741", "note", "spam caller, ticket #4711", "forms",
                List.of("493023125741", "03023125741")), ok("put-blocked-number"));
        assertEquals(Map.of("number", "49900*", "note", "premium-rate numbers", "forms", List.of("49900*", "0900*")),
                ok("put-blocked-prefix"));
        APIGatewayV2HTTPEvent noBody = event("put-blocked-number");
        noBody.setPathParameters(Map.of("integration", "local", "number", "anonymous"));
        noBody.setBody(null);
        assertEquals(200, send(noBody).getStatusCode(), "a block without a note needs no body");
        assertEquals(Map.of("prefix", "4930", "callerId", "+4930555100", "forms", List.of("4930", "030")),
                ok("put-caller-id-rule"));
        assertEquals(Map.of("defaultCallerId", "+4930555999"), ok("put-default-caller-id"));
        assertEquals(new RoutingRules("local", Map.of("493023125741", "spam caller, ticket #4711",
                "03023125741", "spam caller, ticket #4711", "49900*", "premium-rate numbers",
                "0900*", "premium-rate numbers", "anonymous", ""),
                Map.of("4930", "+4930555100", "030", "+4930555100"), "+4930555999"), routing.rules("local", true));

        Map<String, Object> all = ok("get-routing");
        assertEquals("local", all.get("integration"));
        assertEquals(List.of(Map.of("number", "03023125741", "note", "spam caller, ticket #4711"),
                Map.of("number", "0900*", "note", "premium-rate numbers"),
                Map.of("number", "493023125741", "note", "spam caller, ticket #4711"),
                Map.of("number", "49900*", "note", "premium-rate numbers"), Map.of("number", "anonymous", "note", "")),
                all.get("blockedNumbers"));
        assertEquals(all.get("blockedNumbers"), ok("get-blocked-numbers").get("blockedNumbers"));
        Map<String, Object> callerIds = ok("get-caller-id-rules");
        assertEquals(List.of(Map.of("prefix", "030", "callerId", "+4930555100"),
                Map.of("prefix", "4930", "callerId", "+4930555100")), callerIds.get("callerIdRules"));
        assertEquals("+4930555999", callerIds.get("defaultCallerId"));

        List<String> forms = List.of("493023125741", "03023125741");
        assertEquals(Map.of("number", "493023125741", "removed", true, "forms", forms), ok("delete-blocked-number"));
        assertEquals(Map.of("number", "493023125741", "removed", false, "forms", forms),
                ok("delete-blocked-number"));
        assertEquals(Map.of("prefix", "4930", "removed", true, "forms", List.of("4930", "030")),
                ok("delete-caller-id-rule"));
        assertEquals(null, ok("delete-default-caller-id").get("defaultCallerId"));
        assertEquals(new RoutingRules("local", Map.of("49900*", "premium-rate numbers", "0900*",
                "premium-rate numbers", "anonymous", ""), Map.of(), null), routing.rules("local", true));
    }

    APIGatewayV2HTTPResponse block(String method, String number) {
        APIGatewayV2HTTPEvent event = event(method.equals("PUT") ? "put-blocked-number" : "delete-blocked-number");
        event.setPathParameters(Map.of("integration", "local", "number", number));
        return send(event);
    }

    /**
     * An entry written in one spelling blocks every spelling the webhook may be sent: its check is the cheap normal
     * form against the stored entries ({@link RoutingRules#blockFor}, read as the webhook reads them), so the admin
     * API stores each entry in all of its forms for the organization's region (DE).
     */
    @Test
    void aNationalEntryBlocksTheInternationalNumberAndViceVersa() {
        assertEquals(200, block("PUT", "030 111").getStatusCode());
        for (String from : List.of("+4930111", "0049 30 111", "4930111", "030 111")) {
            assertTrue(routing.rules("local", false).blockFor(from).isPresent(), from);
        }
        assertTrue(routing.rules("local", false).blockFor("+4930112").isEmpty());
        assertEquals(true, Json.parseObject(block("DELETE", "+49 30 111").getBody()).get("removed"));
        assertEquals(RoutingRules.none("local"), routing.rules("local", true), "every form removed");

        assertEquals(200, block("PUT", "+4930111").getStatusCode());
        for (String from : List.of("030 111", "030111", "+49 30 111")) {
            assertTrue(routing.rules("local", false).blockFor(from).isPresent(), from);
        }
        assertEquals(200, block("DELETE", "030111").getStatusCode());

        assertEquals(200, block("PUT", "+4930*").getStatusCode());
        assertTrue(routing.rules("local", false).blockFor("030 2312").isPresent(), "+4930* blocks national 030...");
        assertEquals(200, block("DELETE", "+4930*").getStatusCode());
        assertEquals(200, block("PUT", "030*").getStatusCode());
        assertTrue(routing.rules("local", false).blockFor("+49 30 2312").isPresent(), "030* blocks +4930...");
        assertTrue(routing.rules("local", false).blockFor("+49 40 2312").isEmpty());
    }

    @Test
    void theSampleEventsManageAnOrganizationsAgents() {
        Map<String, Object> liam = ok("put-agent");
        assertEquals("supervisor", liam.get("role"));
        assertEquals(false, liam.get("hasToken"));
        assertEquals(liam, ok("put-agent"), "the same change again changes nothing");
        assertEquals(liam, ok("get-agent"));
        String token = String.valueOf(ok("post-agent-token").get("token"));
        assertEquals(43, token.length());
        assertEquals(true, ok("get-agent").get("hasToken"));
        assertFalse(send(event("get-agents")).getBody().contains(token));
        assertEquals(List.of("a3"), ((List<?>) ok("get-agents").get("agents")).stream()
                .map(agent -> ((Map<?, ?>) agent).get("id")).toList());
        assertEquals(Map.of("agentId", "a3", "hasToken", false), ok("delete-agent-token"));
        assertEquals(Map.of("agentId", "a3", "removed", true), ok("delete-agent"));
        assertEquals(404, send(event("delete-agent")).getStatusCode());
        assertEquals(404, send(event("get-agent")).getStatusCode());
    }

    @Test
    void theSampleEventsImportListAndRemoveContactsAndSetTheOrganizationsSettings() {
        assertEquals(Map.of("organization", "1", "format", "csv", "imported", 2, "skipped", 0),
                ok("import-contacts-csv"));
        assertEquals(Map.of("organization", "1", "format", "vcard", "imported", 1, "skipped", 0),
                ok("import-contacts-vcard"));
        List<?> contacts = (List<?>) ok("get-contacts").get("contacts");
        assertTrue(contacts.contains(Map.of("number", "+493023125741", "name", "Jane Doe", "company", "ACME GmbH",
                "link", "https://crm.example.com/contacts/4711")), contacts.toString());
        assertTrue(contacts.stream().anyMatch(c -> "+492214710334".equals(((Map<?, ?>) c).get("number"))));
        assertEquals(Map.of("number", "+492214710334", "removed", true), ok("delete-contact"));
        assertEquals(Map.of("number", "+492214710334", "removed", false), ok("delete-contact"), "gone already");
        assertEquals(Map.of("organization", "1", "timeZone", "Europe/Berlin", "defaultRegion", "DE"),
                ok("put-organization-settings"));
        assertEquals("1", ok("get-organization-settings").get("organization"));
    }

    @Test
    void noTokenIs401AndAnotherTokenIs403AndNothingIsWritten() {
        for (String authorization : new String[] {null, "", "Basic YWRtaW46YWRtaW4=", "Bearer "}) {
            APIGatewayV2HTTPResponse response = send(withAuthorization(event("put-blocked-number"), authorization));
            assertEquals(401, response.getStatusCode(), String.valueOf(authorization));
            assertTrue(Json.parseObject(response.getBody()).containsKey("error"));
        }
        for (String token : new String[] {"wrong", ADMIN_TOKEN + "x", TokenHashes.hashOf(ADMIN_TOKEN)}) {
            APIGatewayV2HTTPResponse response = send(withAuthorization(event("put-blocked-number"),
                    "Bearer " + token));
            assertEquals(403, response.getStatusCode());
            assertEquals(Map.of("error", "not the admin token"), Json.parseObject(response.getBody()));
        }
        assertEquals(RoutingRules.none("local"), routing.rules("local", true));
    }

    @Test
    void withoutAConfiguredHashEveryRequestIsRefused() {
        AdminApiHandler disabled = new AdminApiHandler(AdminApiHandler.adminToken(""), routing);
        assertEquals(403, disabled.handleRequest(event("get-routing"), null).getStatusCode());
    }

    @Test
    void badInputIsRefusedWithAJsonErrorAndWritesNothing() {
        assertRefused(422, put("put-blocked-number", "number", "call-me-maybe", "{\"note\":\"x\"}"));
        assertRefused(422, put("put-blocked-number", "number", "+49*30", "{\"note\":\"x\"}"));
        assertRefused(422, put("put-blocked-number", "number", "+4930", "{\"note\":42}"));
        assertRefused(422, put("put-blocked-number", "number", "+4930", "{\"note\":\"" + "n".repeat(201) + "\"}"));
        assertRefused(400, put("put-blocked-number", "number", "+4930", "{\"note\":"));
        assertRefused(422, put("put-caller-id-rule", "prefix", "abc", "{\"callerId\":\"+4930555100\"}"));
        assertRefused(422, put("put-caller-id-rule", "prefix", "4930", "{\"callerId\":\"not a number\"}"));
        assertRefused(422, put("put-caller-id-rule", "prefix", "4930", "{}"));
        assertRefused(422, put("put-default-caller-id", "integration", "local", "{\"callerId\":\"\"}"));
        assertRefused(400, put("put-default-caller-id", "integration", "no/such", "{\"callerId\":\"+4930\"}"));
        APIGatewayV2HTTPEvent form = event("put-default-caller-id");
        form.setHeaders(new HashMap<>(Map.of("authorization", "Bearer " + ADMIN_TOKEN,
                "content-type", "application/x-www-form-urlencoded")));
        form.setBody("callerId=%2B4930");
        assertRefused(415, send(form));
        assertEquals(RoutingRules.none("local"), routing.rules("local", true));
    }

    /** A change the integration's item has no room for (DynamoDB's 400 KB) is 422: no retry helps. */
    @Test
    void aChangeTheFullRoutingItemCannotHoldIs422AndWritesNothing() {
        for (int entry = 0; entry < 40; entry++) {
            routing.block("local", "4930" + entry, "n".repeat(10_000));
        }
        String note = "{\"note\":\"" + "m".repeat(200) + "\"}";
        RoutingRules before;
        APIGatewayV2HTTPResponse response;
        int number = 0;
        do {
            before = routing.rules("local", true);
            response = put("put-blocked-number", "number", "+4940" + number++, note);
        } while (response.getStatusCode() == 200 && number < 100);
        assertRefused(422, response);
        assertTrue(Json.parseObject(response.getBody()).get("error").toString().contains("routing rules are full"),
                response.getBody());
        assertEquals(before, routing.rules("local", true), "a refused change writes nothing");
    }

    /**
     * Any other storage refusal (here a routing table with another key, as after a bad deploy) is a defect, not a
     * full item: 500 {"error":"internal error"}, logged at ERROR with its stack trace, counted as a 500.
     */
    @Test
    void aStorageRefusalThatIsNotAFullItemIs500AndLoggedInFull() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = new HashMap<>(local.createTables());
        tables.put("RoutingTable", tables.get("CallsTable"));
        AdminApiHandler wrongTable = new AdminApiHandler(local.functionEnvironment("AdminApiFunction", tables,
                Map.of(AdminApiHandler.ADMIN_TOKEN_HASH_VARIABLE, TokenHashes.hashOf(ADMIN_TOKEN))));
        APIGatewayV2HTTPResponse response;
        List<Map<String, Object>> logged;
        List<Map<String, Object>> refused;
        try (CapturedLog log = CapturedLog.start()) {
            response = wrongTable.handleRequest(event("put-blocked-number"), null);
            logged = log.withMessage("storage request refused");
            refused = log.lines().stream().filter(line -> line.containsKey("RequestsRefused")).toList();
        }
        assertEquals(500, response.getStatusCode(), response.getBody());
        assertEquals(Map.of("error", "internal error"), Json.parseObject(response.getBody()));
        assertEquals(1, logged.size());
        assertEquals("ERROR", logged.get(0).get("level"));
        assertTrue(String.valueOf(logged.get(0).get("errorMessage")).startsWith("ValidationException"),
                logged.get(0).toString());
        assertTrue(String.valueOf(logged.get(0).get("stackTrace")).contains("at io.callhook.store.DynamoRoutingStore"),
                logged.get(0).toString());
        assertEquals(List.of("500"), refused.stream().map(line -> line.get("Status")).toList());
    }

    /** A request of {@code token} for the sample event {@code name} on {@code integration}. */
    APIGatewayV2HTTPResponse as(AdminApiHandler admin, String token, String name, String integration) {
        APIGatewayV2HTTPEvent event = withAuthorization(event(name), "Bearer " + token);
        Map<String, String> parameters = new HashMap<>(event.getPathParameters());
        parameters.put("integration", integration);
        event.setPathParameters(parameters);
        return admin.handleRequest(event, null);
    }

    AdminApiHandler withOrganizations(String mapping, String organizationTokens) {
        LocalDynamo local = LocalDynamo.shared();
        return new AdminApiHandler(local.functionEnvironment("AdminApiFunction", local.createTables(), Map.of(
                AdminApiHandler.ADMIN_TOKEN_HASH_VARIABLE, TokenHashes.hashOf(ADMIN_TOKEN),
                AdminApiHandler.ORGANIZATION_TOKEN_HASHES_VARIABLE, organizationTokens,
                "INTEGRATION_ORGANIZATIONS", mapping)));
    }

    @Test
    void anOrganizationsAdminReadsAndChangesOnlyItsOwnIntegrationsAndTheOperatorEvery() {
        String alice = "org-a-admin-0123456789abcdef";
        String bob = "org-b-admin-0123456789abcdef";
        AdminApiHandler admin = withOrganizations("acme:org-a,globex:org-b",
                "org-a:" + TokenHashes.hashOf(alice) + ",org-b:" + TokenHashes.hashOf(bob));
        assertEquals(200, as(admin, alice, "put-blocked-number", "acme").getStatusCode());
        assertEquals(200, as(admin, bob, "put-blocked-prefix", "globex").getStatusCode());
        for (String name : List.of("put-blocked-number", "delete-blocked-number", "put-caller-id-rule",
                "put-default-caller-id", "delete-default-caller-id", "get-routing", "get-blocked-numbers",
                "get-caller-id-rules")) {
            APIGatewayV2HTTPResponse other = as(admin, alice, name, "globex");
            assertEquals(404, other.getStatusCode(), name);
            assertEquals(Map.of("error", "no integration globex in your organization"),
                    Json.parseObject(other.getBody()), name);
            assertEquals(404, as(admin, alice, name, "initech").getStatusCode(), "unmapped, as if absent: " + name);
        }
        Map<String, Object> own = Json.parseObject(as(admin, alice, "get-routing", "acme").getBody());
        assertEquals(List.of(Map.of("number", "03023125741", "note", "spam caller, ticket #4711"),
                Map.of("number", "493023125741", "note", "spam caller, ticket #4711")), own.get("blockedNumbers"));
        Map<String, Object> globex = Json.parseObject(as(admin, ADMIN_TOKEN, "get-routing", "globex").getBody());
        assertEquals(List.of(Map.of("number", "0900*", "note", "premium-rate numbers"),
                Map.of("number", "49900*", "note", "premium-rate numbers")),
                globex.get("blockedNumbers"), "alice's refused requests changed nothing; the operator sees every");
        assertEquals(200, as(admin, ADMIN_TOKEN, "get-routing", "acme").getStatusCode());
        assertEquals(403, as(admin, "org-c-admin", "get-routing", "acme").getStatusCode());
    }

    /** A sample request on its signed-in twin (/oidc/...), with claims as API Gateway's JWT authorizer gives them. */
    static APIGatewayV2HTTPResponse signedIn(AdminApiHandler admin, Map<String, String> claims, String name,
                                             String integration) {
        APIGatewayV2HTTPEvent event = withAuthorization(event(name), "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        event.setRouteKey(event.getRouteKey().replace(" /api/", " /oidc/api/"));
        event.getRequestContext().setRouteKey(event.getRouteKey());
        event.setRawPath("/oidc" + event.getRawPath());
        if (claims != null) {
            event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims)
                            .build()).build());
        }
        Map<String, String> parameters = new HashMap<>(event.getPathParameters());
        parameters.put("integration", integration);
        event.setPathParameters(parameters);
        return admin.handleRequest(event, null);
    }

    @Test
    void aSignedInAdminActsForItsOrganizationOnlyAndAgentsAndSupervisorsAreRefusedWritingNothing() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        DynamoAgentDirectory agents = new DynamoAgentDirectory(local.client(), tables.get("AgentsTable"));
        agents.save(new Agent("adm-a", "adm-a", "admin@a.example", Set.of(), "org-a", Role.ADMIN),
                TokenHashes.hashOf("adm-a-token-0123456789abcdef"));
        agents.save(new Agent("sup-a", "sup-a", "sup@a.example", Set.of(), "org-a", Role.SUPERVISOR),
                TokenHashes.hashOf("sup-a-token-0123456789abcdef"));
        AdminApiHandler admin = new AdminApiHandler(local.functionEnvironment("AdminApiFunction", tables, Map.of(
                AdminApiHandler.ADMIN_TOKEN_HASH_VARIABLE, TokenHashes.hashOf(ADMIN_TOKEN),
                "INTEGRATION_ORGANIZATIONS", "acme:org-a,globex:org-b")));
        DynamoRoutingStore rules = DynamoRoutingStore.fromEnvironment(local.client(),
                local.functionEnvironment("AdminApiFunction", tables, Map.of()));

        Map<String, String> adminClaims = Map.of("email", "admin@a.example", "sub", "x");
        assertEquals(200, signedIn(admin, adminClaims, "put-blocked-number", "acme").getStatusCode());
        assertEquals(Map.of("493023125741", "spam caller, ticket #4711", "03023125741", "spam caller, ticket #4711"),
                rules.rules("acme", true).blocked());
        APIGatewayV2HTTPResponse other = signedIn(admin, adminClaims, "put-blocked-number", "globex");
        assertEquals(404, other.getStatusCode(), other.getBody());
        assertRefused(403, signedIn(admin, Map.of("email", "sup@a.example"), "put-blocked-prefix", "acme"));
        assertRefused(403, signedIn(admin, Map.of("email", "nobody@a.example"), "put-blocked-prefix", "acme"));
        // the admin token is not taken on the signed-in twin: without verified claims it is 401
        assertRefused(401, signedIn(admin, null, "put-blocked-prefix", "acme"));
        assertEquals(Map.of(), rules.rules("globex", true).blocked(), "nothing written for globex");
        assertEquals(Map.of("493023125741", "spam caller, ticket #4711", "03023125741", "spam caller, ticket #4711"),
                rules.rules("acme", true).blocked(), "the refused requests wrote nothing");

        // with a role claim, the claim decides: the supervisor's token saying admin makes them admin
        AdminApiHandler byClaim = new AdminApiHandler(local.functionEnvironment("AdminApiFunction", tables, Map.of(
                "INTEGRATION_ORGANIZATIONS", "acme:org-a,globex:org-b", "OIDC_ROLE_CLAIM", "cognito:groups")));
        assertEquals(200, signedIn(byClaim, Map.of("email", "sup@a.example", "cognito:groups", "[admin]"),
                "get-routing", "acme").getStatusCode());
        assertRefused(403, signedIn(byClaim, Map.of("email", "admin@a.example"), "get-routing", "acme"));
    }

    @Test
    void withoutAMappingEveryIntegrationIsTheDefaultOrganizations() {
        String one = "org-1-admin-0123456789abcdef";
        String other = "org-x-admin-0123456789abcdef";
        AdminApiHandler admin = withOrganizations("", "1:" + TokenHashes.hashOf(one) + ",org-x:"
                + TokenHashes.hashOf(other));
        assertEquals(200, as(admin, one, "get-routing", "anything").getStatusCode());
        assertEquals(404, as(admin, other, "get-routing", "anything").getStatusCode());
    }

    @Test
    void theTemplateAllowsTheFunctionOnlyToReadAndUpdateTheRoutingTableWithAHashedNoEchoToken() {
        SamTemplate template = SamTemplate.load(SamTemplate.find());
        List<Map<String, Object>> statements = template.policyStatements("AdminApiFunction");
        List<Map<String, Object>> routing = List.of(SamTemplate.configRead("OrganizationAdminTokenHashes",
                "IntegrationOrganizations", "OrganizationShards", "Retention", "OrganizationSettings"),
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:UpdateItem"),
                        "Resource", Map.of("Fn::GetAtt", List.of("ConfigTable", "Arn")),
                        "Condition", Map.of("ForAllValues:StringEquals",
                                Map.of("dynamodb:LeadingKeys", List.of("OrganizationSettings")))),
                // organizations as data: the mapping's and the shard counts' entries only
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:UpdateItem"),
                        "Resource", Map.of("Fn::GetAtt", List.of("ConfigTable", "Arn")),
                        "Condition", Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys",
                                List.of("IntegrationOrganizations", "OrganizationShards")))),
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem",
                        "dynamodb:DeleteItem", "dynamodb:UpdateItem"),
                        "Resource", Map.of("Fn::GetAtt", List.of("ContactsTable", "Arn"))),
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                "Resource", Map.of("Fn::GetAtt", List.of("RoutingTable", "Arn"))),
                // a signed-in admin is the agent its claim names; an organization's agents are managed here
                // (listed by a Scan, written in transactions); never anything else of the agents table
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:PutItem",
                        "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"),
                "Resource", Map.of("Fn::GetAtt", List.of("AgentsTable", "Arn"))),
                // an admin agent's own token, and that a new token is nobody else's: the token index only
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:Query"),
                "Resource", Map.of("Fn::Sub", "${AgentsTable.Arn}/index/byTokenHash")));
        assertTrue(statements.containsAll(routing), statements.toString());
        // the data-protection routes: read the call tables (the calls by key: byOrganization holds keys only),
        // write only their own jobs (and audit entries)
        for (Map<String, Object> statement : statements) {
            if (routing.contains(statement)) {
                continue;
            }
            List<?> actions = (List<?>) statement.get("Action");
            assertTrue(List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:BatchGetItem")
                    .containsAll(actions) || statement.toString().contains("LeadingKeys=[Retention]"),
                    statement.toString());
            if (actions.contains("dynamodb:PutItem")) {
                assertTrue(List.of(Map.of("Fn::GetAtt", List.of("ErasuresTable", "Arn")),
                        Map.of("Fn::GetAtt", List.of("AuditTable", "Arn"))).contains(statement.get("Resource")),
                        statement.toString());
            }
        }
        assertEquals(AdminApiHandler.class.getName() + "::handleRequest",
                template.properties("AdminApiFunction").get("Handler"));
        assertEquals(true, SamTemplate.map(SamTemplate.map(template.raw().get("Parameters")).get("AdminTokenHash"))
                .get("NoEcho"));
        Map<String, Object> variables = SamTemplate.map(SamTemplate.map(template.properties("AdminApiFunction")
                .get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", "AdminTokenHash"), variables.get(AdminApiHandler.ADMIN_TOKEN_HASH_VARIABLE));
        assertEquals(Map.of("Ref", "OrganizationAdminTokenHashes"),
                variables.get(AdminApiHandler.ORGANIZATION_TOKEN_HASHES_VARIABLE));
        assertEquals(true, SamTemplate.map(SamTemplate.map(template.raw().get("Parameters"))
                .get("OrganizationAdminTokenHashes")).get("NoEcho"));
    }

    APIGatewayV2HTTPResponse put(String name, String parameter, String value, String body) {
        APIGatewayV2HTTPEvent event = event(name);
        Map<String, String> parameters = new HashMap<>(event.getPathParameters());
        parameters.put(parameter, value);
        event.setPathParameters(parameters);
        event.setBody(body);
        return send(event);
    }

    static void assertRefused(int status, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertTrue(Json.parseObject(response.getBody()).get("error") instanceof String, response.getBody());
    }
}
