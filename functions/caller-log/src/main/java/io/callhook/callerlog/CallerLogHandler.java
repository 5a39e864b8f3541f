package io.callhook.callerlog;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.call.MissSettings;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LineSettingsConfig;
import io.callhook.config.LiveConfig;
import io.callhook.config.OrganizationSettings;
import io.callhook.contact.Annotations;
import io.callhook.config.PrimingHttpClient;
import io.callhook.http.PrimingRequests;
import io.callhook.config.SnapStartPriming;
import io.callhook.events.CallbackEvents;
import io.callhook.events.EventBridgePublisher;
import io.callhook.events.EventPublisher;
import io.callhook.http.AgentAuthentication;
import io.callhook.http.ApiHandler;
import io.callhook.http.ApiRequest;
import io.callhook.http.Audit;
import io.callhook.http.EntityTags;
import io.callhook.http.FieldLimits;
import io.callhook.http.Fields;
import io.callhook.http.HttpError;
import io.callhook.http.JsonBody;
import io.callhook.http.RequestBodies;
import io.callhook.http.Responses;
import io.callhook.http.SignInSettings;
import io.callhook.json.JsonSizes;
import io.callhook.log.Log;
import io.callhook.store.DynamoReportStore;
import io.callhook.config.ReportSettings;
import io.callhook.store.ReportStore;
import io.callhook.store.CallStore;
import io.callhook.store.CallbackStore;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoAuditTrail;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoContactStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.store.MissedCallStore;
import io.callhook.views.Views;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The agents' caller log (Zammad's, done better): {@code GET /api/v1/cti/log}, {@code POST /api/v1/cti/done/{callId}},
 * {@code POST /api/v1/cti/done/bulk}, {@code GET /api/v1/missed-calls}, {@code GET /api/v1/me} (the signed-in
 * agent), the callback worklist's routes ({@link CallbackRoutes}) and the queue reports ({@link ReportRoutes}).
 * The caller log and the missed calls carry an {@code ETag} and answer {@code 304} to a matching
 * {@code If-None-Match}, for clients that poll them. Every route needs the token of an agent in the agent directory
 * and sees only the agent's organization: a call of another organization answers as one that does not exist. The
 * missed calls' days ({@code since}, {@code until} and the day counts) are days of the organization's time zone; a
 * query without {@code since} or {@code until} means today there, by the handler's clock. Lists
 * come in pages of at most {@value #DEFAULT_MAX_RESPONSE_BYTES} bytes (or {@value #MAX_RESPONSE_BYTES_VARIABLE}),
 * continued by {@code nextToken}.
 */
public final class CallerLogHandler extends ApiHandler {

    static final int DEFAULT_LIMIT = 60;
    static final int MAX_LIMIT = 300;
    static final int MAX_BULK = 100;
    /** The most calls one filtered caller-log page examines (its token then continues after them). */
    static final int MAX_EXAMINED = 1000;
    static final String FORM = "application/x-www-form-urlencoded";
    static final int MAX_RANGE_DAYS = 366;
    /** The most day counts one missed-calls answer holds. */
    static final int MAX_COUNTS = 5000;
    /**
     * The most entries the day counts of an organization whose zone is not UTC are counted from (the stored counts
     * are of UTC days; {@link MissedCallStore#counts(String, String, LocalDate, LocalDate, java.time.ZoneId, int,
     * int)}): some 10 MB of reads (entries are about 500 bytes) at the most.
     */
    static final int MAX_COUNTED_ENTRIES = 20_000;
    /** The longest {@code nextToken} accepted. */
    static final int MAX_TOKEN_LENGTH = 8192;
    public static final String MAX_RESPONSE_BYTES_VARIABLE = "MAX_RESPONSE_BYTES";
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private final AgentAuthentication agents;
    private final CallStore calls;
    private final MissedCallStore missed;
    private final Supplier<MissSettings> rules;
    private final Clock clock;
    private final int maxResponseBytes;
    private final CallbackRoutes callbacks;
    private final ReportRoutes reports;
    private SignInSettings signIn = SignInSettings.none();
    private final Annotations.Lookup annotations;
    /** Where done flags and worklist claims, releases and closes are recorded. */
    private Audit audit = Audit.none();

    public CallerLogHandler() {
        this(Environment.system());
    }

    public CallerLogHandler(Environment env) {
        this(env, Clock.systemUTC());
    }

    /** The handler of {@code env}'s tables, whose "today" is the day of {@code clock} in each organization's zone. */
    public CallerLogHandler(Environment env, Clock clock) {
        this(env, AwsClients.dynamoDb(env), clock);
        SnapStartPriming.register(() -> primeRequestPath(env));
    }

    /**
     * SnapStart priming: a number formatted (libphonenumber's classes and metadata), then a caller-log request
     * through a handler whose AWS client answers itself ({@link PrimingHttpClient}): routing, the agent lookup's
     * Query marshalled and signed, its empty answer, the refusal. No table is touched. Returns the operations sent.
     */
    static List<String> primeRequestPath(Environment env) {
        // the phone number library's classes and the default region's metadata (pure; tens of ms when cold)
        io.callhook.contact.PhoneFormat.display("+493023125741",
                OrganizationSettings.defaults(env).defaults().defaultRegion());
        PrimingHttpClient http = new PrimingHttpClient();
        new CallerLogHandler(env, AwsClients.dynamoDb(env, http), Clock.systemUTC()).handleRequest(
                PrimingRequests.http("GET", "GET /api/v1/cti/log", "/api/v1/cti/log",
                        Map.of("authorization", "Bearer " + PrimingRequests.TOKEN), Map.of(), null), null);
        return http.operations();
    }

    private CallerLogHandler(Environment env, io.callhook.dynamodb.DynamoDbJsonClient dynamo,
                             Clock clock) {
        this(env, dynamo, clock, DynamoAgentDirectory.fromEnvironment(dynamo, env),
                DynamoConfigStore.liveConfig(dynamo, env));
        this.signIn = SignInSettings.fromEnvironment(env);
    }

    private CallerLogHandler(Environment env, io.callhook.dynamodb.DynamoDbJsonClient dynamo, Clock clock,
                             DynamoAgentDirectory directory, LiveConfig config) {
        this(AgentAuthentication.fromEnvironment(directory, env),
                DynamoCallStore.fromEnvironment(dynamo, env), DynamoMissedCallStore.fromEnvironment(dynamo, env),
                DynamoCallbackStore.fromEnvironment(dynamo, env), DynamoReportStore.fromEnvironment(dynamo, env),
                ReportSettings.fromEnvironment(env), EventBridgePublisher.fromEnvironment(env),
                LineSettingsConfig.live(config, env), clock,
                (int) env.optionalLong(MAX_RESPONSE_BYTES_VARIABLE, DEFAULT_MAX_RESPONSE_BYTES),
                new Annotations.Lookup(DynamoContactStore.fromEnvironment(dynamo, env), directory,
                        OrganizationSettings.live(config, env)));
        this.audit = new Audit(DynamoAuditTrail.fromEnvironment(dynamo, env), DynamoCallStore.retention(config, env));
    }

    /**
     * @param events           where {@code CallbackClosed} is published
     * @param maxResponseBytes the largest list answer, in bytes of JSON (a page holds at least one entry)
     * @param rules            each line's missed-call rules
     */
    public CallerLogHandler(AgentAuthentication agents, CallStore calls, MissedCallStore missed,
                            CallbackStore callbacks, EventPublisher events, MissSettings rules, Clock clock,
                            int maxResponseBytes) {
        this(agents, calls, missed, callbacks, ReportStore.NONE, ReportSettings.NONE, events, () -> rules, clock,
                maxResponseBytes, noAnnotations());
    }

    /** A handler that answers the queue reports from {@code reports}, with {@code settings}' zones and roles. */
    public CallerLogHandler(AgentAuthentication agents, CallStore calls, MissedCallStore missed,
                            CallbackStore callbacks, ReportStore reports, ReportSettings settings,
                            EventPublisher events, MissSettings rules, Clock clock, int maxResponseBytes) {
        this(agents, calls, missed, callbacks, reports, settings, events, () -> rules, clock, maxResponseBytes,
                noAnnotations());
    }

    /**
     * @param rules       each line's missed-call rules as they are now, asked once per request
     * @param annotations the contacts, agents' names and organization settings answers show
     */
    public CallerLogHandler(AgentAuthentication agents, CallStore calls, MissedCallStore missed,
                            CallbackStore callbacks, EventPublisher events, Supplier<MissSettings> rules, Clock clock,
                            int maxResponseBytes, Annotations.Lookup annotations) {
        this(agents, calls, missed, callbacks, ReportStore.NONE, ReportSettings.NONE, events, rules, clock,
                maxResponseBytes, annotations);
    }

    /**
     * @param reports     the queue reports, with {@code settings}' zones and roles
     * @param rules       each line's missed-call rules as they are now, asked once per request
     * @param annotations the contacts, agents' names and organization settings answers show
     */
    public CallerLogHandler(AgentAuthentication agents, CallStore calls, MissedCallStore missed,
                            CallbackStore callbacks, ReportStore reports, ReportSettings settings,
                            EventPublisher events, Supplier<MissSettings> rules, Clock clock, int maxResponseBytes,
                            Annotations.Lookup annotations) {
        this.agents = agents;
        this.annotations = annotations;
        this.calls = calls;
        this.missed = missed;
        this.rules = rules;
        this.clock = clock;
        this.maxResponseBytes = maxResponseBytes;
        this.callbacks = new CallbackRoutes(callbacks, new CallbackEvents(callbacks, events, clock), clock,
                maxResponseBytes, annotations);
        this.reports = new ReportRoutes(reports, settings,
                organization -> annotations.settings(organization).timeZone(), rules, clock, maxResponseBytes);
    }

    private static Annotations.Lookup noAnnotations() {
        return new Annotations.Lookup(null, null, () -> OrganizationSettings.defaults(Environment.of(Map.of())));
    }

    /** The routes this function serves, by API Gateway route key. */
    static final Set<String> ROUTES = Set.of("GET /api/v1/cti/log", "POST /api/v1/cti/done/bulk",
            "POST /api/v1/cti/done/{callId}", "GET /api/v1/missed-calls", "GET /api/v1/me");

    /** The public route that tells the agent page how to sign in ({@link SignInSettings}); no token needed. */
    static final String SIGN_IN_ROUTE = "GET /api/v1/sign-in";

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String route = request.routeKey() == null ? "" : request.routeKey();
        if (route.equals(SIGN_IN_ROUTE) && !request.signedIn()) {
            return Responses.json(200, signIn.view());
        }
        if (!ROUTES.contains(route) && !CallbackRoutes.ROUTES.contains(route)
                && !ReportRoutes.ROUTES.contains(route)) {
            throw HttpError.notFound("no route " + route);
        }
        Agent agent = agents.authenticate(request);
        APIGatewayV2HTTPResponse response;
        if (CallbackRoutes.ROUTES.contains(route)) {
            response = callbacks.handle(route, request, agent);
        } else if (ReportRoutes.ROUTES.contains(route)) {
            response = reports.handle(route, request, agent);
        } else {
            response = switch (route) {
                case "GET /api/v1/cti/log" -> logConditional(request, agent);
                case "POST /api/v1/cti/done/bulk" -> bulkDone(request, agent);
                case "POST /api/v1/cti/done/{callId}" -> done(request, agent);
                case "GET /api/v1/me" -> Responses.json(200, me(agent));
                default -> missedCalls(request, agent);
            };
        }
        if (route.startsWith("POST ") && response.getStatusCode() < 300) {
            audit.record(request, agent.organizationId(), agent.id(), route, target(request, response));
        }
        return response;
    }

    /** What an action acted on: its path's ids, and the done flag, the ids or the item's state it answered. */
    private static Map<String, String> target(ApiRequest request, APIGatewayV2HTTPResponse response) {
        Map<String, String> target = new LinkedHashMap<>();
        for (String name : List.of("callId", "itemId")) {
            if (request.pathParameter(name) != null) {
                target.put(name, request.pathParameter(name));
            }
        }
        try {
            Map<String, Object> answer = io.callhook.json.Json.parseObject(response.getBody());
            for (String name : List.of("done", "ids", "state")) {
                if (answer.get(name) != null) {
                    Object value = answer.get(name);
                    target.put(name, value instanceof List<?> list ? String.join(",", list.stream()
                            .map(String::valueOf).toList()) : String.valueOf(value));
                }
            }
        } catch (RuntimeException notAnObject) {
            // the path's ids say enough
        }
        return target;
    }

    /** The signed-in agent, with the organization's time zone and default phone region. */
    private Map<String, Object> me(Agent agent) {
        Map<String, Object> view = Views.agent(agent);
        OrganizationSettings.Settings settings = annotations.settings(agent.organizationId());
        view.put("timeZone", settings.timeZone().getId());
        view.put("defaultRegion", settings.defaultRegion());
        return view;
    }

    /**
     * The caller log, tagged by the organization's caller-log change marker when the store keeps one: the marker
     * (and the contacts' marker) is read first, joined with everything else the answer depends on (the request's
     * parameters but the token, the agent, the organization's settings, the page size), and a matching
     * {@code If-None-Match} is answered 304 without querying the calls. Without a marker the tag is of the answer's
     * bytes. The parameters are checked first, so a request that would be refused never gets a 304.
     */
    private APIGatewayV2HTTPResponse logConditional(ApiRequest request, Agent agent) {
        String organization = agent.organizationId();
        String marker = missed.callLogMarker(organization);
        if (marker == null) {
            return EntityTags.conditional(request, log(request, agent));
        }
        limit(request.queryParameter("limit"));
        FieldLimits.optional("queue", request.queryParameter("queue"));
        nextToken(request);
        OrganizationSettings.Settings settings = annotations.settings(organization);
        HistoryFilter.parse(request.queryParameter("view"), request.queryParameter("number"),
                request.queryParameter("since"), request.queryParameter("until"), settings.timeZone(),
                settings.defaultRegion());
        List<String> parts = new ArrayList<>(List.of("log", marker, annotations.changeMarker(organization),
                organization, settings.timeZone().getId(), settings.defaultRegion(), agent.id(),
                String.valueOf(agent.role()), String.valueOf(agent.login()), String.valueOf(agent.email()),
                String.valueOf(new java.util.TreeSet<>(agent.phones())), Integer.toString(maxResponseBytes)));
        for (String name : List.of("limit", "queue", "view", "number", "since", "until", "nextToken")) {
            parts.add(name + "=" + request.queryParameter(name));
        }
        return EntityTags.conditional(request, String.join("\n", parts), () -> log(request, agent));
    }

    private APIGatewayV2HTTPResponse log(ApiRequest request, Agent agent) {
        int limit = limit(request.queryParameter("limit"));
        String queue = FieldLimits.optional("queue", request.queryParameter("queue"));
        MissSettings lineRules = rules.get();
        String token = nextToken(request);
        OrganizationSettings.Settings settings = annotations.settings(agent.organizationId());
        HistoryFilter filter = HistoryFilter.parse(request.queryParameter("view"), request.queryParameter("number"),
                request.queryParameter("since"), request.queryParameter("until"), settings.timeZone(),
                settings.defaultRegion());
        java.util.function.Predicate<io.callhook.call.CallRecord> test = filter.test(agent, lineRules,
                settings.defaultRegion());
        java.util.function.ToIntFunction<io.callhook.call.CallRecord> size =
                call -> JsonSizes.of(Views.callLogEntry(call, lineRules));
        AnnotatedViews.Fitted page = AnnotatedViews.fitted(limit, maxResponseBytes,
                n -> filter.none() ? calls.recent(agent.organizationId(), queue, n, maxResponseBytes, size, token)
                        : calls.history(agent.organizationId(), queue, filter.from(), filter.to(), test,
                                MAX_EXAMINED, n, maxResponseBytes, size, token),
                records -> AnnotatedViews.log(annotations, agent.organizationId(), records, lineRules));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.entries());
        body.put("count", page.entries().size());
        body.put("nextToken", page.nextToken());
        return Responses.json(200, body);
    }

    private APIGatewayV2HTTPResponse done(ApiRequest request, Agent agent) {
        String callId = FieldLimits.callId("callId", request.pathParameter("callId"));
        Object done = doneBody(request).get("done");
        if (!(done instanceof Boolean flag)) {
            throw HttpError.unprocessable("field done is required: true or false");
        }
        mark(agent, List.of(callId), flag);
        Log.info("done set", "agent", agent.id(), "callId", callId, "done", flag);
        return Responses.json(200, Map.of("callId", callId, "done", flag));
    }

    private APIGatewayV2HTTPResponse bulkDone(ApiRequest request, Agent agent) {
        Object ids = doneBody(request).get("ids");
        if (!(ids instanceof List<?> list) || list.isEmpty() || list.size() > MAX_BULK
                || !list.stream().allMatch(id -> id instanceof String s && !s.isBlank())) {
            throw HttpError.unprocessable("field ids is required: 1 to " + MAX_BULK + " call ids");
        }
        List<String> callIds = list.stream().map(String.class::cast)
                .map(id -> FieldLimits.callId("ids", id)).distinct().toList();
        mark(agent, callIds, true);
        Log.info("done set in bulk", "agent", agent.id(), "calls", callIds.size());
        return Responses.json(200, Map.of("ids", callIds, "done", true));
    }

    /**
     * The body of a done request: a JSON object, or a form as Zammad's clients send it ({@code done=true|false},
     * {@code ids[]=...} or {@code ids=...} repeated), read into the same shape; 415 for any other content type.
     */
    static Map<String, Object> doneBody(ApiRequest request) {
        String mediaType = RequestBodies.mediaType(request);
        if (!mediaType.equals(FORM)) {
            if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
                throw HttpError.unsupportedMediaType("send application/json or " + FORM);
            }
            return JsonBody.object(request);
        }
        Fields fields = RequestBodies.parse(request);
        Map<String, Object> body = new HashMap<>();
        String done = fields.first("done");
        if (done != null) {
            body.put("done", done.equals("true") || done.equals("false") ? Boolean.valueOf(done) : done);
        }
        if (!fields.all("ids").isEmpty()) {
            body.put("ids", fields.all("ids"));
        }
        return body;
    }

    /**
     * Sets the done flags, then raises the caller log's change marker (the agent's next poll shows the flags
     * without waiting for the stream function, which raises it again).
     */
    private void mark(Agent agent, List<String> callIds, boolean done) {
        calls.markDone(agent.organizationId(), callIds, done);
        missed.raiseCallLogMarker(agent.organizationId());
    }

    private APIGatewayV2HTTPResponse missedCalls(ApiRequest request, Agent agent) {
        String line = FieldLimits.optional("line", request.queryParameter("line"));
        ZoneId zone = annotations.settings(agent.organizationId()).timeZone();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate since = day("since", request.queryParameter("since"), today);
        LocalDate until = day("until", request.queryParameter("until"), today);
        if (until.isBefore(since)) {
            throw HttpError.unprocessable("until must not be before since");
        }
        if (ChronoUnit.DAYS.between(since, until) + 1 > MAX_RANGE_DAYS) {
            throw HttpError.unprocessable("since and until may be at most " + MAX_RANGE_DAYS + " days apart");
        }
        int limit = limit(request.queryParameter("limit"));
        String token = nextToken(request);
        // the marker first: the answer read after it is at least as new as the tag it gets
        String marker = String.join("\n", missed.changeMarker(agent.organizationId()),
                annotations.changeMarker(agent.organizationId()),
                annotations.settings(agent.organizationId()).defaultRegion(), agent.organizationId(),
                String.valueOf(line), since.toString(), until.toString(), zone.getId(), Integer.toString(limit),
                String.valueOf(token), Integer.toString(maxResponseBytes));
        return EntityTags.conditional(request, marker,
                () -> missedCalls(agent, line, since, until, zone, limit, token));
    }

    private APIGatewayV2HTTPResponse missedCalls(Agent agent, String line, LocalDate since, LocalDate until,
                                                 ZoneId zone, int limit, String token) {
        Instant from = since.atStartOfDay(zone).toInstant();
        Instant to = until.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("line", line);
        body.put("since", since.toString());
        body.put("until", until.toString());
        // entries before counts: a retraction removes an entry and uncounts it together, so counts read after the
        // entries never show a call the entries no longer list; the first page keeps a quarter for the counts
        int budget = token == null ? maxResponseBytes - maxResponseBytes / 4 : maxResponseBytes;
        AnnotatedViews.Fitted page = AnnotatedViews.fitted(limit, budget,
                n -> missed.entries(agent.organizationId(), line, from, to, n, budget,
                        entry -> JsonSizes.of(Views.missedCall(entry)), token),
                items -> AnnotatedViews.missed(annotations, agent.organizationId(), items));
        List<Map<String, Object>> entries = page.entries();
        if (token == null) {
            // the counts come with the first page only, within what the entries left of the budget
            MissedCallStore.Counts counts = missed.counts(agent.organizationId(), line, since, until, zone,
                    MAX_COUNTS, MAX_COUNTED_ENTRIES);
            List<Map<String, Object>> views = new ArrayList<>(counts.counts().stream().map(count -> {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("line", count.line());
                view.put("day", count.day().toString());
                view.put("count", count.count());
                view.put("reasons", count.reasons());
                return view;
            }).toList());
            boolean complete = counts.complete();
            long left = maxResponseBytes - (long) JsonSizes.of(entries);
            int fits = 0;
            for (long used = 0; fits < views.size(); fits++) {
                used += JsonSizes.of(views.get(fits));
                if (used > left) {
                    break;
                }
            }
            if (fits < views.size()) {
                views.subList(fits, views.size()).clear();
                complete = false;
            }
            body.put("counts", views);
            body.put("countsComplete", complete);
        } else {
            body.put("counts", null);
            body.put("countsComplete", null);
        }
        body.put("entries", entries);
        body.put("nextToken", page.nextToken());
        return Responses.json(200, body);
    }

    /** The {@code nextToken} query parameter, {@code null} for the first page. */
    static String nextToken(ApiRequest request) {
        String token = request.queryParameter("nextToken");
        if (token != null && token.length() > MAX_TOKEN_LENGTH) {
            throw HttpError.unprocessable("nextToken is not valid for this list; start again without it");
        }
        return token;
    }

    static int limit(String value) {
        return limit(value, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** A list's {@code limit} parameter: {@code byDefault} when absent, else a whole number from 1 to {@code max}. */
    static int limit(String value, int byDefault, int max) {
        if (value == null) {
            return byDefault;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw HttpError.unprocessable("limit must be a whole number from 1 to " + max);
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
        throw HttpError.unprocessable(name + " must be a day as YYYY-MM-DD, from 1970 to 9999");
    }
}
