package io.callhook.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callhook.config.AwsClients;
import io.callhook.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * EventBridge's {@code PutEvents} on a loopback port, for tests: it speaks the AWS JSON 1.1 protocol the SDK
 * sends ({@code X-Amz-Target: AWSEvents.PutEvents}), records every entry and accepts them all, unless told to
 * refuse them. Point a client at it with {@link #clientEnvironment()}.
 */
public final class LocalEventBridge implements AutoCloseable {

    private final HttpServer server;
    private final List<Map<String, Object>> entries = new CopyOnWriteArrayList<>();
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private volatile boolean refuse;

    private LocalEventBridge(HttpServer server) {
        this.server = server;
    }

    public static LocalEventBridge start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LocalEventBridge bridge = new LocalEventBridge(server);
            server.createContext("/", bridge::handle);
            server.start();
            return bridge;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The variables that point {@link AwsClients#eventBridge} here. */
    public Map<String, String> clientEnvironment() {
        return Map.of(AwsClients.EVENTBRIDGE_ENDPOINT, endpoint(), AwsClients.REGION, "us-east-1");
    }

    /** Every entry received so far, as the SDK sent it ({@code Source}, {@code DetailType}, {@code Detail}, ...). */
    public List<Map<String, Object>> entries() {
        return List.copyOf(entries);
    }

    /** The {@code X-Amz-Target} of every request received. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    /** From now on, answer every entry as failed ({@code FailedEntryCount} > 0), recording nothing. */
    public void refuseEntries(boolean value) {
        refuse = value;
    }

    public void clear() {
        entries.clear();
        targets.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            targets.add(String.valueOf(target));
            if (!"AWSEvents.PutEvents".equals(target)) {
                reply(exchange, 400, "{\"__type\":\"UnknownOperationException\"}");
                return;
            }
            Map<String, Object> body = Json.parseObject(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            List<?> received = body.get("Entries") instanceof List<?> list ? list : List.of();
            List<String> results = new ArrayList<>();
            for (Object entry : received) {
                if (refuse) {
                    results.add("{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"refused by the test\"}");
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) entry;
                    entries.add(map);
                    results.add("{\"EventId\":\"" + entries.size() + "\"}");
                }
            }
            reply(exchange, 200, "{\"FailedEntryCount\":" + (refuse ? received.size() : 0) + ",\"Entries\":["
                    + String.join(",", results) + "]}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
