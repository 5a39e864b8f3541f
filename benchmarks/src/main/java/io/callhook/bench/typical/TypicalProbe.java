package io.callhook.bench.typical;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Runs in a fresh JVM on the baseline jar: builds {@link TypicalWebhookHandler} as Lambda would (configuration from
 * the environment: endpoint, region, credentials, table) and answers one webhook; prints one line of figures in
 * the same form as the CTI probe. Argument: the call id.
 */
public final class TypicalProbe {

    private TypicalProbe() {
    }

    public static void main(String[] args) {
        TypicalWebhookHandler handler = new TypicalWebhookHandler();
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey("POST /api/v1/cti/{token}");
        event.setHeaders(Map.of("content-type", "application/json"));
        event.setPathParameters(Map.of("token", "bench-token"));
        event.setBody("{\"event\":\"newCall\",\"from\":\"493023125741\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + args[0] + "\",\"user\":\"Emma Taylor\"}");
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
