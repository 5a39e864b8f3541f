package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.agent.AgentDirectory;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.OrganizationSettings;
import io.callhook.contact.Annotations;
import io.callhook.config.SnapStartPriming;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.events.EventBridgePublisher;
import io.callhook.events.EventPublisher;
import io.callhook.http.AgentAuthentication;
import io.callhook.http.SignInClaims;
import io.callhook.http.ApiHandler;
import io.callhook.http.ApiRequest;
import io.callhook.http.Audit;
import io.callhook.http.Responses;
import io.callhook.store.AgentCallStore;
import io.callhook.store.DynamoAgentCallStore;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoAuditTrail;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoContactStore;
import io.callhook.store.DynamoCallStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The agent API: OpenReception's call protocol under {@code /call/*} and Genesys-style operations under
 * {@code POST /api/v2/me/calls/{id}}, routed by API Gateway's route key. Every route authenticates the agent first
 * ({@code Authorization: Bearer <token>} or {@code ?token=}); errors come in each protocol's own document
 * ({@code {"status","description"}} or {@code {"statusCode","statusMessage"}}), 401 included.
 */
public final class AgentApiHandler extends ApiHandler {

    public static final String DISPOSITION_KEY_VARIABLE = "DEFAULT_DISPOSITION_KEY";
    public static final String DEFAULT_DISPOSITION_KEY = "DispositionCode";
    public static final String LIST_WINDOW_VARIABLE = "CALL_LIST_WINDOW_MINUTES";
    public static final long DEFAULT_LIST_WINDOW_MINUTES = 720;
    /** How long a call nobody has may have been ringing and still be waiting to be picked up. */
    public static final String MAX_RING_VARIABLE = "MAX_RING_SECONDS";
    public static final long DEFAULT_MAX_RING_SECONDS = 900;
    /** The largest {@code /call/list} answer in bytes of JSON, as the caller log's pages. */
    public static final String MAX_RESPONSE_BYTES_VARIABLE = "MAX_RESPONSE_BYTES";
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private final AgentAuthentication authentication;
    private final OpenReceptionCalls openReceptionCalls;
    private final GenesysCalls genesys;
    /** Where pickups, parks, transfers, hangups and Genesys operations (dispositions included) are recorded. */
    private Audit audit = Audit.none();

    /** Lambda's constructor: configuration from the environment, clients built once per container. */
    public AgentApiHandler() {
        this(Environment.system());
    }

    public AgentApiHandler(Environment env) {
        this(env, AwsClients.dynamoDb(env), EventBridgePublisher.fromEnvironment(env));
        SnapStartPriming.register(() -> AgentApiPriming.primeRequestPath(env));
    }

    AgentApiHandler(Environment env, DynamoDbJsonClient dynamo, EventPublisher publisher) {
        this(env, dynamo, publisher, DynamoAgentDirectory.fromEnvironment(dynamo, env));
    }

    private AgentApiHandler(Environment env, DynamoDbJsonClient dynamo, EventPublisher publisher,
                            DynamoAgentDirectory directory) {
        this(directory, AgentAuthentication.fromEnvironment(directory, env),
                new DynamoAgentCallStore(dynamo, env.require(DynamoCallStore.TABLE_VARIABLE),
                        Duration.ofMinutes(env.optionalLong(LIST_WINDOW_VARIABLE, DEFAULT_LIST_WINDOW_MINUTES)),
                        Duration.ofSeconds(env.optionalLong(MAX_RING_VARIABLE, DEFAULT_MAX_RING_SECONDS)),
                        DynamoCallStore.liveShards(dynamo, env)),
                publisher, env.optional(DISPOSITION_KEY_VARIABLE, DEFAULT_DISPOSITION_KEY),
                (int) env.optionalLong(MAX_RESPONSE_BYTES_VARIABLE, DEFAULT_MAX_RESPONSE_BYTES),
                new Annotations.Lookup(DynamoContactStore.fromEnvironment(dynamo, env), null,
                        OrganizationSettings.live(DynamoConfigStore.liveConfig(dynamo, env), env)));
        this.audit = new Audit(DynamoAuditTrail.fromEnvironment(dynamo, env), DynamoCallStore.retention(
                DynamoConfigStore.liveConfig(dynamo, env), env));
    }

    AgentApiHandler(AgentDirectory directory, AgentCallStore calls, EventPublisher publisher, String dispositionKey,
                    int maxResponseBytes) {
        this(directory, calls, publisher, dispositionKey, maxResponseBytes, SignInClaims.defaults());
    }

    /** @param signIn which verified claims name the agent on the signed-in ({@code /oidc/}) routes */
    AgentApiHandler(AgentDirectory directory, AgentCallStore calls, EventPublisher publisher, String dispositionKey,
                    int maxResponseBytes, SignInClaims signIn) {
        this(directory, calls, publisher, dispositionKey, maxResponseBytes, signIn, noContacts());
    }

