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
     * SDK does), or that only the local stack and tests set.
     */
    static final Set<String> PROVIDED = Set.of("AWS_REGION", "AWS_ENDPOINT_URL_DYNAMODB",
            "AWS_ENDPOINT_URL_EVENTBRIDGE", "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "CALLHOOK_RETRY_BACKOFF");

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
            APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
            event.setRouteKey(route.method() + " " + route.path());
            event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(route.method())
                            .withPath(route.path()).build())
                    .withRouteKey(route.method() + " " + route.path()).build());
            event.setHeaders(Map.of("content-type", "application/json"));
            event.setBody("{}");
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            assertEquals(401, response.getStatusCode(), function.logicalId() + " " + event.getRouteKey() + ": "
                    + response.getBody());
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
