package io.callhook.bench.typical;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;

/**
 * The typical handler's counterpart of the CTI function's first request after priming, on the baseline jar: what
 * its SnapStart snapshot would hold is its constructor's work (it has no priming hook, as SDK tutorials leave it),
 * then one real webhook, then 600 more events; prints the same figures as {@code io.callhook.bench.PrimedProbe}.
 * Argument: the call id prefix; configuration from the environment, as {@link TypicalProbe}.
 */
public final class TypicalPrimedProbe {

    static final int WARM = 600;

    private TypicalPrimedProbe() {
    }

    public static void main(String[] args) {
        long initStart = System.nanoTime();
        TypicalWebhookHandler handler = new TypicalWebhookHandler();
        long initMs = (System.nanoTime() - initStart) / 1_000_000;
        cpuNanos();

        // the probe's own first-time work (building the event, its string concatenations) stays out of the window
        APIGatewayV2HTTPEvent first = event(args[0] + "-first", "newCall");
        int classes = loadedClasses();
        long cpu = cpuNanos();
        long started = System.nanoTime();
        int status = handler.handleRequest(first, null).getStatusCode();
        long firstMicros = (System.nanoTime() - started) / 1_000;
        long firstCpuMicros = (cpuNanos() - cpu) / 1_000;
        int firstClasses = loadedClasses() - classes;

        String[] events = {"newCall", "answer", "hangup"};
        long[] micros = new long[WARM];
        long[] cpuMicros = new long[WARM];
        for (int i = 0; i < WARM; i++) {
            long t = System.nanoTime();
            long c = cpuNanos();
            send(handler, args[0] + "-" + i / 3, events[i % 3]);
            cpuMicros[i] = (cpuNanos() - c) / 1_000;
            micros[i] = (System.nanoTime() - t) / 1_000;
        }
        long[] lastHalf = Arrays.copyOfRange(micros, WARM / 2, WARM);
        Arrays.sort(lastHalf);
        long[] lastHalfCpu = Arrays.copyOfRange(cpuMicros, WARM / 2, WARM);
        Arrays.sort(lastHalfCpu);
        System.out.println("PROBE status=" + status + " uptimeMs=" + ManagementFactory.getRuntimeMXBean().getUptime()
                + " classes=" + loadedClasses() + " primeMs=" + initMs + " firstUs=" + firstMicros
                + " firstCpuUs=" + firstCpuMicros + " firstClasses=" + firstClasses
                + " warmMedianUs=" + lastHalf[lastHalf.length / 2]
                + " warmCpuMedianUs=" + lastHalfCpu[lastHalfCpu.length / 2]);
    }

    private static int send(TypicalWebhookHandler handler, String callId, String event) {
        int status = handler.handleRequest(event(callId, event), null).getStatusCode();
        if (status != 200) {
            throw new IllegalStateException("webhook answered " + status);
        }
        return status;
    }

    private static APIGatewayV2HTTPEvent event(String callId, String event) {
        APIGatewayV2HTTPEvent request = new APIGatewayV2HTTPEvent();
        request.setRouteKey("POST /api/v1/cti/{token}");
        request.setHeaders(Map.of("content-type", "application/json"));
        request.setPathParameters(Map.of("token", "bench-token"));
        request.setBody("{\"event\":\"" + event + "\",\"from\":\"493023125741\",\"to\":\"492214710334\","
                + "\"direction\":\"in\",\"callId\":\"" + callId + "\",\"user\":\"Emma Taylor\",\"cause\":\"cancel\"}");
        return request;
    }

    private static int loadedClasses() {
        return ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
