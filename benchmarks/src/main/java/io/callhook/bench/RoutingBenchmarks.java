package io.callhook.bench;

import io.callhook.auth.TokenHashes;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.cti.CtiWebhookHandler;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoRoutingStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.LocalDynamo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What Zammad-style call routing costs the CTI webhook, each figure beside a baseline measured in the same run: the
 * same jar and handler without a routing table (no read). Cold start: fresh JVMs, paired and alternating, one
 * newCall each. Warm: newCall latency with the rules cached (the deployed setting), with no cache (one GetItem per
 * newCall, the worst case), and without routing; hangup latency with and without routing (it never reads them).
 *
 * <p>Run after {@code mvn -B package -DskipTests}:
 * {@code mvn -B -q -pl benchmarks exec:java -Dexec.mainClass=io.callhook.bench.RoutingBenchmarks}.
 */
public final class RoutingBenchmarks {

    static final int COLD_RUNS = 11;
    static final int WARMUP = 200;
    static final int MEASURED = 800;

    private RoutingBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path root = SamTemplate.find().getParent();
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        String tokenHash = "bench:" + TokenHashes.hashOf("bench-token");
        DynamoRoutingStore routing = new DynamoRoutingStore(local.client(), tables.get("RoutingTable"));
        for (int i = 0; i < 50; i++) {
            routing.block("bench", "4989" + (1000 + i), "benchmark entry " + i);
        }
        routing.block("bench", "4990*", "premium-rate numbers");
        routing.setCallerId("bench", "4930", "+4930555100");
        routing.setDefaultCallerId("bench", "+4930555999");

        System.out.println("# call routing benchmarks, " + Instant.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        coldStart(root, local.endpoint(), tables, tokenHash);
        warm(local, tables, tokenHash);
        System.exit(0);
    }

    static void coldStart(Path root, String endpoint, Map<String, String> tables, String tokenHash)
            throws Exception {
        Path jar = root.resolve("functions/cti-webhook/target/cti-webhook-lambda.jar");
        if (!Files.isRegularFile(jar)) {
            System.out.println("cold start: skipped, " + jar + " is missing; run mvn -B package -DskipTests first");
            return;
        }
        Path probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<String, List<Long>> routed = figures();
        Map<String, List<Long>> plain = figures();
        List<Long> ratios = new ArrayList<>();
        for (int run = 0; run < COLD_RUNS; run++) {
            for (int turn = 0; turn < 2; turn++) {
                boolean routedTurn = (run + turn) % 2 == 0;
                List<String> command = new ArrayList<>(List.of(java, "-XX:+TieredCompilation",
                        "-XX:TieredStopAtLevel=1", "-cp", jar + File.pathSeparator + probeClasses,
                        ColdStartProbe.class.getName(), endpoint, tables.get("CallsTable"), tokenHash,
                        (routedTurn ? "routed-" : "plain-") + run));
                if (routedTurn) {
                    command.add(tables.get("RoutingTable"));
                }
                Benchmarks.probe(new ProcessBuilder(command), routedTurn ? routed : plain);
            }
            int last = routed.get("wall").size() - 1;
            ratios.add(Math.round(100.0 * routed.get("wall").get(last) / plain.get("wall").get(last)));
        }
        System.out.println();
        System.out.println("## Cold start, newCall with routing (GetItem + UpdateItem) vs without (UpdateItem), "
                + COLD_RUNS + " paired runs");
        System.out.println("| figure | routing median | routing min | routing max | baseline median | baseline min |"
                + " baseline max |");
        System.out.println("|---|---|---|---|---|---|---|");
        Benchmarks.pairRow("process start to first response, ms", routed.get("wall"), plain.get("wall"));
        Benchmarks.pairRow("JVM uptime at first response, ms", routed.get("uptime"), plain.get("uptime"));
        Benchmarks.pairRow("classes loaded at first response", routed.get("classes"), plain.get("classes"));
        Benchmarks.pairRow("process CPU time at first response, ms", routed.get("cpu"), plain.get("cpu"));
        System.out.println();
        System.out.println("routing / baseline wall time per pair, percent: " + ratios + ", median "
                + ratios.stream().sorted().toList().get(ratios.size() / 2) + " %");
    }

    private static Map<String, List<Long>> figures() {
        return Map.of("wall", new ArrayList<>(), "uptime", new ArrayList<>(), "classes", new ArrayList<>(),
                "cpu", new ArrayList<>());
    }

    static void warm(LocalDynamo local, Map<String, String> tables, String tokenHash) {
        Map<String, String> cached = Map.of("WEBHOOK_TOKEN_HASHES", tokenHash);
        Map<String, String> uncached = Map.of("WEBHOOK_TOKEN_HASHES", tokenHash, "ROUTING_CACHE_SECONDS", "0");
        Environment env = local.functionEnvironment("CtiWebhookFunction", tables, cached);
        CtiWebhookHandler[] handlers = {
            new CtiWebhookHandler(env),
            new CtiWebhookHandler(local.functionEnvironment("CtiWebhookFunction", tables, uncached)),
            new CtiWebhookHandler(TokenHashes.parse(tokenHash),
                    DynamoCallStore.fromEnvironment(AwsClients.dynamoDb(env), env)),
        };
        String[] names = {"routing, rules cached (30 s)", "routing, no cache (GetItem per newCall)",
            "baseline: no routing table"};
        long[][] newCalls = new long[handlers.length][MEASURED];
        long[][] hangups = new long[handlers.length][MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            // interleaved, so every variant sees the same machine state
            for (int h = 0; h < handlers.length; h++) {
                String callId = "warm-" + h + "-" + i;
                long t = System.nanoTime();
                Benchmarks.send(handlers[h], callId, "newCall");
                long newCall = System.nanoTime() - t;
                t = System.nanoTime();
                Benchmarks.send(handlers[h], callId, "hangup");
                long hangup = System.nanoTime() - t;
                if (i >= WARMUP) {
                    newCalls[h][i - WARMUP] = newCall;
                    hangups[h][i - WARMUP] = hangup;
                }
            }
        }
        System.out.println();
        System.out.println("## Warm, " + MEASURED + " calls (newCall then hangup) per variant after " + WARMUP
                + " warm-up, interleaved, one thread, into the DynamoDB engine over HTTP");
        System.out.println("| variant | newCall median, ms | newCall p99, ms | newCall median / baseline | "
                + "hangup median, ms | hangup median / baseline |");
        System.out.println("|---|---|---|---|---|---|");
        double baseNewCall = median(newCalls[2]);
        double baseHangup = median(hangups[2]);
        for (int h = 0; h < handlers.length; h++) {
            System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", names[h], median(newCalls[h]),
                    percentile(newCalls[h], 0.99), median(newCalls[h]) / baseNewCall, median(hangups[h]),
                    median(hangups[h]) / baseHangup);
        }
    }

    static double median(long[] nanos) {
        return percentile(nanos, 0.5);
    }

    static double percentile(long[] nanos, double share) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) (sorted.length * share)] / 1e6;
    }
}
