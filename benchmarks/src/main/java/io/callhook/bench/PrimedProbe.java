package io.callhook.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.callhook.config.Environment;
import io.callhook.config.SnapStartPriming;
import io.callhook.cti.CtiWebhookHandler;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;

/**
 * "First request after priming", in a fresh JVM whose class path is the CTI function's Lambda jar plus this class:
 * builds the handler as Lambda does, runs its SnapStart priming (what the snapshot holds), then sends one real
 * {@code newCall} to DynamoDB (the engine, over TLS when the endpoint is {@code https}) and prints its latency, the
 * CPU time of the thread that sent it and the classes it loaded; then {@value #WARM} more events (newCall, answer,
 * hangup cycles) in the same JVM, and the medians of the last half of them (latency, thread CPU): what the first
 * request is compared with. Thread CPU is the figure to read on a loaded machine, where waiting for a core dominates
 * the latencies.
 *
 * <p>Arguments: DynamoDB endpoint, calls table, token hash entry, call id prefix.
 */
public final class PrimedProbe {

    static final int WARM = 600;

    private PrimedProbe() {
    }

    public static void main(String[] args) {
        Environment env = Environment.of(Map.of("AWS_ENDPOINT_URL_DYNAMODB", args[0], "AWS_REGION", "us-east-1",
                "CALLS_TABLE", args[1], "WEBHOOK_TOKEN_HASHES", args[2]));
        CtiWebhookHandler handler = new CtiWebhookHandler(env);
        long primeStart = System.nanoTime();
        SnapStartPriming.latest().prime();
        long primeMs = (System.nanoTime() - primeStart) / 1_000_000;
        cpuNanos();

        int classes = loadedClasses();
        long cpu = cpuNanos();
        long started = System.nanoTime();
        int status = send(handler, args[3] + "-first", "newCall");
        long firstMicros = (System.nanoTime() - started) / 1_000;
        long firstCpuMicros = (cpuNanos() - cpu) / 1_000;
        int firstClasses = loadedClasses() - classes;

        String[] events = {"newCall", "answer", "hangup"};
        long[] micros = new long[WARM];
        long[] cpuMicros = new long[WARM];
        for (int i = 0; i < WARM; i++) {
            long t = System.nanoTime();
            long c = cpuNanos();
            send(handler, args[3] + "-" + i / 3, events[i % 3]);
            cpuMicros[i] = (cpuNanos() - c) / 1_000;
            micros[i] = (System.nanoTime() - t) / 1_000;
        }
        long[] lastHalf = Arrays.copyOfRange(micros, WARM / 2, WARM);
        Arrays.sort(lastHalf);
        long[] lastHalfCpu = Arrays.copyOfRange(cpuMicros, WARM / 2, WARM);
        Arrays.sort(lastHalfCpu);
        System.out.println("PROBE status=" + status + " uptimeMs=" + ManagementFactory.getRuntimeMXBean().getUptime()
                + " classes=" + loadedClasses() + " primeMs=" + primeMs + " firstUs=" + firstMicros
                + " firstCpuUs=" + firstCpuMicros + " firstClasses=" + firstClasses
                + " warmMedianUs=" + lastHalf[lastHalf.length / 2]
                + " warmCpuMedianUs=" + lastHalfCpu[lastHalfCpu.length / 2]);
    }

    private static int send(CtiWebhookHandler handler, String callId, String event) {
        APIGatewayV2HTTPEvent request = new APIGatewayV2HTTPEvent();
        request.setRouteKey("POST /api/v1/cti/{token}");
        request.setHeaders(Map.of("content-type", "application/json"));
        request.setPathParameters(Map.of("token", "bench-token"));
        request.setBody("{\"event\":\"" + event + "\",\"from\":\"493023125741\",\"to\":\"492214710334\","
                + "\"direction\":\"in\",\"callId\":\"" + callId + "\",\"user\":\"Emma Taylor\",\"cause\":\"cancel\"}");
        int status = handler.handleRequest(request, null).getStatusCode();
        if (status != 200) {
            throw new IllegalStateException("webhook answered " + status);
        }
        return status;
    }

    private static int loadedClasses() {
        return ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    }

    /** This thread's CPU time (nanosecond resolution; the process's is counted in 10 ms ticks on Linux). */
    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
