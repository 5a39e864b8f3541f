package io.callhook.testing;

import io.callhook.aws.HttpTransport;
import io.callhook.aws.UrlConnectionTransport;
import io.callhook.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test's HTTP transport that asks the engine for its unit accounting on every {@code Query} and {@code GetItem}
 * ({@code ReturnConsumedCapacity: TOTAL}) and records, per request, the partition it read (the {@code :p} value),
 * its {@code Limit}, the items it returned and the read units the engine charged; other requests pass unchanged.
 */
public final class ReadUnits implements HttpTransport {

    /** One read: its operation, partition ({@code :p}, or {@code null}), limit, items returned and units. */
    public record Read(String operation, String partition, Integer limit, int count, double units) {
    }

    private final HttpTransport http = UrlConnectionTransport.standard();
    private final List<Read> reads = new CopyOnWriteArrayList<>();
    private final Runnable beforeQuery;

    public ReadUnits() {
        this(() -> { });
    }

    /** Runs {@code beforeQuery} before sending each {@code Query} (a barrier, say). */
    public ReadUnits(Runnable beforeQuery) {
        this.beforeQuery = beforeQuery;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        String target = headers.getOrDefault("X-Amz-Target", "");
        String operation = target.substring(target.indexOf('.') + 1);
        if (!operation.equals("Query") && !operation.equals("GetItem")) {
            return http.post(uri, headers, body);
        }
        if (operation.equals("Query")) {
            beforeQuery.run();
        }
        Map<String, Object> request = new LinkedHashMap<>(Json.parseObject(new String(body, StandardCharsets.UTF_8)));
        request.put("ReturnConsumedCapacity", "TOTAL");
        Response response = http.post(uri, headers, Json.write(request).getBytes(StandardCharsets.UTF_8));
        if (response.status() == 200) {
            Map<String, Object> answer = Json.parseObject(new String(response.body(), StandardCharsets.UTF_8));
            Map<String, Object> values = (Map<String, Object>) request.get("ExpressionAttributeValues");
            Object p = values == null ? null : values.get(":p");
            String partition = p instanceof Map<?, ?> value ? String.valueOf(value.get("S")) : null;
            Object limit = request.get("Limit");
            Object count = answer.get("Count");
            Map<String, Object> consumed = (Map<String, Object>) answer.get("ConsumedCapacity");
            reads.add(new Read(operation, partition, limit == null ? null : ((Number) limit).intValue(),
                    count == null ? (answer.containsKey("Item") ? 1 : 0) : ((Number) count).intValue(),
                    consumed == null ? 0 : ((Number) consumed.get("CapacityUnits")).doubleValue()));
        }
        return response;
    }

    public List<Read> reads() {
        return List.copyOf(reads);
    }

    public double units() {
        return reads.stream().mapToDouble(Read::units).sum();
    }

    public void reset() {
        reads.clear();
    }
}
