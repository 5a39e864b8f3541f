// End to end over real HTTP: an in-process local stack with its OpenID Connect provider (mock-oauth2-server) and
// API Gateway's JWT authorizer emulated on the /oidc/ routes. Tokens of the provider are accepted and name the agent
// of their e-mail in their organization; expired, wrongly signed, unsigned, wrong-audience, wrong-issuer, not-yet-
// valid and other-organization tokens are refused with 401/403 and write nothing; callhook's own tokens keep
// working on the routes without the prefix.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.callhook.json.Json;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackSignInTest {

    private static final String ACME = "acme-" + UUID.randomUUID();
    private static final String ALICE = "alice-" + UUID.randomUUID();
    private static final String ADMIN_TOKEN = "operator-" + UUID.randomUUID();
    private static final TestLog LOG = new TestLog();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"alice\",\"login\":\"alice\",\"email\":\"alice@acme.example\","
                + "\"organizationId\":\"org-a\",\"token\":\"" + ALICE + "\"},"
                + "{\"id\":\"ada\",\"login\":\"ada\",\"email\":\"ada@acme.example\",\"organizationId\":\"org-a\","
                + "\"role\":\"admin\",\"token\":\"ada-" + UUID.randomUUID() + "\"},"
                + "{\"id\":\"bea\",\"login\":\"bea\",\"email\":\"bea@globex.example\",\"organizationId\":\"org-b\","
                + "\"token\":\"bea-" + UUID.randomUUID() + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(),
                        List.of("acme=" + ACME, "globex=globex-" + UUID.randomUUID())).withAgents(agents)
                .withAdminToken(ADMIN_TOKEN)
                .withParameters(Map.of("IntegrationOrganizations", "acme:org-a,globex:org-b",
                        "OidcOrganizationClaim", "org")), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * A token of the local provider, fetched from its token endpoint over HTTP (so its {@code iss} is the issuer as
     * the page meets it), with this audience and these claims, valid for {@code seconds}.
     */
    static String token(String issuerId, String audience, Map<String, Object> claims, long seconds)
            throws Exception {
        stack.oidc().server().enqueueCallback(new DefaultOAuth2TokenCallback(issuerId,
                "subject-" + UUID.randomUUID(), "JWT", List.of(audience), claims, seconds));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.oidc().origin() + "/"
                        + issuerId + "/token")).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=openid&client_id="
                        + LocalOidcProvider.CLIENT_ID + "&client_secret=any")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return String.valueOf(Json.parseObject(response.body()).get("access_token"));
    }

    static String token(Map<String, Object> claims) throws Exception {
        return token(LocalOidcProvider.ISSUER_ID, LocalOidcProvider.CLIENT_ID, claims, 3600);
    }

    static HttpResponse<String> send(String method, String path, String authorization, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("content-type", "application/json");
        }
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String newCall() throws Exception {
        String callId = "c-" + UUID.randomUUID();
        HttpResponse<String> posted = TestStacks.send(stack, "POST", "/api/v1/cti/" + ACME, null,
                "{\"event\":\"newCall\",\"from\":\"+4922100\",\"to\":\"+4930500\",\"direction\":\"in\","
                        + "\"callId\":\"" + callId + "\"}");
        assertEquals(200, posted.statusCode(), posted.body());
        return "acme:" + callId;
    }

    /** The call's done flag, as alice's own agent token reads it from the caller log. */
    @SuppressWarnings("unchecked")
    static Object done(String callId) throws Exception {
        HttpResponse<String> log = TestStacks.send(stack, "GET", "/api/v1/cti/log?limit=300", ALICE, null);
        assertEquals(200, log.statusCode(), log.body());
        for (Object entry : (List<Object>) Json.parseObject(log.body()).get("entries")) {
            Map<String, Object> call = (Map<String, Object>) entry;
            if (callId.equals(call.get("callId"))) {
                return call.get("done");
            }
        }
        throw new AssertionError("no call " + callId);
    }

    @Test
    void aTokenOfTheProviderSignsInTheAgentOfItsEmailInItsOrganization() throws Exception {
        String alice = token(Map.of("email", "alice@acme.example", "org", "org-a"));
        HttpResponse<String> me = send("GET", "/oidc/api/v1/me", "Bearer " + alice, null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("alice", Json.parseObject(me.body()).get("id"));
        assertEquals("agent", Json.parseObject(me.body()).get("role"));

        String callId = newCall();
        HttpResponse<String> marked = send("POST", "/oidc/api/v1/cti/done/" + callId, "Bearer " + alice,
                "{\"done\": true}");
        assertEquals(200, marked.statusCode(), marked.body());
        assertEquals(true, done(callId));

        // the agent API's twins too, and the page's settings name this provider
        assertEquals(200, send("GET", "/oidc/call/list", "Bearer " + alice, null).statusCode());
        Map<String, Object> settings = Json.parseObject(send("GET", "/api/v1/sign-in", null, null).body());
        assertEquals(stack.oidc().issuer(), settings.get("issuer"));
        assertEquals(LocalOidcProvider.CLIENT_ID, settings.get("clientId"));
    }

    @Test
    void everyBadTokenIsRefusedBeforeTheFunctionAndWritesNothing() throws Exception {
        String callId = newCall();
        Map<String, Object> aliceClaims = Map.of("email", "alice@acme.example", "org", "org-a");
        String valid = token(aliceClaims);

        RSAKey stranger = new RSAKeyGenerator(2048).keyID(SignedJWT.parse(valid).getHeader().getKeyID())
                .generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(stranger.getKeyID()).build(), SignedJWT.parse(valid).getJWTClaimsSet());
        forged.sign(new RSASSASigner(stranger));
        String unsigned = new PlainJWT(SignedJWT.parse(valid).getJWTClaimsSet()).serialize();
        Map<String, Object> notYet = new LinkedHashMap<>(aliceClaims);
        notYet.put("nbf", Instant.now().plusSeconds(3600).getEpochSecond());

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("no token", null);
        refused.put("expired", "Bearer " + token(LocalOidcProvider.ISSUER_ID, LocalOidcProvider.CLIENT_ID,
                aliceClaims, -60));
        refused.put("wrongly signed", "Bearer " + forged.serialize());
        refused.put("unsigned", "Bearer " + unsigned);
        refused.put("tampered", "Bearer " + tamper(valid));
        refused.put("wrong audience", "Bearer " + token(LocalOidcProvider.ISSUER_ID, "another-client",
                aliceClaims, 3600));
        refused.put("wrong issuer", "Bearer " + token("another-issuer", LocalOidcProvider.CLIENT_ID, aliceClaims,
                3600));
        refused.put("not yet valid", "Bearer " + token(notYet));
        refused.put("callhook's agent token", "Bearer " + ALICE);
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            HttpResponse<String> response = send("POST", "/oidc/api/v1/cti/done/" + callId, bad.getValue(),
                    "{\"done\": true}");
            assertEquals(401, response.statusCode(), bad.getKey() + ": " + response.body());
            assertEquals("{\"message\":\"Unauthorized\"}", response.body(), bad.getKey());
            assertTrue(response.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer "),
                    bad.getKey());
        }
        // verified, but of another organization, or of nobody: the function refuses
        for (Map<String, Object> claims : List.of(Map.<String, Object>of("email", "alice@acme.example", "org",
                        "org-b"), Map.<String, Object>of("email", "alice@acme.example"),
                Map.<String, Object>of("email", "nobody@acme.example", "org", "org-a"),
                Map.<String, Object>of("email", "alice@acme.example", "org", "org-a", "email_verified", false))) {
            HttpResponse<String> response = send("POST", "/oidc/api/v1/cti/done/" + callId,
                    "Bearer " + token(claims), "{\"done\": true}");
            assertEquals(403, response.statusCode(), claims + ": " + response.body());
            assertTrue(Json.parseObject(response.body()).get("error") instanceof String, response.body());
        }
        // bea is org-b's: her verified token does not reach org-a's call
        HttpResponse<String> bea = send("POST", "/oidc/api/v1/cti/done/" + callId,
                "Bearer " + token(Map.of("email", "bea@globex.example", "org", "org-b")), "{\"done\": true}");
        assertEquals(404, bea.statusCode(), bea.body());
        assertEquals(false, done(callId), "no refused request wrote anything");
        assertEquals(200, send("POST", "/oidc/api/v1/cti/done/" + callId, "Bearer " + valid, "{\"done\": true}")
                .statusCode(), "the same request with the valid token does");
        assertEquals(true, done(callId));
    }

    @Test
    void aSignedInAdminChangesItsOrganizationsRoutingOnlyAndAnAgentNone() throws Exception {
        String ada = "Bearer " + token(Map.of("email", "ada@acme.example", "org", "org-a"));
        String alice = "Bearer " + token(Map.of("email", "alice@acme.example", "org", "org-a"));
        String base = "/oidc/api/v1/admin/integrations/";
        HttpResponse<String> blocked = send("PUT", base + "acme/blocked-numbers/+4930999", ada,
                "{\"note\": \"by ada\"}");
        assertEquals(200, blocked.statusCode(), blocked.body());
        assertEquals(404, send("PUT", base + "globex/blocked-numbers/+4930999", ada, "{\"note\": \"x\"}")
                .statusCode());
        assertEquals(403, send("PUT", base + "acme/blocked-numbers/+4930888", alice, "{\"note\": \"x\"}")
                .statusCode());
        assertEquals(401, send("PUT", base + "acme/blocked-numbers/+4930777", "Bearer " + ADMIN_TOKEN,
                "{\"note\": \"x\"}").statusCode(), "the admin token is for the routes without the prefix");

        Map<String, Object> acme = Json.parseObject(TestStacks.send(stack, "GET",
                "/api/v1/admin/integrations/acme/routing", ADMIN_TOKEN, null).body());
        // stored in both forms the webhook's normal form gives for the number in the organization's region (DE)
        assertEquals(List.of(Map.of("number", "030999", "note", "by ada"), Map.of("number", "4930999", "note",
                "by ada")), acme.get("blockedNumbers"));
        Map<String, Object> globex = Json.parseObject(TestStacks.send(stack, "GET",
                "/api/v1/admin/integrations/globex/routing", ADMIN_TOKEN, null).body());
        assertEquals(List.of(), globex.get("blockedNumbers"));
    }

    @Test
    void callhooksOwnTokensKeepWorkingOnTheRoutesWithoutThePrefix() throws Exception {
        HttpResponse<String> me = TestStacks.send(stack, "GET", "/api/v1/me", ALICE, null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("alice", Json.parseObject(me.body()).get("id"));
        // and a provider's token is no callhook token there
        assertEquals(401, send("GET", "/api/v1/me", "Bearer " + token(Map.of("email", "alice@acme.example",
                "org", "org-a")), null).statusCode());
    }

    @Test
    void theFunctionSeesTheClaimsAsApiGatewayHandsThemOver() {
        Map<String, String> claims = LocalJwtAuthorizer.apiGatewayClaims(Map.of("groups", List.of("admin", "x"),
                "exp", new Date(1_700_000_000_000L), "email_verified", true, "address", Map.of("city", "Berlin")));
        assertEquals("[admin x]", claims.get("groups"));
        assertEquals("1700000000", claims.get("exp"));
        assertEquals("true", claims.get("email_verified"));
        assertEquals("{\"city\":\"Berlin\"}", claims.get("address"));
        assertFalse(claims.containsKey("aud"));
    }

    /** The token with one character of its payload changed: its signature no longer matches. */
    static String tamper(String token) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
                .claim("email", "ada@acme.example").build();
        String[] parts = token.split("\\.");
        return parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(claims.toString()) + "." + parts[2];
    }
}