    /** @param annotations the contacts of the numbers call objects show, read in the organization's region */
    AgentApiHandler(AgentDirectory directory, AgentCallStore calls, EventPublisher publisher, String dispositionKey,
                    int maxResponseBytes, Annotations.Lookup annotations) {
        this(directory, calls, publisher, dispositionKey, maxResponseBytes, SignInClaims.defaults(), annotations);
    }

    /**
     * @param signIn      which verified claims name the agent on the signed-in ({@code /oidc/}) routes
     * @param annotations the contacts of the numbers call objects show, read in the organization's region
     */
    AgentApiHandler(AgentDirectory directory, AgentCallStore calls, EventPublisher publisher, String dispositionKey,
                    int maxResponseBytes, SignInClaims signIn, Annotations.Lookup annotations) {
        this(directory, new AgentAuthentication(directory, signIn), calls, publisher, dispositionKey,
                maxResponseBytes, annotations);
    }

    /** @param authentication who a request's token or verified claims name */
    AgentApiHandler(AgentDirectory directory, AgentAuthentication authentication, AgentCallStore calls,
                    EventPublisher publisher, String dispositionKey, int maxResponseBytes,
                    Annotations.Lookup annotations) {
        Ownership owners = new Ownership(directory);
        this.authentication = authentication;
        this.openReceptionCalls = new OpenReceptionCalls(calls, owners, maxResponseBytes, annotations);
        this.genesys = new GenesysCalls(calls, owners, publisher, dispositionKey);
    }

    private static Annotations.Lookup noContacts() {
        return new Annotations.Lookup(null, null, () -> OrganizationSettings.defaults(Environment.of(Map.of())));
    }

    /** What an operation acted on: the call ids of its path and query, and a Genesys operation's name. */
    private static Map<String, String> target(ApiRequest request) {
        Map<String, String> target = new java.util.LinkedHashMap<>();
        if (request.pathParameter("id") != null) {
            target.put("callId", request.pathParameter("id"));
        }
        for (String name : java.util.List.of("call_id", "source")) {
            String value = request.queryParameter(name);
            if (value != null) {
                target.put(name, value);
            }
        }
        try {
            Object operation = io.callhook.json.Json.parseObject(new String(request.body(),
                    java.nio.charset.StandardCharsets.UTF_8)).get("operationName");
            if (operation instanceof String name) {
                target.put("operationName", name);
            }
        } catch (RuntimeException noJsonBody) {
            // OpenReception's operations carry their ids in the query
        }
        return target;
    }

    /** Routes the request; a refusal comes in the route's protocol ({@link AgentApiError}). */
    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String route = request.routeKey();
        boolean gws = isGenesys(route);
        try {
            Agent me = null;
            if (gws || isOpenReception(route)) {
                me = authentication.authenticate(request);
            }
            Instant now = request.receivedAt();
            APIGatewayV2HTTPResponse response = switch (route) {
                case "GET /call/list" -> openReceptionCalls.list(me, now);
                case "GET /call/state" -> openReceptionCalls.state(me, request);
                case "POST /call/pickup" -> openReceptionCalls.pickup(me, request, now);
                case "POST /call/park" -> openReceptionCalls.park(me, request, now);
                case "GET /call/transfer", "POST /call/transfer" -> openReceptionCalls.transfer(me, request, now);
                case "POST /call/hangup" -> openReceptionCalls.hangup(me, request, now);
                default -> {
                    if (gws) {
                        yield genesys.operate(me, request, now);
                    }
                    yield Responses.error(404, "no route " + route);
                }
            };
            if (me != null && response.getStatusCode() < 300 && (route.startsWith("POST ")
                    || route.equals("GET /call/transfer"))) {
                audit.record(request, me.organizationId(), me.id(), route, target(request));
            }
            return response;
        } catch (AgentApiError e) {
            return e.response();
        }
    }

    /**
     * Every other failure ({@link io.callhook.http.HttpError}, storage, unexpected), as {@link ApiHandler} maps and
     * logs it, in the route's protocol: {@code {"statusCode","statusMessage"}} or {@code {"status","description"}};
     * {@code {"error": ...}} only for a route of neither protocol, which the template does not have.
     */
    @Override
    protected APIGatewayV2HTTPResponse error(ApiRequest request, int status, String message) {
        String route = request.routeKey();
        if (isGenesys(route)) {
            return AgentApiError.genesys(status, genesysCode(status), message).response();
        }
        if (isOpenReception(route)) {
            return AgentApiError.openReception(status, statusWord(status), message).response();
        }
        return super.error(request, status, message);
    }

    private static boolean isGenesys(String route) {
        return route.startsWith("POST /api/v2/me/calls/");
    }

    private static boolean isOpenReception(String route) {
        return route.startsWith("GET /call/") || route.startsWith("POST /call/");
    }

    private static int genesysCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 413, 415, 422 -> 1;
            case 401 -> 20;
            case 403 -> 3;
            case 404 -> 6;
            case 409 -> 2;
            default -> 4;
        };
    }

    private static String statusWord(int httpStatus) {
        return switch (httpStatus) {
            case 400, 413, 415, 422 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 409 -> "conflict";
            default -> "error";
        };
    }
}
