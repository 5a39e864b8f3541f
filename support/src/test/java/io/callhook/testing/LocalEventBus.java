package io.callhook.testing;

import com.sun.net.httpserver.HttpServer;
import io.callhook.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * An HTTP endpoint on loopback that answers EventBridge's {@code PutEvents} (AWS JSON 1.1) and keeps what it was
 * sent, so tests can drive the real SDK client over real HTTP. It can be told to fail, to refuse every entry, or
 * to refuse some entries of a request ({@code FailedEntryCount} > 0), as EventBridge can.
 */
public final class LocalEventBus implements AutoCloseable {

    /** One published entry as EventBridge received it. */
    public record Entry(String source, String detailType, Map<String, Object> detail, String bus) {
    }

    private final HttpServer server;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private final AtomicReference<Predicate<Entry>> refused = new AtomicReference<>(e -> false);

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
            } else {
                status = 200;
                answer = putEvents(body);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /**
     * PutEvents as EventBridge answers it: one result per entry, in order, an {@code EventId} for each kept entry
     * and an {@code ErrorCode} for each refused one, and {@code FailedEntryCount}.
     */
    private String putEvents(String body) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sent = (List<Map<String, Object>>) Json.parseObject(body).get("Entries");
        List<Map<String, Object>> results = new ArrayList<>();
        int failed = 0;
        for (Map<String, Object> sentEntry : sent) {
            Entry entry = new Entry(String.valueOf(sentEntry.get("Source")),
                    String.valueOf(sentEntry.get("DetailType")),
                    Json.parseObject(String.valueOf(sentEntry.get("Detail"))),
                    String.valueOf(sentEntry.get("EventBusName")));
            if (refusing.get() || refused.get().test(entry)) {
                failed++;
                results.add(Map.of("ErrorCode", "InternalFailure", "ErrorMessage", "refused by the test"));
            } else {
                entries.add(entry);
                results.add(Map.of("EventId", UUID.randomUUID().toString()));
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("FailedEntryCount", failed);
        answer.put("Entries", results);
        return Json.write(answer);
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

    /**
     * From now on, refuse the entries {@code rule} matches (answered with an {@code ErrorCode}, not recorded) and
     * keep the others of the same request, as EventBridge's partial failures do. {@code e -> false} ends it.
     */
    public void refuseEntries(Predicate<Entry> rule) {
        refused.set(rule);
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
