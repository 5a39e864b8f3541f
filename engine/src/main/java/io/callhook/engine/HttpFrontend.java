package io.callhook.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.request.Requests;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * DynamoDB's wire protocol over HTTP: {@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<Operation>} or
 * {@code DynamoDBStreams_20120810.<Operation>} and a JSON 1.0 body. Any credentials and any region are accepted
 * (signatures are not checked). Also serves the engine's admin endpoints under {@code /_engine/}.
 */
final class HttpFrontend implements AutoCloseable {

    static {
        // The JDK server otherwise leaves Nagle's algorithm on: every small answer waits for a delayed ACK (~40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // A client that stops sending in the middle of a request holds a thread; drop it after a minute.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "60");
        }
    }

    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final String JSON_TYPE = "application/x-amz-json-1.0";
    /** The operations of the DynamoDB Streams service; every other operation belongs to DynamoDB's. */
    private static final Set<String> STREAM_OPERATIONS = Set.of("ListStreams", "DescribeStream", "GetShardIterator",
            "GetRecords");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Database database;
    private final ObjectMapper json;
    private final String region;

    HttpFrontend(Database database, ObjectMapper json, String host, int port, String region) throws IOException {
        // Without TCP_NODELAY every small answer waits for the client's delayed ACK: about 40 ms a request.
        // The JDK's server reads this property once, when its first server starts in the JVM.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.database = database;
        this.json = json;
        this.region = region;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
        // Not a fixed pool: the JDK server reads requests on these threads, so a few clients that stall mid-request
        // would otherwise take every thread and hang the engine for everyone.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "engine-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/_engine/")) {
                admin(exchange, path.substring("/_engine/".length()));
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                byte[] body = ("healthy: dynamodb." + region + ".amazonaws.com ").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            ObjectNode response;
            int status = 200;
            try {
                String operation = operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                JsonNode request = parse(exchange.getRequestBody());
                response = database.handle(operation, request);
            } catch (DynamoException e) {
                status = e.status();
                response = e.body();
            } catch (RuntimeException | StackOverflowError e) {
                System.err.println("engine: unexpected failure: " + e);
                e.printStackTrace();
                DynamoException internal = DynamoException.internal("Internal server error");
                status = internal.status();
                response = internal.body();
            }
            send(exchange, status, json.writeValueAsBytes(response));
        }
    }

    private static String operation(String target) {
        if (target == null) {
            throw DynamoException.unknownOperation("(no X-Amz-Target header)");
        }
        int dot = target.indexOf('.');
        String service = dot < 0 ? "" : target.substring(0, dot);
        if (!service.equals("DynamoDB_20120810") && !service.equals("DynamoDBStreams_20120810")) {
            throw DynamoException.unknownOperation(target);
        }
        String operation = target.substring(dot + 1);
        if (STREAM_OPERATIONS.contains(operation) != service.equals("DynamoDBStreams_20120810")) {
            throw DynamoException.unknownOperation(target);
        }
        return operation;
    }

    private JsonNode parse(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw DynamoException.validation("Request body exceeds the maximum size of " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw DynamoException.serialization("Request body is empty; expected a JSON object");
            }
            if (!node.isObject()) {
                throw DynamoException.serialization("Request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw DynamoException.serialization("Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /**
     * {@code GET /_engine/faults} lists the fault rules, {@code POST} adds one, {@code DELETE} removes all;
     * {@code POST /_engine/partitions} sets per-partition limits ({@code {"scaleDown": 20}} or
     * {@code {"writeUnitsPerSecond": 50, "readUnitsPerSecond": 150}}), {@code GET} lists the hottest partitions,
     * {@code DELETE} turns limits off; {@code POST /_engine/ttl-sweep} deletes expired items now.
     */
    private void admin(HttpExchange exchange, String what) throws IOException {
        String method = exchange.getRequestMethod();
        ObjectNode response = Requests.object();
        int status = 200;
        try {
            if (what.equals("faults") && method.equals("GET")) {
                ArrayNode rules = response.putArray("faults");
                database.faults().rules().forEach(rule -> rules.add(describe(rule)));
            } else if (what.equals("faults") && method.equals("POST")) {
                Faults.Rule rule = FaultRules.parse(parse(exchange.getRequestBody()));
                database.faults().add(rule);
                response = describe(rule);
                status = 201;
            } else if (what.equals("faults") && method.equals("DELETE")) {
                database.faults().clear();
            } else if (what.equals("partitions") && method.equals("GET")) {
                PartitionThroughput throughput = database.throughput();
                response.put("writeUnitsPerSecond", throughput.writeLimit());
                response.put("readUnitsPerSecond", throughput.readLimit());
                ArrayNode peaks = response.putArray("hottest");
                for (PartitionThroughput.Peak peak : throughput.peaks(50)) {
                    peaks.addObject().put("table", peak.table()).put("index", peak.index())
                            .put("partitionKey", peak.partitionKey()).put("peakWriteUnits", peak.writeUnits())
                            .put("peakReadUnits", peak.readUnits()).put("throttled", peak.throttled());
                }
            } else if (what.equals("partitions") && method.equals("POST")) {
                JsonNode limits = parse(exchange.getRequestBody());
                JsonNode scale = limits.get("scaleDown");
                if (scale != null && scale.isNumber() && scale.doubleValue() > 0) {
                    database.throughput().limitScaledDown(scale.doubleValue());
                } else {
                    database.throughput().limit(limits.path("writeUnitsPerSecond").asDouble(0),
                            limits.path("readUnitsPerSecond").asDouble(0));
                }
                database.throughput().reset();
                response.put("writeUnitsPerSecond", database.throughput().writeLimit());
                response.put("readUnitsPerSecond", database.throughput().readLimit());
            } else if (what.equals("partitions") && method.equals("DELETE")) {
                database.throughput().off();
                database.throughput().reset();
            } else if (what.equals("ttl-sweep") && method.equals("POST")) {
                response.put("deleted", database.sweepExpiredItems());
            } else {
                status = 404;
                response.put("error", "no such admin endpoint: " + method + " /_engine/" + what);
            }
        } catch (DynamoException e) {
            status = 400;
            response = Requests.object().put("error", e.getMessage());
        }
        send(exchange, status, json.writeValueAsBytes(response));
    }

    private static ObjectNode describe(Faults.Rule rule) {
        ObjectNode node = Requests.object();
        node.put("operation", rule.operation());
        node.put("table", rule.table());
        node.put("kind", rule.kind().name());
        node.put("delayMillis", rule.delayMillis());
        node.put("remaining", rule.remaining());
        node.put("probability", rule.probability());
        node.put("fired", rule.fired());
        return node;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
