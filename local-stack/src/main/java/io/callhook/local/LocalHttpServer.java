package io.callhook.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack's HTTP port on 127.0.0.1, standing in for API Gateway and EventBridge: a request carrying
 * {@code X-Amz-Target: AWSEvents.*} goes to the {@link LocalEventBus}, {@code GET /_local/events} lists what it
 * kept, {@code POST /_local/schedules/<function>} runs a scheduled function at once ({@code GET /_local/schedules}
 * lists them), {@code GET /_local/failures} lists what the stream event source mappings sent to their on-failure
 * destination (the failure queue's messages), {@code POST /2015-03-31/functions/<name>/invocations} invokes a
 * function as Lambda's Invoke API does (name, {@code name:qualifier} or ARN), and everything else is matched
 * against the HTTP API's routes and handed to the route's function as a payload 2.0 event (after the route's JWT
 * authorizer, if it has one, accepted its token: {@link LocalJwtAuthorizer}). Each request is
 * logged on one line with its route key (never the raw path, which may carry a token), status and duration.
 */
final class LocalHttpServer implements AutoCloseable {

    static final String EVENTS_PATH = "/_local/events";
    static final String SCHEDULES_PATH = "/_local/schedules";
    static final String FAILURES_PATH = "/_local/failures";
    /** Lambda's Invoke API: {@code POST /2015-03-31/functions/{FunctionName}/invocations}. */
    private static final Pattern INVOKE_PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    /** API Gateway's payload limit. */
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final LocalEventBus bus;
    private final PrintStream log;
    private volatile Routes routes = new Routes(List.of());
    private volatile Map<String, LocalFunction> functions = Map.of();
    private volatile AgentPage page;
    private volatile LocalSchedules schedules;
    private volatile Supplier<List<Map<String, Object>>> failures = List::of;
    private volatile Map<String, LocalJwtAuthorizer> authorizers = Map.of();

    /** Binds the port (0: a free one); requests are served after {@link #start}. */
    LocalHttpServer(int port, LocalEventBus bus, PrintStream log) {
        this.bus = bus;
        this.log = log;
        // Without TCP_NODELAY the JDK server's split header/body writes meet the client's delayed ACK: ~40 ms each.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port
                    + " (is the port in use? choose another with --port)", e);
        }
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "local-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    void route(Routes routes, Map<String, LocalFunction> functions) {
        this.routes = routes;
        this.functions = Map.copyOf(functions);
    }

    /** The JWT authorizers, by the name the routes give ({@code Auth: Authorizer:}). */
    void authorize(Map<String, LocalJwtAuthorizer> byName) {
        this.authorizers = Map.copyOf(byName);
    }

    /** Serves the agent page's files for paths no API route takes. */
    void servePage(AgentPage page) {
        this.page = page;
    }

    /** Serves {@value #SCHEDULES_PATH}. */
    void serveSchedules(LocalSchedules schedules) {
        this.schedules = schedules;
    }

    /** Serves {@value #FAILURES_PATH}: the on-failure messages {@code failures} gives. */
    void serveFailures(Supplier<List<Map<String, Object>>> failures) {
        this.failures = failures;
    }

    void start() {
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        Instant receivedAt = Instant.now();
        String method = exchange.getRequestMethod();
        String label = method + " (no route)";
        String requestId = null;
        ApiGatewayResponses.HttpReply reply;
        try {
            byte[] body = readBody(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String rawPath = exchange.getRequestURI().getRawPath();
            if (body == null) {
                reply = ApiGatewayResponses.message(413, "Request Entity Too Large");
            } else if (target != null && target.startsWith(LocalEventBus.TARGET_PREFIX)) {
                label = method + " / (" + target + ")";
                reply = bus.handle(target, new String(body, StandardCharsets.UTF_8));
            } else if (rawPath.equals(EVENTS_PATH)) {
                label = method + " " + EVENTS_PATH;
                reply = method.equals("GET") ? ApiGatewayResponses.jsonWithNulls(200, Map.of("events", bus.recent()))
                        : ApiGatewayResponses.message(405, "Method Not Allowed");
            } else if (rawPath.equals(SCHEDULES_PATH) || rawPath.startsWith(SCHEDULES_PATH + "/")) {
                label = method + " " + SCHEDULES_PATH;
                reply = schedule(method, rawPath.substring(SCHEDULES_PATH.length()),
                        exchange.getRequestURI().getQuery());
            } else if (rawPath.equals(FAILURES_PATH)) {
                label = method + " " + FAILURES_PATH;
                reply = method.equals("GET") ? ApiGatewayResponses.json(200, Map.of("messages", failures.get()))
                        : ApiGatewayResponses.message(405, "Method Not Allowed");
            } else if (method.equals("POST") && INVOKE_PATH.matcher(rawPath).matches()) {
                Matcher invoke = INVOKE_PATH.matcher(rawPath);
                invoke.matches();
                String name = functionName(URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8));
                label = "POST (Lambda Invoke " + name + ")";
                reply = invokeFunction(name, new String(body, StandardCharsets.UTF_8));
            } else {
                Routes.Match match = routes.match(method, rawPath).orElse(null);
                AgentPage agentPage = page;
                ApiGatewayResponses.HttpReply file = match != null || agentPage == null ? null
                        : agentPage.serve(method, rawPath).orElse(null);
                if (file != null) {
                    label = method + " (agent page)";
                    reply = file;
                } else if (match == null) {
                    reply = ApiGatewayResponses.message(404, "Not Found");
                } else {
                    label = match.route().routeKey();
                    requestId = UUID.randomUUID().toString();
                    reply = invoke(match, exchange, body, requestId, receivedAt);
                }
            }
        } catch (RuntimeException | IOException e) {
            e.printStackTrace(System.err);
            reply = ApiGatewayResponses.message(500, "Internal Server Error");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        // Logged before the reply goes out, so whoever reads the reply can also read its log line.
        log.println("[http] " + label + " -> " + reply.status() + " (" + millis + " ms)");
        send(exchange, reply, requestId);
    }

    private ApiGatewayResponses.HttpReply invoke(Routes.Match match, HttpExchange exchange, byte[] body,
                                                 String requestId, Instant receivedAt) {
        LocalFunction function = functions.get(match.route().functionId());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        Map<String, Object> jwt = null;
        String authorizerName = match.route().authorizer();
        if (authorizerName != null) {
            LocalJwtAuthorizer authorizer = authorizers.get(authorizerName);
            if (authorizer == null) {
                log.println("[http] no authorizer " + authorizerName + " for " + match.route().routeKey());
                return ApiGatewayResponses.message(500, "Internal Server Error");
            }
            LocalJwtAuthorizer.Outcome outcome = authorizer.check(exchange.getRequestHeaders()
                    .getFirst("Authorization"));
            if (!outcome.allowed()) {
                log.println("[http] " + authorizerName + " refused " + match.route().routeKey() + ": "
                        + outcome.refusal());
                return LocalJwtAuthorizer.unauthorized(outcome.refusal());
            }
            jwt = outcome.jwt();
        }
        ApiGatewayEvents.IncomingRequest request = new ApiGatewayEvents.IncomingRequest(
                exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body,
                exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol(), port());
        String event = LocalJson.write(ApiGatewayEvents.toEvent(request, match, requestId, receivedAt, jwt));
        try {
            return ApiGatewayResponses.fromFunctionResponse(function.invoke(event));
        } catch (LocalFunction.FunctionError e) {
            log.println("[" + function.logicalId() + "] function error: " + e.summary());
            e.getCause().printStackTrace(System.err);
            return ApiGatewayResponses.message(500, "Internal Server Error");
        } catch (IllegalArgumentException e) {
            log.println("[" + function.logicalId() + "] malformed response: " + e.getMessage());
            return ApiGatewayResponses.message(500, "Internal Server Error");
        }
    }

    /** The function of an Invoke request's name: {@code Name}, {@code Name:qualifier} or a function ARN. */
    static String functionName(String given) {
        String[] parts = given.split(":");
        return given.startsWith("arn:") && parts.length >= 7 ? parts[6] : parts[0];
    }

    /**
     * Lambda's Invoke (RequestResponse): 200 with the function's response; an unhandled error is 200 with
     * {@code X-Amz-Function-Error: Unhandled} and the error document; an unknown function 404.
     */
    private ApiGatewayResponses.HttpReply invokeFunction(String name, String payload) {
        LocalFunction function = functions.get(name);
        if (function == null) {
            return ApiGatewayResponses.json(404, Map.of("Type", "User", "message", "Function not found: " + name));
        }
        try {
            return new ApiGatewayResponses.HttpReply(200, List.of(Map.entry("content-type", "application/json")),
                    function.invoke(payload).getBytes(StandardCharsets.UTF_8));
        } catch (LocalFunction.FunctionError e) {
            log.println("[" + name + "] function error: " + e.summary());
            return new ApiGatewayResponses.HttpReply(200, List.of(Map.entry("content-type", "application/json"),
                    Map.entry("X-Amz-Function-Error", "Unhandled")),
                    LocalJson.write(InvokeCommand.errorResponse(e.getCause())).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code GET /_local/schedules}: the scheduled functions; {@code POST /_local/schedules/<function>[?time=ISO]}:
     * runs one now, with its Scheduled Event's {@code time} set to {@code time} (default: now).
     */
    private ApiGatewayResponses.HttpReply schedule(String method, String rest, String query) {
        LocalSchedules scheduled = schedules;
        if (scheduled == null) {
            return ApiGatewayResponses.message(404, "Not Found");
        }
        if (rest.isEmpty()) {
            return method.equals("GET") ? ApiGatewayResponses.json(200, Map.of("schedules", scheduled.expressions()))
                    : ApiGatewayResponses.message(405, "Method Not Allowed");
        }
        String functionId = rest.substring(1);
        if (!scheduled.has(functionId)) {
            return ApiGatewayResponses.json(404, Map.of("error", "no scheduled function " + functionId));
        }
        if (!method.equals("POST")) {
            return ApiGatewayResponses.message(405, "Method Not Allowed");
        }
        Instant time;
        try {
            time = query != null && query.startsWith("time=") ? Instant.parse(query.substring(5)) : Instant.now();
        } catch (DateTimeParseException e) {
            return ApiGatewayResponses.json(400, Map.of("error", "time must be an ISO-8601 instant"));
        }
        try {
            return ApiGatewayResponses.json(200, Map.of("function", functionId,
                    "response", LocalJson.parse(scheduled.runNow(functionId, time))));
        } catch (LocalFunction.FunctionError e) {
            log.println("[" + functionId + "] function error: " + e.summary());
            return ApiGatewayResponses.json(500, Map.of("error", e.summary()));
        }
    }

    /** The body, or null when it is larger than API Gateway accepts. */
    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (out.size() > MAX_BODY_BYTES) {
                    in.transferTo(OutputStream.nullOutputStream());
                    return null;
                }
            }
            return out.toByteArray();
        }
    }

    private static void send(HttpExchange exchange, ApiGatewayResponses.HttpReply reply, String requestId) {
        try (exchange) {
            reply.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
            if (requestId != null) {
                exchange.getResponseHeaders().set("apigw-requestid", requestId);
            }
            boolean noBody = reply.body().length == 0 || exchange.getRequestMethod().equals("HEAD")
                    || reply.status() == 204 || reply.status() == 304;
            exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (IOException e) {
            // the client went away; nothing left to answer
        }
    }
}
