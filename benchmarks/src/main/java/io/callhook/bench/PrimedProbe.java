package io.callhook.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.callhook.config.Environment;
import io.callhook.config.SnapStartPriming;
import io.callhook.cti.CtiWebhookHandler;
import io.callhook.aws.AwsTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * "First request after priming", in a fresh JVM whose class path is the CTI function's Lambda jar plus this class:
 * builds the handler as Lambda does, runs its SnapStart priming (what the snapshot holds), then sends one real
 * {@code newCall} to DynamoDB (the engine, over TLS when the endpoint is {@code https}) and prints its latency, the
 * CPU time of the thread that sent it and the classes it loaded; then {@value #WARM} more events (newCall, answer,
 * hangup cycles) in the same JVM, and the medians of the last half of them (latency, thread CPU): what the first
 * request is compared with. Thread CPU is the figure to read on a loaded machine, where waiting for a core dominates
 * the latencies. Over TLS, then the thread CPU of a new TLS connection in the warm JVM (the first request's floor: a
 * restored function must open its own connection).
 *
 * <p>Arguments: DynamoDB endpoint, calls table, token hash entry, call id prefix, then environment variables as
 * {@code NAME=value} (the TLS trust settings, say).
 */
public final class PrimedProbe {

    static final int WARM = 600;
    static final int CONNECTIONS = 21;

    private PrimedProbe() {
    }

    public static void main(String[] args) {
        Map<String, String> variables = new HashMap<>(Map.of("AWS_ENDPOINT_URL_DYNAMODB", args[0],
                "AWS_REGION", "us-east-1", "CALLS_TABLE", args[1], "WEBHOOK_TOKEN_HASHES", args[2]));
        for (int i = 4; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            variables.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        Environment env = Environment.of(variables);
        CtiWebhookHandler handler = new CtiWebhookHandler(env);
        long primeStart = System.nanoTime();
        SnapStartPriming.latest().prime();
        long primeMs = (System.nanoTime() - primeStart) / 1_000_000;
        cpuNanos();

        // the probe's own first-time work (building the event, its string concatenations) stays out of the window
        APIGatewayV2HTTPEvent first = event(args[3] + "-first", "newCall");
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
            send(handler, args[3] + "-" + i / 3, events[i % 3]);
            cpuMicros[i] = (cpuNanos() - c) / 1_000;
            micros[i] = (System.nanoTime() - t) / 1_000;
        }
        long[] lastHalf = Arrays.copyOfRange(micros, WARM / 2, WARM);
        Arrays.sort(lastHalf);
        long[] lastHalfCpu = Arrays.copyOfRange(cpuMicros, WARM / 2, WARM);
        Arrays.sort(lastHalfCpu);
        long handshakeCpu = args[0].startsWith("https:") ? newConnectionCpuMicros(URI.create(args[0]), variables) : 0;
        System.out.println("PROBE status=" + status + " uptimeMs=" + ManagementFactory.getRuntimeMXBean().getUptime()
                + " classes=" + loadedClasses() + " primeMs=" + primeMs + " firstUs=" + firstMicros
                + " firstCpuUs=" + firstCpuMicros + " firstClasses=" + firstClasses
                + " warmMedianUs=" + lastHalf[lastHalf.length / 2]
                + " warmCpuMedianUs=" + lastHalfCpu[lastHalfCpu.length / 2]
                + " newConnectionCpuUs=" + handshakeCpu);
    }

    /**
     * The floor of a restored function's first request: what one new TLS connection to the endpoint costs this
     * thread in the warm JVM, after priming and the warm events (the median of {@value #CONNECTIONS}: connect, a full
     * handshake with the function's own trust and the host name check, close). Each session is invalidated, so
     * none is resumed: a restored function has no session to resume either.
     */
    private static long newConnectionCpuMicros(URI endpoint, Map<String, String> variables) {
        SSLSocketFactory own = AwsTrust.socketFactory(variables::get).get();
        SSLSocketFactory factory = own != null ? own : HttpsURLConnection.getDefaultSSLSocketFactory();
        long[] cpuMicros = new long[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            long c = cpuNanos();
            try (SSLSocket socket = (SSLSocket) factory.createSocket(endpoint.getHost(), endpoint.getPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                socket.getSession().invalidate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cpuMicros[i] = (cpuNanos() - c) / 1_000;
        }
        Arrays.sort(cpuMicros);
        return cpuMicros[CONNECTIONS / 2];
    }

    private static int send(CtiWebhookHandler handler, String callId, String event) {
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

    /** This thread's CPU time (nanosecond resolution; the process's is counted in 10 ms ticks on Linux). */
    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
