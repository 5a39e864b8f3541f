package io.callhook.local;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * EventBridge's {@code PutEvents} (AWS JSON 1.1: {@code X-Amz-Target: AWSEvents.PutEvents}) for the functions'
 * SDK clients: every accepted entry is logged on one line and kept, the last {@value #KEPT} of them, as the event
 * EventBridge would deliver to a rule's target (plus the bus name).
 */
final class LocalEventBus {

    static final String TARGET_PREFIX = "AWSEvents.";
    static final int KEPT = 1000;
    private static final int MAX_ENTRIES = 10;

    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();
    private final PrintStream log;

    LocalEventBus(PrintStream log) {
        this.log = log;
    }

    /** The answer to one AWS JSON 1.1 request with this {@code X-Amz-Target}. */
    ApiGatewayResponses.HttpReply handle(String target, String body) {
        if (!target.equals(TARGET_PREFIX + "PutEvents")) {
            return error(400, "UnknownOperationException", "the local stack answers only AWSEvents.PutEvents");
        }
        Map<String, Object> request;
        try {
            request = LocalJson.parseObject(body);
        } catch (IllegalArgumentException e) {
            return error(400, "SerializationException", "the request body is not a JSON object");
        }
        List<?> entries = LocalJson.list(request.get("Entries"));
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            return error(400, "ValidationException", "Entries must hold 1 to " + MAX_ENTRIES + " entries");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int failed = 0;
        for (Object entry : entries) {
            Map<String, Object> result = put(LocalJson.object(entry));
            if (result.containsKey("ErrorCode")) {
                failed++;
            }
            results.add(result);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("FailedEntryCount", failed);
        response.put("Entries", results);
        return new ApiGatewayResponses.HttpReply(200, List.of(Map.entry("content-type", "application/x-amz-json-1.1"),
                Map.entry("x-amzn-requestid", UUID.randomUUID().toString())),
                LocalJson.write(response).getBytes(StandardCharsets.UTF_8));
    }

    /** The kept events, oldest first. */
    synchronized List<Map<String, Object>> recent() {
        return List.copyOf(recent);
    }

    private Map<String, Object> put(Map<String, Object> entry) {
        Object source = entry.get("Source");
        Object detailType = entry.get("DetailType");
        Object detailText = entry.get("Detail");
        if (!(source instanceof String s) || s.isBlank() || !(detailType instanceof String dt) || dt.isBlank()) {
            return Map.of("ErrorCode", "InvalidArgument",
                    "ErrorMessage", "Parameters Source and DetailType are required.");
        }
        if (!(detailText instanceof String text)) {
            return Map.of("ErrorCode", "InvalidArgument", "ErrorMessage", "Parameter Detail is not valid.");
        }
        Map<String, Object> detail;
        try {
            detail = LocalJson.parseObject(text);
        } catch (IllegalArgumentException e) {
            return Map.of("ErrorCode", "MalformedDetail", "ErrorMessage", "Detail is malformed.");
        }
        String id = UUID.randomUUID().toString();
        String bus = entry.get("EventBusName") instanceof String name && !name.isBlank() ? name : "default";
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", id);
        event.put("detail-type", dt);
        event.put("source", s);
        event.put("account", ApiGatewayEvents.ACCOUNT_ID);
        event.put("time", time(entry.get("Time")).toString());
        event.put("region", LocalStack.REGION);
        event.put("resources", entry.get("Resources") instanceof List<?> resources ? resources : List.of());
        event.put("detail", detail);
        event.put("eventBusName", bus);
        synchronized (this) {
            recent.addLast(event);
            while (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
        log.println("[events] " + bus + " source=" + s + " detail-type=" + dt + " detail=" + LocalJson.write(detail));
        return Map.of("EventId", id);
    }

    /** The entry's {@code Time} (epoch seconds, as the SDK sends it), else now; whole seconds like EventBridge. */
    private static Instant time(Object time) {
        if (time instanceof Number seconds) {
            return Instant.ofEpochSecond(new BigDecimal(seconds.toString()).longValue());
        }
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static ApiGatewayResponses.HttpReply error(int status, String type, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", type);
        body.put("message", message);
        return new ApiGatewayResponses.HttpReply(status,
                List.of(Map.entry("content-type", "application/x-amz-json-1.1")),
                LocalJson.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
