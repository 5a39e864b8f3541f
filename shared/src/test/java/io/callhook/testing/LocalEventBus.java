package io.callhook.testing;

import com.sun.net.httpserver.HttpServer;
import io.callhook.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP endpoint on loopback that answers EventBridge's {@code PutEvents} (AWS JSON 1.1) and keeps what it was
 * sent, so tests can drive the real publisher over real HTTP. It can be told to refuse, as a failing bus would.
 */
public final class LocalEventBus implements AutoCloseable {

    /** One published entry as EventBridge received it. */
    public record Entry(String source, String detailType, Map<String, Object> detail, String bus) {
    }

    private final HttpServer server;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean refusing = new AtomicBoolean();

    public LocalEventBus() {
        // Without TCP_NODELAY the JDK server's split header/body writes meet the client's delayed ACK: ~40 ms each.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            int status;
            String answer;
            if (failing.get()) {
                status = 500;
                answer = "{\"__type\":\"InternalException\",\"message\":\"bus is failing\"}";
            } else if (!"AWSEvents.PutEvents".equals(target)
                    || exchange.getRequestHeaders().getFirst("Authorization") == null) {
                status = 400;
                answer = "{\"__type\":\"UnknownOperationException\"}";
            } else if (refusing.get()) {
                status = 200;
                answer = "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"InternalFailure\","
                        + "\"ErrorMessage\":\"refused by the test\"}]}";
            } else {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> sent = (List<Map<String, Object>>) Json.parseObject(body).get("Entries");
                for (Map<String, Object> entry : sent) {
                    entries.add(new Entry(String.valueOf(entry.get("Source")), String.valueOf(entry.get("DetailType")),
                            Json.parseObject(String.valueOf(entry.get("Detail"))),
                            String.valueOf(entry.get("EventBusName"))));
                }
                status = 200;
                answer = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"" + entries.size() + "\"}]}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public List<Entry> entries(String detailType) {
        return entries.stream().filter(e -> e.detailType().equals(detailType)).toList();
    }

    public void clear() {
        entries.clear();
    }

    /** From now on, answer with an HTTP error, as a failing service would. */
    public void failing(boolean value) {
        failing.set(value);
    }

    /** From now on, accept requests but refuse their entries ({@code FailedEntryCount} > 0), recording nothing. */
    public void refusing(boolean value) {
        refusing.set(value);
    }

    /** The variables that point {@link io.callhook.events.EventBridgePublisher} here. */
    public Map<String, String> clientEnvironment() {
        return Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", endpoint(), "AWS_REGION", "us-east-1");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
