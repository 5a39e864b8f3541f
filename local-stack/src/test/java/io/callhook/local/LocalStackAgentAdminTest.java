// End to end over real HTTP: an in-process local stack with its OpenID Connect provider. An organization's admin
// (signed in, or with their own agent token) manages the agents of their own organization through the admin API:
// adds and changes them, issues a token that works for the agent API and revokes it (refused at the next request),
// removes them; supervisors and agents are refused and write nothing; another organization's agents answer as
// missing ones; the last admin cannot be demoted or removed; every change is in the audit trail.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.json.Json;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackAgentAdminTest {

    private static final String ADA = "ada-" + UUID.randomUUID();
    private static final String SAM = "sam-" + UUID.randomUUID();
    private static final String ALICE = "alice-" + UUID.randomUUID();
    private static final String BOB = "bob-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final String ORG_A = "/api/v1/admin/organizations/org-a/agents";
    private static final String ORG_B = "/api/v1/admin/organizations/org-b/agents";
    private static final TestLog LOG = new TestLog();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"ada\",\"login\":\"ada\",\"email\":\"ada@acme.example\","
                + "\"organizationId\":\"org-a\",\"role\":\"admin\",\"token\":\"" + ADA + "\"},"
                + "{\"id\":\"sam\",\"login\":\"sam\",\"email\":\"sam@acme.example\",\"organizationId\":\"org-a\","
                + "\"role\":\"supervisor\",\"token\":\"" + SAM + "\"},"
                + "{\"id\":\"alice\",\"login\":\"alice\",\"email\":\"alice@acme.example\","
                + "\"organizationId\":\"org-a\",\"token\":\"" + ALICE + "\"},"
                + "{\"id\":\"bob\",\"login\":\"bob\",\"email\":\"bob@globex.example\",\"organizationId\":\"org-b\","
                + "\"role\":\"admin\",\"token\":\"" + BOB + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(),
                        List.of("acme=acme-" + UUID.randomUUID(), "globex=globex-" + UUID.randomUUID()))
                .withAgents(agents).withAdminToken(OPERATOR)
                .withParameters(Map.of("IntegrationOrganizations", "acme:org-a,globex:org-b")), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A token of the local provider for this e-mail, from its token endpoint over HTTP (as LocalStackSignInTest). */
    static String signedIn(String email) throws Exception {
        stack.oidc().server().enqueueCallback(new DefaultOAuth2TokenCallback(LocalOidcProvider.ISSUER_ID,
                "subject-" + UUID.randomUUID(), "JWT", List.of(LocalOidcProvider.CLIENT_ID), Map.of("email", email),
                3600));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.oidc().origin() + "/"
                        + LocalOidcProvider.ISSUER_ID + "/token"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=openid&client_id="
                        + LocalOidcProvider.CLIENT_ID + "&client_secret=any")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return "Bearer " + Json.parseObject(response.body()).get("access_token");
    }

    /** A request with this {@code Authorization} header (a provider's token, or {@code Bearer <agent token>}). */
    static HttpResponse<String> send(String method, String path, String authorization, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("content-type", "application/json");
        }
        request.header("authorization", authorization);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Organization A's agents as the operator sees them: what a refused request must leave unchanged. */
    static String agentsOfA() throws Exception {
        HttpResponse<String> list = TestStacks.send(stack, "GET", ORG_A, OPERATOR, null);
        assertEquals(200, list.statusCode(), list.body());
        return list.body();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> auditOfA() throws Exception {
        HttpResponse<String> audit = TestStacks.send(stack, "GET", "/api/v1/admin/organizations/org-a/audit"
                + "?limit=300", OPERATOR, null);
        assertEquals(200, audit.statusCode(), audit.body());
        return (List<Map<String, Object>>) Json.parseObject(audit.body()).get("entries");
    }

    @Test
    void anOrganizationsAdminManagesItsAgentsAndAnIssuedTokenWorksUntilRevoked() throws Exception {
        String ada = signedIn("ada@acme.example");
        HttpResponse<String> added = send("PUT", "/oidc" + ORG_A + "/carl", ada, "{\"login\": \"carl\", "
                + "\"email\": \"carl@acme.example\", \"phones\": [\"+4930555001\"], \"name\": \"Carl\"}");
        assertEquals(200, added.statusCode(), added.body());
        Map<String, Object> carl = Json.parseObject(added.body());
        assertEquals("agent", carl.get("role"));
        assertEquals(false, carl.get("hasToken"));
        assertEquals(Map.of("claim", "email", "value", "carl@acme.example"), carl.get("signIn"));
        assertEquals(added.body(), send("PUT", "/oidc" + ORG_A + "/carl", ada, "{\"login\": \"carl\"}").body(),
                "the same change again changes nothing; fields left out keep their values");

        // a token issued through the API (here with ada's own agent token) works for the agent API
        HttpResponse<String> issued = TestStacks.send(stack, "POST", ORG_A + "/carl/token", ADA, null);
        assertEquals(200, issued.statusCode(), issued.body());
        assertEquals("no-store", issued.headers().firstValue("cache-control").orElse(""));
        String token = String.valueOf(Json.parseObject(issued.body()).get("token"));
        HttpResponse<String> me = TestStacks.send(stack, "GET", "/api/v1/me", token, null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("carl", Json.parseObject(me.body()).get("id"));
        assertEquals(200, TestStacks.send(stack, "GET", "/call/list", token, null).statusCode());
        assertFalse(agentsOfA().contains(token), "the list never shows a token");
        assertTrue(agentsOfA().contains("\"hasToken\":true"), agentsOfA());

        // promoted to supervisor; the token keeps working
        assertEquals("supervisor", Json.parseObject(send("PUT", "/oidc" + ORG_A + "/carl", ada,
                "{\"role\": \"supervisor\"}").body()).get("role"));
        assertEquals(200, TestStacks.send(stack, "GET", "/api/v1/me", token, null).statusCode());

        // a new token retires the old one at its next request; revoking refuses the new one at its next request
        String second = String.valueOf(Json.parseObject(send("POST", "/oidc" + ORG_A + "/carl/token", ada, null)
                .body()).get("token"));
        assertEquals(401, TestStacks.send(stack, "GET", "/api/v1/me", token, null).statusCode());
        assertEquals(200, TestStacks.send(stack, "GET", "/api/v1/me", second, null).statusCode());
        HttpResponse<String> revoked = send("DELETE", "/oidc" + ORG_A + "/carl/token", ada, null);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(Map.of("agentId", "carl", "hasToken", false), Json.parseObject(revoked.body()));
        assertEquals(401, TestStacks.send(stack, "GET", "/api/v1/me", second, null).statusCode(),
                "a revoked token stops working on the next request");
        assertEquals(401, TestStacks.send(stack, "GET", "/api/v1/cti/log", second, null).statusCode());

        HttpResponse<String> removed = send("DELETE", "/oidc" + ORG_A + "/carl", ada, null);
        assertEquals(Map.of("agentId", "carl", "removed", true), Json.parseObject(removed.body()));
        assertEquals(404, send("GET", "/oidc" + ORG_A + "/carl", ada, null).statusCode());
        assertFalse(agentsOfA().contains("carl"));

        // every change is in the audit trail, with who did it; never a token
        List<Map<String, Object>> audit = auditOfA();
        List<String> actions = audit.stream().filter(entry -> "carl".equals(((Map<?, ?>) entry.get("target"))
                .get("agentId"))).map(entry -> entry.get("actor") + " " + entry.get("action")).toList();
        String route = "/api/v1/admin/organizations/{organization}/agents/{agentId}";
        assertTrue(actions.containsAll(List.of("ada PUT " + route, "ada POST " + route + "/token",
                "ada DELETE " + route + "/token", "ada DELETE " + route)), actions.toString());
        assertFalse(audit.toString().contains(token) || audit.toString().contains(second));
    }

    @Test
    void supervisorsAndAgentsAreRefusedAndWriteNothing() throws Exception {
        String before = agentsOfA();
        int audited = auditOfA().size();
        for (String authorization : List.of(signedIn("sam@acme.example"), signedIn("alice@acme.example"))) {
            assertEquals(403, send("PUT", "/oidc" + ORG_A + "/mallory", authorization, "{\"login\": \"m\"}")
                    .statusCode());
            assertEquals(403, send("PUT", "/oidc" + ORG_A + "/alice", authorization, "{\"role\": \"admin\"}")
                    .statusCode());
            assertEquals(403, send("POST", "/oidc" + ORG_A + "/alice/token", authorization, null).statusCode());
            assertEquals(403, send("DELETE", "/oidc" + ORG_A + "/ada", authorization, null).statusCode());
            assertEquals(403, send("GET", "/oidc" + ORG_A, authorization, null).statusCode());
        }
        for (String token : List.of(SAM, ALICE)) {
            HttpResponse<String> refused = TestStacks.send(stack, "PUT", ORG_A + "/alice", token,
                    "{\"role\": \"admin\"}");
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(Json.parseObject(refused.body()).get("error") instanceof String);
            assertEquals(403, TestStacks.send(stack, "POST", ORG_A + "/sam/token", token, null).statusCode());
            assertEquals(403, TestStacks.send(stack, "DELETE", ORG_A + "/alice/token", token, null).statusCode());
        }
        assertEquals(before, agentsOfA(), "no refused request wrote anything");
        assertEquals(audited, auditOfA().size());
        assertEquals(200, TestStacks.send(stack, "GET", "/api/v1/me", ALICE, null).statusCode());
        assertEquals(200, TestStacks.send(stack, "GET", "/api/v1/me", SAM, null).statusCode(), "no token was issued");
    }

    @Test
    void anotherOrganizationsAgentAnswersAsAMissingOneAndIsNotTouched() throws Exception {
        String before = agentsOfA();
        String bob = signedIn("bob@globex.example");
        for (String authorization : List.of(bob, "Bearer " + BOB)) {
            String prefix = authorization.equals(bob) ? "/oidc" : "";
            for (String method : List.of("GET", "DELETE")) {
                for (String path : List.of("", "/token")) {
                    if (method.equals("GET") && !path.isEmpty()) {
                        continue;
                    }
                    HttpResponse<String> foreign = send(method, prefix + ORG_B + "/alice" + path, authorization, null);
                    HttpResponse<String> missing = send(method, prefix + ORG_B + "/nobody" + path, authorization,
                            null);
                    assertEquals(404, foreign.statusCode(), foreign.body());
                    assertEquals(missing.statusCode(), foreign.statusCode());
                    assertEquals(missing.body().replace("nobody", "alice"), foreign.body());
                }
            }
            HttpResponse<String> issue = send("POST", prefix + ORG_B + "/alice/token", authorization, null);
            assertEquals(404, issue.statusCode(), issue.body());
            assertEquals(send("POST", prefix + ORG_B + "/nobody/token", authorization, null).body()
                    .replace("nobody", "alice"), issue.body());
            // org-a's path is not theirs at all; its agent's id cannot be taken over either
            assertEquals(404, send("GET", prefix + ORG_A, authorization, null).statusCode());
            assertEquals(404, send("DELETE", prefix + ORG_A + "/alice", authorization, null).statusCode());
            HttpResponse<String> takeOver = send("PUT", prefix + ORG_B + "/alice", authorization,
                    "{\"login\": \"alice2\", \"role\": \"admin\"}");
            assertEquals(409, takeOver.statusCode(), takeOver.body());
            assertFalse(takeOver.body().contains("org-a"), takeOver.body());
        }
        assertEquals(before, agentsOfA(), "nothing of organization A was written");
        assertEquals(200, TestStacks.send(stack, "GET", "/api/v1/me", ALICE, null).statusCode(),
                "alice's token still works");
        // bob sees his own organization only
        String own = send("GET", ORG_B, "Bearer " + BOB, null).body();
        assertTrue(own.contains("\"bob\"") && !own.contains("alice"), own);
    }

    @Test
    void theLastAdminCannotDemoteOrRemoveThemselfAndNobodyElseCanEither() throws Exception {
        String before = agentsOfA();
        String ada = signedIn("ada@acme.example");
        HttpResponse<String> demoted = send("PUT", "/oidc" + ORG_A + "/ada", ada, "{\"role\": \"supervisor\"}");
        assertEquals(409, demoted.statusCode(), demoted.body());
        assertEquals("agent ada is the last admin of organization org-a; make another agent admin first",
                Json.parseObject(demoted.body()).get("error"));
        assertEquals(409, send("DELETE", "/oidc" + ORG_A + "/ada", ada, null).statusCode());
        assertEquals(409, TestStacks.send(stack, "DELETE", ORG_A + "/ada", OPERATOR, null).statusCode());
        assertEquals(before, agentsOfA());
        // a second admin may be added; then ada may step down (and the new one may not any more)
        assertEquals(200, send("PUT", "/oidc" + ORG_A + "/dora", ada, "{\"login\": \"dora\", \"role\": \"admin\"}")
                .statusCode());
        assertEquals(200, TestStacks.send(stack, "PUT", ORG_A + "/ada", ADA, "{\"role\": \"supervisor\"}")
                .statusCode());
        assertEquals(409, TestStacks.send(stack, "DELETE", ORG_A + "/dora", OPERATOR, null).statusCode());
        // and ada's own token is no admin token any more (looked up at every request)
        assertEquals(403, TestStacks.send(stack, "GET", ORG_A, ADA, null).statusCode());
        assertEquals(200, TestStacks.send(stack, "PUT", ORG_A + "/ada", OPERATOR, "{\"role\": \"admin\"}")
                .statusCode());
        assertEquals(200, TestStacks.send(stack, "DELETE", ORG_A + "/dora", OPERATOR, null).statusCode());
    }

    @Test
    void badInputIsRefusedWithAClearErrorAndWritesNothing() throws Exception {
        String before = agentsOfA();
        for (String body : List.of("{\"login\": 7}", "{\"login\": \"x\", \"role\": \"owner\"}",
                "{\"login\": \"x\", \"organizationId\": \"org-b\"}", "{\"login\": \"x\", \"phones\": \"+4930\"}",
                "{\"email\": \"x@acme.example\"}", "{\"login\": \" padded\"}")) {
            HttpResponse<String> refused = TestStacks.send(stack, "PUT", ORG_A + "/erin", ADA, body);
            assertEquals(422, refused.statusCode(), body + ": " + refused.body());
            assertTrue(Json.parseObject(refused.body()).get("error") instanceof String, refused.body());
        }
        HttpResponse<String> taken = TestStacks.send(stack, "PUT", ORG_A + "/erin", ADA,
                "{\"login\": \"bob\"}");
        assertEquals(409, taken.statusCode(), taken.body());
        assertEquals("login bob is already used by another agent", Json.parseObject(taken.body()).get("error"));
        assertEquals(400, TestStacks.send(stack, "PUT", ORG_A + "/x%23y", ADA, "{\"login\": \"x\"}")
                .statusCode());
        assertEquals(before, agentsOfA());
    }
}
