// Contract between template.yaml and the code: handlers, their event types, environment variables and routes.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.callhook.auth.TokenHashes;
import io.callhook.config.Environment;
import io.callhook.template.SamTemplate;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateContractTest {

    /** Sample values for the parameters that have no default (the secrets), as an operator would give them. */
    static final Map<String, String> PARAMETERS = Map.of(
            "WebhookTokenHashes", "pbx:" + TokenHashes.hashOf("webhook"),
            "DeploymentDigest", TokenHashes.hashOf("the jars and parameters of one deploy"));

    /**
     * Variables Lambda provides, the AWS SDK's endpoint settings a deployer may add (the AWS client reads them as the
     * SDK does), the AWS client's trust settings a deployer may add (README: the AWS roots, extra authorities), or
     * that only the local stack and tests set.
     */
    static final Set<String> PROVIDED = Set.of("AWS_REGION", "AWS_ENDPOINT_URL_DYNAMODB",
            "AWS_ENDPOINT_URL_EVENTBRIDGE", "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "CALLHOOK_RETRY_BACKOFF", "CALLHOOK_TLS_TRUST",
            "CALLHOOK_TLS_EXTRA_CERTS");

    static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplate.find(), PARAMETERS);

    static Stream<SamTemplate.Function> functions() {
        return TEMPLATE.functions().stream();
    }

    @Test
    void everyParameterWithoutADefaultHasASampleHere() {
        Object declared = SamTemplate.load(SamTemplate.find()).raw().get("Parameters");
        Map<String, Object> parameters = declared instanceof Map<?, ?> m ? cast(m) : Map.of();
        parameters.forEach((name, definition) -> {
            if (!cast(definition).containsKey("Default")) {
                assertTrue(PARAMETERS.containsKey(name), "give parameter " + name + " a sample value in this test");
            }
        });
        assertFalse(TEMPLATE.functions().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyHandlerExistsAndTakesItsTriggersEventType(SamTemplate.Function function) throws Exception {
        assertTrue(function.handler().endsWith("::handleRequest"), function.handler());
        Class<?> handler = Class.forName(function.handlerClass());
        assertTrue(RequestHandler.class.isAssignableFrom(handler), handler + " is not a RequestHandler");
        Type[] types = HandlerTypes.of(handler);
        if (!function.routes().isEmpty()) {
            assertEquals(APIGatewayV2HTTPEvent.class, types[0], function.logicalId());
            assertEquals(APIGatewayV2HTTPResponse.class, types[1], function.logicalId());
        }
        if (!function.streams().isEmpty()) {
            assertEquals(DynamodbEvent.class, types[0], function.logicalId());
        }
        TEMPLATE.schedules().stream().filter(s -> s.functionId().equals(function.logicalId())).forEach(schedule -> {
            // a Scheduled Event, read as plain JSON (its time is all a scheduled handler needs)
            assertTrue(types[0] instanceof ParameterizedType map && map.getRawType() == Map.class, schedule.eventId());
            assertTrue(LocalSchedules.period(schedule.expression()).isPresent(), "the local stack runs rate(...)");
        });
        assertTrue(function.codeUri().equals("functions/" + function.codeUri().split("/")[1] + "/target/"
                + function.codeUri().split("/")[1] + "-lambda.jar"), function.codeUri());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyVariableTheCodeReadsIsSetInTheTemplate(SamTemplate.Function function) throws Exception {
        Set<String> read = new HashSet<>();
        Class.forName(function.handlerClass()).getConstructor(Environment.class)
                .newInstance(Environment.recording(function.environment(), read));
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(function.environment().keySet());
        missing.removeAll(PROVIDED);
        assertEquals(Set.of(), missing, function.logicalId() + " reads variables the template does not set");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyRouteReachesItsHandlerWhichAsksForCredentials(SamTemplate.Function function) throws Exception {
        if (function.routes().isEmpty()) {
            return;
        }
        Map<String, String> environment = new HashMap<>(function.environment());
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9");
        environment.put("CALLHOOK_RETRY_BACKOFF", "none");
        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class
                        .forName(function.handlerClass()).getConstructor(Environment.class)
                        .newInstance(Environment.of(environment));
        for (SamTemplate.Route route : function.routes()) {
            boolean publicRoute = PUBLIC_ROUTES.contains(route.method() + " " + route.path());
            APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
            event.setRouteKey(route.method() + " " + route.path());
            event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(route.method())
                            .withPath(route.path()).build())
                    .withRouteKey(route.method() + " " + route.path()).build());
            event.setHeaders(Map.of("content-type", "application/json"));
            event.setBody("{}");
            // an /oidc/ route without claims (no authorizer ran) is refused like one without a token
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            assertEquals(publicRoute ? 200 : 401, response.getStatusCode(), function.logicalId() + " "
                    + event.getRouteKey() + ": " + response.getBody());
        }
    }

    /** Routes anyone may call: the agent page's sign-in settings (issuer, client id), like a discovery document. */
    static final Set<String> PUBLIC_ROUTES = Set.of("GET /api/v1/sign-in");
    static final List<String> SIGNED_IN_FUNCTIONS = List.of("CallerLogFunction", "AgentApiFunction",
            "AdminApiFunction");

    @Test
    void everyAgentAndAdminRouteHasATwinUnderOidcThatTheJwtAuthorizerGuards() {
        int twins = 0;
        for (SamTemplate.Function function : TEMPLATE.functions()) {
            Set<String> tokenRoutes = new TreeSet<>();
            Set<String> signedIn = new TreeSet<>();
            for (SamTemplate.Route route : function.routes()) {
                String key = route.method() + " " + route.path();
                boolean prefixed = route.path().startsWith("/oidc/");
                // the prefix and the authorizer always go together: no /oidc/ route is open, no other is guarded
                assertEquals(prefixed ? "OidcAuthorizer" : null, route.authorizer(), function.logicalId() + " " + key);
                if (prefixed) {
                    signedIn.add(route.method() + " " + route.path().substring("/oidc".length()));
                } else if (!PUBLIC_ROUTES.contains(key)) {
                    tokenRoutes.add(key);
                }
            }
            if (SIGNED_IN_FUNCTIONS.contains(function.logicalId())) {
                assertFalse(tokenRoutes.isEmpty(), function.logicalId());
                assertEquals(tokenRoutes, signedIn, function.logicalId() + ": every route has its /oidc twin");
                twins += signedIn.size();
            } else {
                assertEquals(Set.of(), signedIn, function.logicalId() + " is for PBXs: no sign-in routes");
            }
        }
        assertTrue(twins >= 28, "twins: " + twins);
    }

    @Test
    void theAdminApiHasTheAgentRoutesAndTheirTwins() {
        Set<String> routes = new TreeSet<>();
        TEMPLATE.functions().stream().filter(f -> f.logicalId().equals("AdminApiFunction")).findFirst().orElseThrow()
                .routes().forEach(route -> routes.add(route.method() + " " + route.path()));
        String agents = "/api/v1/admin/organizations/{organization}/agents";
        for (String route : List.of("GET " + agents, "GET " + agents + "/{agentId}", "PUT " + agents + "/{agentId}",
                "DELETE " + agents + "/{agentId}", "POST " + agents + "/{agentId}/token",
                "DELETE " + agents + "/{agentId}/token")) {
            assertTrue(routes.contains(route), route);
            assertTrue(routes.contains(route.replace(" /api/", " /oidc/api/")), "the /oidc twin of " + route);
        }
    }

    @Test
    void theJwtAuthorizerTakesTheIssuerParameterOrTheCognitoPoolItCreates() {
        Map<String, Object> authorizer = TEMPLATE.authorizers().get("OidcAuthorizer");
        assertEquals("$request.header.Authorization", authorizer.get("IdentitySource"));
        Map<String, Object> jwt = cast(authorizer.get("JwtConfiguration"));
        assertEquals(Map.of("Fn::If", List.of("CreatesUserPool",
                Map.of("Fn::Sub", "https://${AgentUserPool.ProviderURL}"), Map.of("Ref", "OidcIssuer"))),
                jwt.get("issuer"));
        assertEquals(List.of(Map.of("Fn::If", List.of("CreatesUserPool", Map.of("Ref", "AgentPageClient"),
                Map.of("Ref", "OidcAudience")))), jwt.get("audience"));
        Map<String, Object> conditions = cast(TEMPLATE.raw().get("Conditions"));
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "OidcIssuer"), "")),
                conditions.get("CreatesUserPool"));
        Map<String, Object> parameters = cast(TEMPLATE.raw().get("Parameters"));
        assertEquals("", cast(parameters.get("OidcIssuer")).get("Default"));
        assertEquals("email", cast(parameters.get("OidcAgentClaim")).get("Default"));
        // an issuer without the page's client id would refuse every token: the deploy stops before anything
        Map<String, Object> rule = cast(cast(TEMPLATE.raw().get("Rules")).get("OidcAudienceWithIssuer"));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "OidcIssuer"), "")))),
                rule.get("RuleCondition"));
    }

    @Test
    void theCognitoPoolIsCreatedOnlyWithoutAnIssuerAndItsPageClientIsPublicWithTheCodeFlowOnly() {
        Map<String, Object> resources = cast(TEMPLATE.raw().get("Resources"));
        List<String> cognito = List.of("AgentUserPool", "AgentUserPoolDomain", "AgentUserPoolSupervisors",
                "AgentUserPoolAdmins", "AgentPageClient", "AgentPageClientUrls", "AgentPageClientUrlsFunction",
                "AgentPageClientUrlsRole");
        resources.forEach((id, resource) -> {
            String type = String.valueOf(cast(resource).get("Type"));
            if (type.startsWith("AWS::Cognito::") || id.startsWith("AgentPageClient")) {
                assertTrue(cognito.contains(id), id + " is new: add it here");
            }
        });
        for (String id : cognito) {
            assertEquals("CreatesUserPool", cast(resources.get(id)).get("Condition"), id);
        }
        Map<String, Object> client = TEMPLATE.properties("AgentPageClient");
        assertEquals(false, client.get("GenerateSecret"));
        assertEquals(List.of("ALLOW_REFRESH_TOKEN_AUTH"), client.get("ExplicitAuthFlows"));
        assertEquals(Set.of("supervisor", "admin"), Set.of(
                TEMPLATE.properties("AgentUserPoolSupervisors").get("GroupName"),
                TEMPLATE.properties("AgentUserPoolAdmins").get("GroupName")));
        String code = String.valueOf(cast(TEMPLATE.properties("AgentPageClientUrlsFunction").get("Code"))
                .get("ZipFile"));
        assertTrue(code.contains("AllowedOAuthFlows=[\"code\"]"), code);
        assertFalse(code.contains("implicit"), "no implicit flow");
        assertTrue(code.contains("ExplicitAuthFlows=[\"ALLOW_REFRESH_TOKEN_AUTH\"]"), "the same flows as the client");
        assertEquals(Map.of("Fn::Sub", "https://${AgentPageDistribution.DomainName}/"),
                TEMPLATE.properties("AgentPageClientUrls").get("PageUrl"));
        assertEquals(Map.of("Ref", "CognitoIdentityProviders"),
                TEMPLATE.properties("AgentPageClientUrls").get("IdentityProviders"));
        assertTrue(code.contains("SupportedIdentityProviders=[n.strip() for n in p[\"IdentityProviders\"]"), code);
    }

    @Test
    void theSignedInFunctionsGetTheClaimSettingsAndTheCallerLogThePagesSignInSettings() {
        for (String id : SIGNED_IN_FUNCTIONS) {
            Map<String, String> environment = TEMPLATE.function(id).environment();
            for (String variable : List.of("OIDC_AGENT_CLAIM", "OIDC_ORGANIZATION_CLAIM", "OIDC_ROLE_CLAIM",
                    "OIDC_ROLE_VALUES", "AGENTS_TABLE")) {
                assertTrue(environment.containsKey(variable), id + " " + variable);
            }
        }
        assertEquals("email", TEMPLATE.function("AdminApiFunction").environment().get("OIDC_AGENT_CLAIM"));
        Map<String, String> callerLog = TEMPLATE.function("CallerLogFunction").environment();
        for (String variable : List.of("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_SCOPES", "OIDC_AUTHORIZATION_ENDPOINT",
                "OIDC_TOKEN_ENDPOINT", "OIDC_END_SESSION_ENDPOINT")) {
            assertTrue(callerLog.containsKey(variable), variable);
        }
    }

    @Test
    void noTwoFunctionsClaimTheSameRoute() {
        List<String> keys = TEMPLATE.functions().stream().flatMap(f -> f.routes().stream())
                .map(r -> r.method() + " " + r.path()).toList();
        assertEquals(keys.size(), new HashSet<>(keys).size(), keys.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
