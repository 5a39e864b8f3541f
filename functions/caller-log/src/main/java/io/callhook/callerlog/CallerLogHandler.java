package io.callhook.callerlog;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.AgentAuthentication;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.PrimingHttpClient;
import io.callhook.config.PrimingRequests;
import io.callhook.config.SnapStartPriming;
import io.callhook.config.Voicemail;
import io.callhook.http.ApiHandler;
import io.callhook.http.ApiRequest;
import io.callhook.http.FieldRules;
import io.callhook.http.HttpError;
import io.callhook.http.JsonBody;
import io.callhook.http.Responses;
import io.callhook.json.Views;
import io.callhook.log.Log;
import io.callhook.store.CallStore;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.store.MissedCallStore;
import io.callhook.store.UnknownCallException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agents' caller log (Zammad's, done better): {@code GET /api/v1/cti/log}, {@code POST /api/v1/cti/done/{callId}},
 * {@code POST /api/v1/cti/done/bulk} and {@code GET /api/v1/missed-calls}. Every route needs the token of an agent
 * in the agent directory. A missed-calls query without {@code since} or {@code until} means today, the UTC day of
 * the handler's clock.
 */
public final class CallerLogHandler extends ApiHandler {

    static final int DEFAULT_LIMIT = 60;
    static final int MAX_LIMIT = 300;
    static final int MAX_BULK = 100;
    static final int MAX_RANGE_DAYS = 366;

    private final AgentAuthentication agents;
    private final CallStore calls;
    private final MissedCallStore missed;
    private final Set<String> voicemail;
    private final Clock clock;

    public CallerLogHandler() {
        this(Environment.system());
    }

    public CallerLogHandler(Environment env) {
        this(env, Clock.systemUTC());
    }

    /** The handler of {@code env}'s tables, whose "today" is the UTC day of {@code clock}. */
    public CallerLogHandler(Environment env, Clock clock) {
        this(env, AwsClients.dynamoDb(env), clock);
        SnapStartPriming.register(() -> primeRequestPath(env));
    }

    /**
     * SnapStart priming: a caller-log request through a handler whose SDK client answers itself
     * ({@link PrimingHttpClient}): routing, the agent lookup's Query marshalled and signed, its empty answer, the
     * refusal. No table is touched. Returns the operations sent.
     */
    static List<String> primeRequestPath(Environment env) {
        PrimingHttpClient http = new PrimingHttpClient();
        new CallerLogHandler(env, AwsClients.dynamoDb(env, http), Clock.systemUTC()).handleRequest(
                PrimingRequests.http("GET", "GET /api/v1/cti/log", "/api/v1/cti/log",
                        Map.of("authorization", "Bearer " + PrimingRequests.TOKEN), Map.of(), null), null);
        return http.operations();
    }

    private CallerLogHandler(Environment env, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo,
                             Clock clock) {
        this(new AgentAuthentication(DynamoAgentDirectory.fromEnvironment(dynamo, env)),
                DynamoCallStore.fromEnvironment(dynamo, env), DynamoMissedCallStore.fromEnvironment(dynamo, env),
                Voicemail.identities(env), clock);
    }

    public CallerLogHandler(AgentAuthentication agents, CallStore calls, MissedCallStore missed,
                            Set<String> voicemail, Clock clock) {
        this.agents = agents;
        this.calls = calls;
        this.missed = missed;
        this.voicemail = Set.copyOf(voicemail);
        this.clock = clock;
    }

