package io.callhook.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.config.Environment;
import io.callhook.cti.CtiWebhookHandler;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs in a fresh JVM whose class path is the CTI function's Lambda jar plus this class: builds the handler as
 * Lambda would, sends one webhook to the DynamoDB engine over HTTP, and prints one line with the figures.
 *
 * <p>Arguments: DynamoDB endpoint, calls table, token hash entry, call id, and optionally the routing table (the
 * newCall then reads the integration's routing rules first, as deployed) and environment variables as
 * {@code NAME=value} (the TLS trust settings, say).
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) {
        Map<String, String> variables = new HashMap<>(Map.of(
                "AWS_ENDPOINT_URL_DYNAMODB", args[0], "AWS_REGION", "us-east-1",
                "CALLS_TABLE", args[1], "WEBHOOK_TOKEN_HASHES", args[2]));
        for (int i = 4; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (equals > 0) {
                variables.put(args[i].substring(0, equals), args[i].substring(equals + 1));
            } else {
                variables.put("ROUTING_TABLE", args[i]);
            }
        }
        Environment env = Environment.of(variables);
        CtiWebhookHandler handler = new CtiWebhookHandler(env);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey("POST /api/v1/cti/{token}");
        event.setHeaders(Map.of("content-type", "application/json"));
        event.setPathParameters(Map.of("token", "bench-token"));
        event.setBody("{\"event\":\"newCall\",\"from\":\"493023125741\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + args[3] + "\",\"user\":\"Emma Taylor\"}");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        long mainCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
        System.out.println("PROBE status=" + response.getStatusCode() + " uptimeMs=" + uptime + " classes=" + classes
                + " cpuMs=" + cpu + " mainCpuMs=" + mainCpu);
    }
}
