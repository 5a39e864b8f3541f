package io.callhook.bench;

import com.sun.net.httpserver.HttpServer;
import io.callhook.engine.Engine;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Serves targets for a load generator such as wrk: the engine on 127.0.0.1:8700 with a table {@code bench}
 * (partition key {@code pk}), and the baseline on 127.0.0.1:8701, a JDK HTTP server that answers every request
 * with {@code {}} (the floor: HTTP and the JDK server alone). Runs until killed.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests exec:java -Dexec.mainClass=io.callhook.bench.EngineServers &amp;
 * wrk -t2 -c16 -d10s -s benchmarks/wrk/put.lua http://127.0.0.1:8700/
 * wrk -t2 -c16 -d10s -s benchmarks/wrk/put.lua http://127.0.0.1:8701/
 * </pre>
 */
public final class EngineServers {

    private EngineServers() {
    }

    public static void main(String[] args) throws Exception {
        Engine engine = Engine.builder().port(8700).ttlSweepInterval(Duration.ZERO).start();
        try (DynamoDbClient client = EngineBenchmarks.client(engine.endpoint())) {
            client.createTable(b -> b.tableName("bench").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        }
        HttpServer floor = EngineBenchmarks.floorServer(8701);
        System.out.println("engine on " + engine.endpoint() + ", floor on http://127.0.0.1:"
                + floor.getAddress().getPort());
        Thread.currentThread().join();
    }
}