    /** The routes this function serves, by API Gateway route key. */
    static final Set<String> ROUTES = Set.of("GET /api/v1/cti/log", "POST /api/v1/cti/done/bulk",
            "POST /api/v1/cti/done/{callId}", "GET /api/v1/missed-calls");

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String route = request.routeKey() == null ? "" : request.routeKey();
        if (!ROUTES.contains(route)) {
            throw HttpError.notFound("no route " + route);
        }
        String agent = agents.authenticate(request).id();
        return switch (route) {
            case "GET /api/v1/cti/log" -> log(request);
            case "POST /api/v1/cti/done/bulk" -> bulkDone(request, agent);
            case "POST /api/v1/cti/done/{callId}" -> done(request, agent);
            default -> missedCalls(request);
        };
    }

    private APIGatewayV2HTTPResponse log(ApiRequest request) {
        int limit = limit(request.queryParameter("limit"));
        String queue = request.queryParameter("queue");
        List<Map<String, Object>> entries = calls.recent(queue, limit).stream()
                .map(call -> Views.callLogEntry(call, voicemail)).toList();
        return Responses.json(200, Map.of("entries", entries, "count", entries.size()));
    }

    private APIGatewayV2HTTPResponse done(ApiRequest request, String agent) {
        String callId = FieldRules.limited("callId", request.pathParameter("callId"), FieldRules.MAX_CALL_ID_BYTES);
        Object done = JsonBody.object(request).get("done");
        if (!(done instanceof Boolean flag)) {
            throw HttpError.unprocessable("field done is required: true or false");
        }
        mark(List.of(callId), flag);
        Log.info("done set", "agent", agent, "callId", callId, "done", flag);
        return Responses.json(200, Map.of("callId", callId, "done", flag));
    }

    private APIGatewayV2HTTPResponse bulkDone(ApiRequest request, String agent) {
        Object ids = JsonBody.object(request).get("ids");
        if (!(ids instanceof List<?> list) || list.isEmpty() || list.size() > MAX_BULK
                || !list.stream().allMatch(id -> id instanceof String s && !s.isBlank())) {
            throw HttpError.unprocessable("field ids is required: 1 to " + MAX_BULK + " call ids");
        }
        List<String> callIds = list.stream().map(String.class::cast)
                .map(id -> FieldRules.limited("ids", id, FieldRules.MAX_CALL_ID_BYTES)).distinct().toList();
        mark(callIds, true);
        Log.info("done set in bulk", "agent", agent, "calls", callIds.size());
        return Responses.json(200, Map.of("ids", callIds, "done", true));
    }

    private void mark(List<String> callIds, boolean done) {
        try {
            calls.markDone(callIds, done);
        } catch (UnknownCallException e) {
            throw HttpError.notFound("call " + e.callId() + " does not exist; nothing was changed");
        }
    }

    private APIGatewayV2HTTPResponse missedCalls(ApiRequest request) {
        String line = request.queryParameter("line");
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate since = day("since", request.queryParameter("since"), today);
        LocalDate until = day("until", request.queryParameter("until"), today);
        if (until.isBefore(since)) {
            throw HttpError.unprocessable("until must not be before since");
        }
        if (ChronoUnit.DAYS.between(since, until) + 1 > MAX_RANGE_DAYS) {
            throw HttpError.unprocessable("since and until may be at most " + MAX_RANGE_DAYS + " days apart");
        }
        Instant from = since.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = until.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
        List<Map<String, Object>> entries = missed.entries(line, from, to, limit(request.queryParameter("limit")))
                .stream()
                .map(Views::missedCall).toList();
        List<Map<String, Object>> counts = missed.counts(line, since, until).stream().map(count -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("line", count.line());
            view.put("day", count.day().toString());
            view.put("count", count.count());
            return view;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("line", line);
        body.put("since", since.toString());
        body.put("until", until.toString());
        body.put("entries", entries);
        body.put("counts", counts);
        return Responses.json(200, body);
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw HttpError.unprocessable("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    static LocalDate day(String name, String value, LocalDate fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            LocalDate day = LocalDate.parse(value);
            if (day.getYear() >= 1970 && day.getYear() <= 9999) {
                return day;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw HttpError.unprocessable(name + " must be a day as YYYY-MM-DD (UTC), from 1970 to 9999");
    }
}
