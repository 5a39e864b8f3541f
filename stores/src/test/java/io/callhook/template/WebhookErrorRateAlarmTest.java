// template.yaml (read as data): the webhook 5xx alarm reads API Gateway's per-route metrics of exactly the webhook
// routes (every route with the webhook throttle, no other route), and only those routes have detailed metrics on.
package io.callhook.template;

import static io.callhook.template.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class WebhookErrorRateAlarmTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplate.find());
    /** A metric math alarm reads at most this many metrics (CloudWatch's hard limit). */
    private static final int MAX_ALARM_METRICS = 10;

    /** Every HTTP API route of every function ("POST /api/v1/cti/{token}") with its RouteSettings. */
    private static Map<String, Map<String, Object>> routeSettings() {
        Map<String, Map<String, Object>> routes = new TreeMap<>();
        TEMPLATE.resources("AWS::Serverless::Function").values().forEach(function ->
                map(map(function.get("Properties")).get("Events")).values().forEach(event -> {
                    if ("HttpApi".equals(map(event).get("Type"))) {
                        Map<String, Object> properties = map(map(event).get("Properties"));
                        routes.put(properties.get("Method") + " " + properties.get("Path"),
                                map(properties.get("RouteSettings")));
                    }
                }));
        return routes;
    }

    /** The routes whose throttle is the webhook throttle. */
    private static Set<String> webhookRoutes() {
        Set<String> webhook = new TreeSet<>();
        routeSettings().forEach((route, settings) -> {
            if (Map.of("Ref", "WebhookThrottleRate").equals(settings.get("ThrottlingRateLimit"))) {
                webhook.add(route);
            }
        });
        return webhook;
    }

    @Test
    void theWebhookRoutesAreTheProvidersRoutesAndOnlyTheyHaveDetailedMetrics() {
        Set<String> webhook = webhookRoutes();
        assertEquals(Set.of("POST /api/v1/cti/{token}", "POST /api/v1/bandwidth/{token}",
                "GET /api/v1/bandwidth/{token}", "POST /api/v1/twilio/{token}"), webhook);
        Map<String, Map<String, Object>> routes = routeSettings();
        assertTrue(routes.size() > webhook.size(), "agent and admin routes found: " + routes.keySet());
        routes.forEach((route, settings) -> assertEquals(webhook.contains(route) ? Boolean.TRUE : null,
                settings.get("DetailedMetricsEnabled"), route));
    }

    @Test
    void theAlarmSumsTheWebhookRoutes5xxAndRequestsAndNoOtherRoute() {
        List<?> queries = list(TEMPLATE.properties("WebhookErrorRateAlarm").get("Metrics"));
        Map<String, Set<String>> routesByMetric = new TreeMap<>();
        Map<String, List<String>> idsByMetric = new TreeMap<>();
        Map<String, Map<String, Object>> expressions = new LinkedHashMap<>();
        int stats = 0;
        for (Object query : queries) {
            Map<String, Object> definition = map(query);
            String id = String.valueOf(definition.get("Id"));
            if (definition.containsKey("Expression")) {
                expressions.put(id, definition);
                continue;
            }
            stats++;
            assertEquals(Boolean.FALSE, definition.get("ReturnData"), id);
            Map<String, Object> stat = map(definition.get("MetricStat"));
            assertEquals("Sum", stat.get("Stat"), id);
            assertEquals(300, stat.get("Period"), id);
            Map<String, Object> metric = map(stat.get("Metric"));
            assertEquals("AWS/ApiGateway", metric.get("Namespace"), id);
            Map<String, Object> dimensions = new TreeMap<>();
            list(metric.get("Dimensions")).forEach(d -> dimensions.put(
                    String.valueOf(map(d).get("Name")), map(d).get("Value")));
            assertEquals(Set.of("ApiId", "Stage", "Method", "Resource"), dimensions.keySet(), id);
            assertEquals(Map.of("Ref", "HttpApi"), dimensions.get("ApiId"), id);
            assertEquals("$default", dimensions.get("Stage"), id);
            String name = String.valueOf(metric.get("MetricName"));
            assertTrue(routesByMetric.computeIfAbsent(name, n -> new TreeSet<>())
                    .add(dimensions.get("Method") + " " + dimensions.get("Resource")), "read twice: " + id);
            idsByMetric.computeIfAbsent(name, n -> new ArrayList<>()).add(id);
        }
        Set<String> webhook = webhookRoutes();
        assertEquals(Map.of("5xx", webhook, "Count", webhook), routesByMetric);
        assertTrue(stats <= MAX_ALARM_METRICS, stats + " metrics");

        assertEquals(Set.of("errors", "requests", "rate"), expressions.keySet());
        assertEquals(sumOf(idsByMetric.get("5xx")), expressions.get("errors").get("Expression"));
        assertEquals(sumOf(idsByMetric.get("Count")), expressions.get("requests").get("Expression"));
        assertEquals("IF(requests > 0, 100 * errors / requests, 0)", expressions.get("rate").get("Expression"));
        assertEquals(Boolean.TRUE, expressions.get("rate").get("ReturnData"));
        assertEquals(Boolean.FALSE, expressions.get("errors").get("ReturnData"));
        assertEquals(Boolean.FALSE, expressions.get("requests").get("ReturnData"));
    }

    /** A sequence of the template, or an empty list for anything else. */
    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    /** The sum of the metrics {@code ids}, a route without requests in the period counting 0. */
    private static String sumOf(List<String> ids) {
        return "SUM(FILL([" + String.join(", ", ids) + "], 0))";
    }
}
