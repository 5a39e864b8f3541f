package io.callhook.bench;

import com.sun.net.httpserver.HttpServer;
import io.callhook.engine.Engine;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Prints the engine's figures: start time in-process, single-item requests per second from the AWS SDK over HTTP
 * (one thread and eight), a Query of 1,000 items, and heap per 100,000 small items. The baseline, measured in the
 * same run with the same SDK client, is a loopback HTTP server that answers every request with {@code {}}: the cost
 * of the SDK, HTTP and JSON alone. Nothing passes or fails.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests exec:java
 * -Dexec.mainClass=io.callhook.bench.EngineBenchmarks}.
 */
public final class EngineBenchmarks {

    static final int REQUESTS = 20_000;
    static final int WARMUP = 3_000;

    private EngineBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("# engine benchmarks, " + Instant.now());
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
        startTimes();
        HttpServer floor = floorServer();
        try (Engine engine = Engine.builder().ttlSweepInterval(Duration.ZERO).start()) {
            DynamoDbClient client = client(engine.endpoint());
            DynamoDbClient floorClient = client("http://127.0.0.1:" + floor.getAddress().getPort());
            createTable(client, "bench");
            System.out.println();
            System.out.println("| request | threads | engine req/s | baseline req/s | engine / baseline |");
            System.out.println("|---|---|---|---|---|");
            for (int threads : new int[] {1, 8}) {
                compare("PutItem", threads, i -> client.putItem(b -> b.tableName("bench").item(item(i))),
                        i -> floorClient.putItem(b -> b.tableName("bench").item(item(i))));
                compare("UpdateItem", threads, i -> client.updateItem(b -> b.tableName("bench")
                                .key(Map.of("pk", s("k" + (i % 1000)), "sk", s("s")))
                                .updateExpression("SET n = if_not_exists(n, :zero) + :one")
                                .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1)))),
                        i -> floorClient.updateItem(b -> b.tableName("bench")
                                .key(Map.of("pk", s("k" + (i % 1000)), "sk", s("s")))
                                .updateExpression("SET n = if_not_exists(n, :zero) + :one")
                                .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1)))));
                compare("GetItem", threads, i -> client.getItem(b -> b.tableName("bench")
                                .key(Map.of("pk", s("k" + (i % 1000)), "sk", s("s")))),
                        i -> floorClient.getItem(b -> b.tableName("bench")
                                .key(Map.of("pk", s("k" + (i % 1000)), "sk", s("s")))));
            }
            query(client);
            memory(engine);
        } finally {
            floor.stop(0);
        }
        System.exit(0);
    }

    static void startTimes() {
        long first = System.nanoTime();
        Engine.start().close();
        double firstMs = (System.nanoTime() - first) / 1e6;
        double[] later = new double[20];
        for (int i = 0; i < later.length; i++) {
            long start = System.nanoTime();
            Engine.start().close();
            later[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(later);
        System.out.printf("engine start in-process: first in this JVM %.1f ms, then median %.2f ms (20 starts)%n",
                firstMs, later[later.length / 2]);
    }

    static void compare(String name, int threads, IntConsumer engine, IntConsumer baseline) throws Exception {
        double engineRate = rate(threads, engine);
        double baselineRate = rate(threads, baseline);
        System.out.printf("| %s | %d | %,.0f | %,.0f | %.2f |%n", name, threads, engineRate, baselineRate,
                engineRate / baselineRate);
    }

    static double rate(int threads, IntConsumer request) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            request.accept(i);
        }
        AtomicLong next = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        var pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                long i;
                while ((i = next.getAndIncrement()) < REQUESTS) {
                    request.accept((int) i);
                }
                done.countDown();
            });
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return REQUESTS / seconds;
    }

    static void query(DynamoDbClient client) {
        createTable(client, "bench-query");
        for (int i = 0; i < 1000; i++) {
            int n = i;
            client.putItem(b -> b.tableName("bench-query").item(Map.of("pk", s("p"), "sk", s(String.format("%05d", n)),
                    "payload", s("x".repeat(100)))));
        }
        List<Double> times = new ArrayList<>();
        for (int run = 0; run < 50; run++) {
            long start = System.nanoTime();
            int count = client.query(b -> b.tableName("bench-query").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("p")))).count();
            times.add((System.nanoTime() - start) / 1e6);
            if (count != 1000) {
                throw new IllegalStateException("query returned " + count);
            }
        }
        times.sort(null);
        System.out.printf("%nQuery of 1,000 items (about 130 bytes each), one page: median %.2f ms, p90 %.2f ms "
                + "(50 runs after 0 warm-up)%n", times.get(25), times.get(45));
    }

    static void memory(Engine engine) throws Exception {
        DynamoDbClient client = client(engine.endpoint());
        createTable(client, "bench-memory");
        Runtime runtime = Runtime.getRuntime();
        long before = usedAfterGc(runtime);
        for (int batch = 0; batch < 4000; batch++) {
            List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int n = batch * 25 + i;
                writes.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                        .putRequest(p -> p.item(Map.of("pk", s("call-" + n), "sk", s("s"), "state", s("hangup"),
                                "startedAt", n(1_700_000_000_000L + n)))).build());
            }
            client.batchWriteItem(b -> b.requestItems(Map.of("bench-memory", writes)));
        }
        long after = usedAfterGc(runtime);
        System.out.printf("%nheap for 100,000 small items (4 attributes, about 50 bytes of data each): %.1f MiB, "
                + "%.0f bytes per item%n", (after - before) / 1048576.0, (after - before) / 100_000.0);
    }

    static long usedAfterGc(Runtime runtime) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static HttpServer floorServer() throws Exception {
        return floorServer(0);
    }

    /** A JDK HTTP server with the engine's settings (TCP_NODELAY) that answers every request with {@code {}}. */
    static HttpServer floorServer(int port) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static void createTable(DynamoDbClient client, String name) {
        client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    }

    static Map<String, AttributeValue> item(int i) {
        return Map.of("pk", s("k" + (i % 1000)), "sk", s("s"), "state", s("ringing"), "n", n(i));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
