package io.callhook.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.callhook.auth.TokenHashes;
import io.callhook.aws.AwsTrust;
import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Environment;
import io.callhook.cti.CtiWebhookHandler;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.events.EventBridgePublisher;
import io.callhook.missed.MissedCallsHandler;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.LocalEventBus;
import io.callhook.testing.RequestCounter;
import io.callhook.testing.StreamRecords;
import io.callhook.testing.TlsFront;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints callhook's figures: CTI cold start in fresh JVMs paired with a typical SDK v2 handler, over HTTP and over
 * TLS (a {@link TlsFront} before the engine; over TLS four variants in each run: the CTI function trusting the AWS
 * roots plus the front's authority, as deployed, or the JVM's default context with a copy of the JDK's trust store
 * plus the front, as before; the typical handler with that copy, as the SDK trusts by default, or with the AWS
 * roots and the front), the CTI function's first request after SnapStart priming ({@link PrimedProbe}, with the
 * thread CPU of one new TLS connection in the warm JVM), warm latency and throughput through the handler, a
 * 100-record stream batch through the missed-calls function, and the size of every function jar. Everything runs
 * against the DynamoDB engine on this machine; nothing passes or fails.
 *
 * <p>Arguments: none (everything), {@code cold} (the cold starts and first requests only) or {@code primed} (first
 * requests only). System properties: {@code callhook.bench.pairs} (paired cold runs, default {@value #COLD_RUNS})
 * and {@code callhook.bench.jvm} (extra flags for both handlers' JVMs, to measure a choice), or
 * {@code callhook.bench.compare} (flags to compare within one run: the cold start over TLS then runs both handlers
 * with and without them, alternating).
 */
public final class Benchmarks {

    static final int COLD_RUNS = 11;
    static final int WARMUP = 300;
    static final int MEASURED = 3000;
    static final int STREAM_BATCH = 100;
    static final int STREAM_RUNS = 5;

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path root = SamTemplate.find().getParent();
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        String callsTable = tables.get("CallsTable");
        String tokenHash = "bench:" + TokenHashes.hashOf("bench-token");
        String only = args.length > 0 ? args[0] : "all";

        System.out.println("# callhook benchmarks, " + Instant.now());
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap");
        System.out.println("probe JVM flags: " + jvmFlags(List.of()));
        String typicalTable = typicalTable(local);
        boolean cold = !only.equals("primed");
        if (cold) {
            coldStart("HTTP", root, local.endpoint(), callsTable, typicalTable, tokenHash, List.of());
        }
        try (TlsFront front = TlsFront.start(local.endpoint())) {
            Path target = root.resolve("benchmarks/target");
            List<String> jdkStore = List.of("-Djavax.net.ssl.trustStore="
                    + front.trustStore(target.resolve("bench-cacerts")));
            List<String> awsRootsStore = List.of("-Djavax.net.ssl.trustStore="
                    + front.awsRootsTrustStore(target.resolve("bench-aws-roots.jks")));
            Map<String, String> awsRoots = Map.of(AwsTrust.SETTING, "aws-roots", AwsTrust.EXTRA_CERTS,
                    front.authorityPem(target.resolve("bench-front.pem")).toString());
            Map<String, String> jdk = Map.of(AwsTrust.SETTING, "jdk");
            String compared = System.getProperty("callhook.bench.compare", "").trim();
            if (cold && compared.isEmpty()) {
                coldStartOverTls(root, front.endpoint(), callsTable, typicalTable, tokenHash, List.of(
                        new Variant("CTI, AWS roots", true, List.of(), awsRoots),
                        new Variant("CTI, JDK trust store", true, jdkStore, jdk),
                        new Variant("typical, JDK trust store", false, jdkStore, Map.of()),
                        new Variant("typical, AWS roots", false, awsRootsStore, Map.of())),
                        new int[][] {{0, 2}, {0, 3}, {1, 2}});
            } else if (cold) {
                List<String> flags = Arrays.asList(compared.split("\\s+"));
                List<String> jdkStoreAndFlags = new ArrayList<>(jdkStore);
                jdkStoreAndFlags.addAll(flags);
                coldStartOverTls(root, front.endpoint(), callsTable, typicalTable, tokenHash, List.of(
                        new Variant("CTI, AWS roots", true, List.of(), awsRoots),
                        new Variant("CTI, AWS roots, " + compared, true, flags, awsRoots),
                        new Variant("typical, JDK trust store", false, jdkStore, Map.of()),
                        new Variant("typical, JDK trust store, " + compared, false, jdkStoreAndFlags, Map.of())),
                        new int[][] {{0, 2}, {1, 3}});
            }
            firstAfterPriming("TLS, AWS roots", root, front.endpoint(), callsTable, tokenHash, List.of(), awsRoots,
                    null);
            firstAfterPriming("TLS, JDK trust store", root, front.endpoint(), callsTable, tokenHash, jdkStore, jdk,
                    null);
            firstAfterPriming("TLS, JDK trust store", root, front.endpoint(), callsTable, tokenHash, jdkStore,
                    Map.of(), typicalTable);
        }
        firstAfterPriming("HTTP", root, local.endpoint(), callsTable, tokenHash, List.of());
        if (only.equals("all")) {
            warm(local, tables, tokenHash);
            streamBatch(local, tables);
            jars(root);
        }
        System.exit(0);
    }

    /**
     * The probe JVMs' flags: {@code JAVA_TOOL_OPTIONS} as the template sets it on Lambda, then the system property
     * {@code callhook.bench.jvm} (space-separated flags to try a choice, the same for both handlers), then
     * {@code extra}.
     */
    static List<String> jvmFlags(List<String> extra) {
        List<String> flags = new ArrayList<>(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        String chosen = System.getProperty("callhook.bench.jvm", "").trim();
        if (!chosen.isEmpty()) {
            flags.addAll(Arrays.asList(chosen.split("\\s+")));
        }
        flags.addAll(extra);
        return flags;
    }

    static int pairs() {
        return Integer.getInteger("callhook.bench.pairs", COLD_RUNS);
    }

    /** The typical handler's own table: keyed by {@code callId}, as its bean says (callhook's calls table has pk). */
    static String typicalTable(LocalDynamo local) {
        String table = "typical-calls-" + System.nanoTime();
        try (var sdk = local.sdkClient()) {
            sdk.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                    .keySchema(k -> k.attributeName("callId").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("callId").attributeType("S")));
        }
        return table;
    }

    static void coldStart(String transport, Path root, String endpoint, String table, String typicalTable,
                          String tokenHash, List<String> extraFlags) throws Exception {
        Path jar = root.resolve("functions/cti-webhook/target/cti-webhook-lambda.jar");
        Path typicalJar = root.resolve("benchmarks/target/typical-handler.jar");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(typicalJar)) {
            System.out.println("cold start: skipped, " + jar + " or " + typicalJar + " is missing; run mvn -B "
                    + "package -DskipTests first");
            return;
        }
        Path probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Map<String, List<Long>> cti = figures();
        Map<String, List<Long>> typical = figures();
        List<Long> ratios = new ArrayList<>();
        List<Long> cpuRatios = new ArrayList<>();
        int runs = pairs();
        // Paired runs, alternating which goes first, so both see the same machine state.
        for (int run = 0; run < runs; run++) {
            for (int turn = 0; turn < 2; turn++) {
                boolean ctiTurn = (run + turn) % 2 == 0;
                List<String> command = new ArrayList<>(List.of(javaCommand));
                command.addAll(jvmFlags(extraFlags));
                if (ctiTurn) {
                    command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + probeClasses,
                            ColdStartProbe.class.getName(), endpoint, table, tokenHash,
                            "cold-" + transport + "-" + run));
                } else {
                    command.addAll(List.of("-cp", typicalJar.toString(), "io.callhook.bench.typical.TypicalProbe",
                            "typical-" + transport + "-" + run));
                }
                ProcessBuilder process = new ProcessBuilder(command);
                if (!ctiTurn) {
                    process.environment().putAll(Map.of("AWS_ENDPOINT_URL_DYNAMODB", endpoint,
                            "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                            "CALLS_TABLE", typicalTable));
                }
                probe(process, ctiTurn ? cti : typical);
            }
            int last = cti.get("wall").size() - 1;
            ratios.add(Math.round(100.0 * cti.get("wall").get(last) / typical.get("wall").get(last)));
            cpuRatios.add(Math.round(100.0 * cti.get("cpu").get(last) / typical.get("cpu").get(last)));
        }
        System.out.println();
        System.out.println("## Cold start over " + transport + ", CTI function vs a typical SDK v2 handler "
                + "(fresh JVMs, " + runs + " paired runs, " + String.join(" ", jvmFlags(extraFlags))
                + ", one newCall to the DynamoDB engine)");
        System.out.println("| figure | CTI median | CTI min | CTI max | typical median | typical min | typical max |");
        System.out.println("|---|---|---|---|---|---|---|");
        pairRow("process start to first response, ms", cti.get("wall"), typical.get("wall"));
        pairRow("JVM uptime at first response, ms", cti.get("uptime"), typical.get("uptime"));
        pairRow("process CPU time at first response, ms", cti.get("cpu"), typical.get("cpu"));
        pairRow("classes loaded at first response", cti.get("classes"), typical.get("classes"));
        System.out.println();
        System.out.println("CTI / typical process CPU per pair, percent: " + cpuRatios + ", median "
                + median(cpuRatios) + " %");
        System.out.println("CTI / typical wall time per pair, percent: " + ratios + ", median " + median(ratios)
                + " %");
        System.out.printf("jar: CTI %.1f MiB, typical %.1f MiB%n", Files.size(jar) / (1024.0 * 1024.0),
                Files.size(typicalJar) / (1024.0 * 1024.0));
    }

    /**
     * One handler, jar and trust choice in the cold start over TLS.
     *
     * @param name the column's name
     * @param cti the CTI function (else the typical handler)
     * @param flags JVM flags of this variant (the trust store)
     * @param env environment variables of this variant (callhook's trust settings)
     */
    record Variant(String name, boolean cti, List<String> flags, Map<String, String> env) {
    }

    /**
     * The cold start over TLS: fresh JVMs of each variant in turn, run by run, rotating which goes first, so all see
     * the same machine state; then each variant's figures and the same-run ratios of process CPU, run by run, for
     * each of {@code pairs} (indexes of two variants).
     */
    static void coldStartOverTls(Path root, String endpoint, String table, String typicalTable, String tokenHash,
                                 List<Variant> variants, int[][] pairs) throws Exception {
        Path jar = root.resolve("functions/cti-webhook/target/cti-webhook-lambda.jar");
        Path typicalJar = root.resolve("benchmarks/target/typical-handler.jar");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(typicalJar)) {
            System.out.println("cold start: skipped, a jar is missing; run mvn -B package -DskipTests first");
            return;
        }
        Path probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<Map<String, List<Long>>> figures = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Map<String, List<Long>> f = figures();
            f.put("mainCpu", new ArrayList<>());
            figures.add(f);
        }
        int runs = pairs();
        for (int run = 0; run < runs; run++) {
            for (int turn = 0; turn < variants.size(); turn++) {
                int index = (run + turn) % variants.size();
                Variant variant = variants.get(index);
                List<String> command = new ArrayList<>(List.of(javaCommand));
                command.addAll(jvmFlags(variant.flags()));
                ProcessBuilder process;
                if (variant.cti()) {
                    command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + probeClasses,
                            ColdStartProbe.class.getName(), endpoint, table, tokenHash,
                            "cold-tls-" + index + "-" + run));
                    variant.env().forEach((name, value) -> command.add(name + "=" + value));
                    process = new ProcessBuilder(command);
                } else {
                    command.addAll(List.of("-cp", typicalJar.toString(), "io.callhook.bench.typical.TypicalProbe",
                            "typical-tls-" + index + "-" + run));
                    process = new ProcessBuilder(command);
                    process.environment().putAll(Map.of("AWS_ENDPOINT_URL_DYNAMODB", endpoint,
                            "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                            "CALLS_TABLE", typicalTable));
                }
                Map<String, List<Long>> f = figures.get(index);
                probe(process, f);
            }
        }
        System.out.println();
        System.out.println("## Cold start over TLS, " + runs + " runs of " + variants.size() + " fresh JVMs each ("
                + String.join(" ", jvmFlags(List.of())) + ", one newCall to the DynamoDB engine behind a loopback "
                + "TLS front)");
        StringBuilder head = new StringBuilder("| figure (median, min-max) |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Variant variant : variants) {
            head.append(' ').append(variant.name()).append(" |");
            rule.append("---|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (String[] row : new String[][] {{"cpu", "process CPU at first response, ms"},
                {"mainCpu", "main thread's CPU, ms"}, {"classes", "classes loaded at first response"},
                {"wall", "process start to first response, ms"}}) {
            StringBuilder line = new StringBuilder("| " + row[1] + " |");
            for (Map<String, List<Long>> f : figures) {
                List<Long> sorted = f.get(row[0]).stream().sorted().toList();
                line.append(' ').append(sorted.get(sorted.size() / 2)).append(" (").append(sorted.get(0)).append('-')
                        .append(sorted.get(sorted.size() - 1)).append(") |");
            }
            System.out.println(line);
        }
        System.out.println();
        for (int[] pair : pairs) {
            List<Long> ratios = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                ratios.add(Math.round(100.0 * figures.get(pair[0]).get("cpu").get(run)
                        / figures.get(pair[1]).get("cpu").get(run)));
            }
            System.out.println(variants.get(pair[0]).name() + " / " + variants.get(pair[1]).name()
                    + ", process CPU per run, percent: " + ratios + ", median " + median(ratios) + " %");
        }
    }

    /**
     * First request after priming: fresh JVMs on the CTI jar run the SnapStart priming, then one real newCall, then
     * warm events ({@link PrimedProbe}).
     */
    static void firstAfterPriming(String transport, Path root, String endpoint, String table, String tokenHash,
                                  List<String> extraFlags) throws Exception {
        firstAfterPriming(transport, root, endpoint, table, tokenHash, extraFlags, Map.of(), null);
    }

    /**
     * The same for the typical handler when {@code typicalTable} is given ({@code TypicalPrimedProbe}: its
     * snapshot would hold its constructor's work; it has no priming).
     */
    static void firstAfterPriming(String transport, Path root, String endpoint, String table, String tokenHash,
                                  List<String> extraFlags, Map<String, String> env, String typicalTable)
            throws Exception {
        boolean typical = typicalTable != null;
        Path jar = root.resolve(typical ? "benchmarks/target/typical-handler.jar"
                : "functions/cti-webhook/target/cti-webhook-lambda.jar");
        if (!Files.isRegularFile(jar)) {
            return;
        }
        Path probeClasses = Path.of(PrimedProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, List<Long>> figures = new TreeMap<>();
        List<Long> ratios = new ArrayList<>();
        List<Long> cpuRatios = new ArrayList<>();
        List<Long> floorRatios = new ArrayList<>();
        int runs = Math.max(3, pairs() * 2 / 3);
        for (int run = 0; run < runs; run++) {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
            command.addAll(jvmFlags(extraFlags));
            ProcessBuilder builder;
            if (typical) {
                command.addAll(List.of("-cp", jar.toString(), "io.callhook.bench.typical.TypicalPrimedProbe",
                        "typical-primed-" + transport.replaceAll("\\W", "") + "-" + run));
                builder = new ProcessBuilder(command);
                builder.environment().putAll(Map.of("AWS_ENDPOINT_URL_DYNAMODB", endpoint, "AWS_REGION", "us-east-1",
                        "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "CALLS_TABLE", typicalTable));
            } else {
                command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + probeClasses,
                        PrimedProbe.class.getName(), endpoint, table, tokenHash,
                        "primed-" + transport.replaceAll("\\W", "") + "-" + run));
                env.forEach((name, value) -> command.add(name + "=" + value));
                builder = new ProcessBuilder(command);
            }
            Map<String, String> parsed = run(builder);
            for (String key : List.of("primeMs", "firstUs", "firstCpuUs", "firstClasses", "warmMedianUs",
                    "warmCpuMedianUs", "newConnectionCpuUs")) {
                figures.computeIfAbsent(key, k -> new ArrayList<>()).add(Long.parseLong(parsed.getOrDefault(key,
                        "0")));
            }
            ratios.add(Math.round(100.0 * Long.parseLong(parsed.get("firstUs"))
                    / Long.parseLong(parsed.get("warmMedianUs"))));
            cpuRatios.add(Math.round(100.0 * Long.parseLong(parsed.get("firstCpuUs"))
                    / Math.max(1, Long.parseLong(parsed.get("warmCpuMedianUs")))));
            floorRatios.add(Math.round(100.0 * (Long.parseLong(parsed.get("warmCpuMedianUs"))
                    + Long.parseLong(parsed.getOrDefault("newConnectionCpuUs", "0")))
                    / Math.max(1, Long.parseLong(parsed.get("warmCpuMedianUs")))));
        }
        System.out.println();
        System.out.println("## " + (typical ? "Typical handler's first request after its constructor"
                : "CTI first request after priming") + ", over " + transport + " (" + runs + " fresh JVMs: "
                + (typical ? "the constructor" : "priming") + ", then one real newCall, then " + PrimedProbe.WARM
                + " warm events)");
        System.out.println("| figure | median | min | max |");
        System.out.println("|---|---|---|---|");
        row(typical ? "constructor, ms" : "priming, ms", figures.get("primeMs"));
        row("first request after priming, microseconds", figures.get("firstUs"));
        row("first request's thread CPU, microseconds", figures.get("firstCpuUs"));
        row("classes the first request loaded", figures.get("firstClasses"));
        row("warm median (last " + PrimedProbe.WARM / 2 + " events), microseconds", figures.get("warmMedianUs"));
        row("warm median thread CPU, microseconds", figures.get("warmCpuMedianUs"));
        if (!typical && transport.startsWith("TLS")) {
            row("a new TLS connection in the warm JVM, thread CPU (median of " + PrimedProbe.CONNECTIONS
                    + "), microseconds", figures.get("newConnectionCpuUs"));
        }
        System.out.println();
        System.out.println("first request / warm median per JVM, latency, percent: " + ratios + ", median "
                + median(ratios) + " %");
        System.out.println("first request / warm median per JVM, thread CPU, percent: " + cpuRatios + ", median "
                + median(cpuRatios) + " %");
        if (!typical && transport.startsWith("TLS")) {
            System.out.println("floor: (warm median + a new TLS connection) / warm median per JVM, thread CPU, "
                    + "percent: " + floorRatios + ", median " + median(floorRatios) + " %");
        }
    }

    static Map<String, List<Long>> figures() {
        Map<String, List<Long>> figures = new TreeMap<>();
        for (String name : List.of("wall", "uptime", "classes", "cpu")) {
            figures.put(name, new ArrayList<>());
        }
        return figures;
    }

    static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** Runs one probe JVM and adds its figures (wall time measured here; uptime and classes as it printed). */
    static void probe(ProcessBuilder builder, Map<String, List<Long>> figures) throws Exception {
        long started = System.nanoTime();
        Map<String, String> parsed = run(builder);
        long wall = Long.parseLong(parsed.get("wallMs")) - started / 1_000_000;
        figures.get("wall").add(wall);
        figures.get("uptime").add(Long.parseLong(parsed.get("uptimeMs")));
        figures.get("classes").add(Long.parseLong(parsed.get("classes")));
        if (figures.containsKey("cpu") && parsed.containsKey("cpuMs")) {
            figures.get("cpu").add(Long.parseLong(parsed.get("cpuMs")));
        }
        if (figures.containsKey("mainCpu") && parsed.containsKey("mainCpuMs")) {
            figures.get("mainCpu").add(Long.parseLong(parsed.get("mainCpuMs")));
        }
    }

    /**
     * Runs one probe JVM to its end and returns the figures of its {@code PROBE} line, plus {@code wallMs}: this
     * JVM's {@code System.nanoTime()} in milliseconds when the line arrived.
     */
    static Map<String, String> run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        String probe = null;
        long arrived = 0;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PROBE ")) {
                    probe = line;
                    arrived = System.nanoTime() / 1_000_000;
                }
                output.append(line).append('\n');
            }
        }
        process.waitFor();
        if (probe == null || !probe.contains("status=200")) {
            throw new IllegalStateException("probe failed: " + probe + "\n" + output);
        }
        Map<String, String> parsed = Arrays.stream(probe.substring(6).split(" "))
                .map(kv -> kv.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        parsed.put("wallMs", Long.toString(arrived));
        return parsed;
    }

    static void pairRow(String name, List<Long> cti, List<Long> typical) {
        List<Long> a = cti.stream().sorted().toList();
        List<Long> b = typical.stream().sorted().toList();
        System.out.println("| " + name + " | " + a.get(a.size() / 2) + " | " + a.get(0) + " | " + a.get(a.size() - 1)
                + " | " + b.get(b.size() / 2) + " | " + b.get(0) + " | " + b.get(b.size() - 1) + " |");
    }

    static void warm(LocalDynamo local, Map<String, String> tables, String tokenHash) {
        Environment env = local.functionEnvironment("CtiWebhookFunction", tables,
                Map.of("WEBHOOK_TOKEN_HASHES", tokenHash));
        CtiWebhookHandler handler = new CtiWebhookHandler(env);
        String[] events = {"newCall", "answer", "hangup"};
        for (int i = 0; i < WARMUP; i++) {
            send(handler, "warmup-" + i / 3, events[i % 3]);
        }
        long[] nanos = new long[MEASURED];
        long started = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            long t = System.nanoTime();
            send(handler, "warm-" + i / 3, events[i % 3]);
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        System.out.println();
        System.out.println("## CTI webhook warm (" + MEASURED + " events after " + WARMUP
                + " warm-up, one thread, through the handler into the DynamoDB engine over HTTP)");
        System.out.println("| figure | value |");
        System.out.println("|---|---|");
        System.out.printf("| median latency, ms | %.2f |%n", nanos[MEASURED / 2] / 1e6);
        System.out.printf("| p99 latency, ms | %.2f |%n", nanos[(int) (MEASURED * 0.99)] / 1e6);
        System.out.printf("| events/s | %.0f |%n", MEASURED / seconds);
    }

    static void send(CtiWebhookHandler handler, String callId, String event) {
        APIGatewayV2HTTPEvent request = new APIGatewayV2HTTPEvent();
        request.setHeaders(Map.of("content-type", "application/json"));
        request.setPathParameters(Map.of("token", "bench-token"));
        request.setBody("{\"event\":\"" + event + "\",\"from\":\"493023125741\",\"to\":\"492214710334\","
                + "\"direction\":\"in\",\"callId\":\"" + callId + "\",\"user\":\"Emma Taylor\",\"cause\":\"cancel\"}");
        int status = handler.handleRequest(request, null).getStatusCode();
        if (status != 200) {
            throw new IllegalStateException("webhook answered " + status);
        }
    }

    static void streamBatch(LocalDynamo local, Map<String, String> tables) {
        RequestCounter counter = new RequestCounter();
        DynamoDbJsonClient dynamo = local.client(counter);
        DynamoDbJsonClient plain = local.client();
        String callsTable = tables.get("CallsTable");
        DynamoCallStore calls = new DynamoCallStore(plain, callsTable, Duration.ofDays(365));
        try (LocalEventBus bus = new LocalEventBus()) {
            MissedCallsHandler handler = new MissedCallsHandler(
                    new DynamoMissedCallStore(dynamo, tables.get("MissedCallsTable")),
                    new DynamoCallbackStore(dynamo, tables.get("CallbacksTable"), 1, Duration.ofDays(365)),
                    EventBridgePublisher.fromEnvironment(Environment.of(Map.of(
                            "AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint()))), Set.of("voicemail"));
            List<Long> millis = new ArrayList<>();
            List<Long> requests = new ArrayList<>();
            List<Long> replayMillis = new ArrayList<>();
            List<Long> replayRequests = new ArrayList<>();
            for (int run = 0; run < STREAM_RUNS + 1; run++) {
                DynamodbEvent batch = missedBatch(calls, plain, callsTable, "stream-" + run + "-");
                counter.reset();
                long t = System.nanoTime();
                StreamsEventResponse response = handler.handleRequest(batch, null);
                long elapsed = (System.nanoTime() - t) / 1_000_000;
                if (!response.getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException("stream batch had failures");
                }
                long sent = counter.requests().size();
                counter.reset();
                t = System.nanoTime();
                handler.handleRequest(batch, null);
                long replay = (System.nanoTime() - t) / 1_000_000;
                if (run > 0) {
                    millis.add(elapsed);
                    requests.add(sent);
                    replayMillis.add(replay);
                    replayRequests.add((long) counter.requests().size());
                }
            }
            System.out.println();
            System.out.println("## Missed-calls stream batch (" + STREAM_BATCH + " records, each an inbound call "
                    + "becoming missed; " + STREAM_RUNS + " runs after one warm-up; events to a loopback PutEvents)");
            System.out.println("| figure | median | min | max |");
            System.out.println("|---|---|---|---|");
            row("batch time, ms", millis);
            row("DynamoDB requests", requests);
            row("replayed batch time, ms", replayMillis);
            row("replayed batch DynamoDB requests", replayRequests);
        }
    }

    /** Writes 100 missed calls with the real store and builds the stream records DynamoDB would emit. */
    static DynamodbEvent missedBatch(DynamoCallStore calls, DynamoDbJsonClient dynamo, String table, String prefix) {
        Instant t0 = Instant.now();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < STREAM_BATCH; i++) {
            String callId = prefix + i;
            calls.apply(CallEvent.builder(callId, "bench", EventType.NEW_CALL, t0).direction(Direction.IN)
                    .from("+4930" + i).to("+49221").queue("line-" + i % 5).users(Set.of("Emma Taylor"))
                    .ringingAt(t0).build());
            Map<String, AttributeValue> before = item(dynamo, table, callId);
            calls.apply(CallEvent.builder(callId, "bench", EventType.HANGUP, t0.plusSeconds(20))
                    .direction(Direction.IN).endedAt(t0.plusSeconds(20)).cause("cancel", Cause.CANCEL).build());
            records.add(StreamRecords.change(Map.of("pk", AttributeValue.fromS("bench:" + callId)), before,
                    item(dynamo, table, callId), Integer.toString(1000 + i)));
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    static Map<String, AttributeValue> item(DynamoDbJsonClient dynamo, String table, String callId) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("bench:" + callId)))
                .consistentRead(true)).item();
    }

    static void jars(Path root) throws IOException {
        System.out.println();
        System.out.println("## Deployable jars");
        System.out.println("| function jar | size, MiB | entries |");
        System.out.println("|---|---|---|");
        Map<String, Path> jars = new TreeMap<>();
        try (var dirs = Files.list(root.resolve("functions"))) {
            dirs.forEach(dir -> {
                Path jar = dir.resolve("target/" + dir.getFileName() + "-lambda.jar");
                if (Files.isRegularFile(jar)) {
                    jars.put(dir.getFileName().toString(), jar);
                }
            });
        }
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            try (var zip = new java.util.zip.ZipFile(jar.getValue().toFile())) {
                System.out.printf("| %s | %.1f | %d |%n", root.relativize(jar.getValue()),
                        Files.size(jar.getValue()) / (1024.0 * 1024.0), zip.size());
            }
        }
    }

    static void row(String name, List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        System.out.println("| " + name + " | " + sorted.get(sorted.size() / 2) + " | " + sorted.get(0) + " | "
                + sorted.get(sorted.size() - 1) + " |");
    }
}
