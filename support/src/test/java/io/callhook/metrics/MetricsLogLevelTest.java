// Unit (pure, and the metric lines on standard output): metric lines survive Lambda's application log-level filter
// at every ApplicationLogLevel the template allows.
package io.callhook.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import io.callhook.testing.CapturedLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsLogLevelTest {

    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    /**
     * Lambda's filter as documented (Log-level filtering): a JSON line is kept when its {@code level} is at or
     * above the configured one; a missing or invalid level counts as INFO.
     */
    static boolean lambdaKeeps(String applicationLogLevel, Map<String, Object> line) {
        int level = LEVELS.indexOf(String.valueOf(line.get("level")).toUpperCase(Locale.ROOT));
        return (level < 0 ? LEVELS.indexOf("INFO") : level) >= LEVELS.indexOf(applicationLogLevel);
    }

    private static List<String> allowedLevels() {
        Map<String, Object> parameter = SamTemplate.map(SamTemplate.map(
                SamTemplate.load(SamTemplate.find()).raw().get("Parameters")).get("ApplicationLogLevel"));
        return ((List<?>) parameter.get("AllowedValues")).stream().map(String::valueOf).toList();
    }

    private static Map<String, Object> emfLine() {
        try (CapturedLog log = CapturedLog.start()) {
            Metrics.begin();
            Metrics.count(Metrics.EVENTS_ACCEPTED, "Provider", "cti");
            Metrics.flush();
            List<Map<String, Object>> lines = log.lines().stream().filter(l -> l.containsKey("_aws")).toList();
            assertEquals(1, lines.size(), lines.toString());
            return lines.get(0);
        }
    }

    @Test
    void aMetricLineIsKeptAtEveryAllowedLevel() {
        List<String> allowed = allowedLevels();
        assertTrue(allowed.containsAll(List.of("WARN", "ERROR", "FATAL")), allowed.toString());
        Map<String, Object> line = emfLine();
        for (String configured : allowed) {
            Map<String, Object> atThatLevel = new LinkedHashMap<>(line);
            atThatLevel.put("level", Metrics.levelKeptAt(configured));
            assertTrue(lambdaKeeps(configured, atThatLevel),
                    "metric lines dropped at ApplicationLogLevel " + configured);
        }
        // without a level, Lambda counts the line INFO: what dropped every metric at WARN and above
        Map<String, Object> withoutLevel = new LinkedHashMap<>(line);
        withoutLevel.remove("level");
        assertFalse(lambdaKeeps("WARN", withoutLevel));
    }

    @Test
    void theLevelIsTheConfiguredOneAboveInfoAndInfoOtherwise() {
        assertEquals("INFO", Metrics.levelKeptAt(null));
        assertEquals("INFO", Metrics.levelKeptAt("TRACE"));
        assertEquals("INFO", Metrics.levelKeptAt("debug"));
        assertEquals("INFO", Metrics.levelKeptAt("INFO"));
        assertEquals("WARN", Metrics.levelKeptAt("WARN"));
        assertEquals("ERROR", Metrics.levelKeptAt(" error "));
        assertEquals("FATAL", Metrics.levelKeptAt("FATAL"));
    }

    @Test
    void theLineCarriesTheLevelOfThisProcessAndStaysAnEmfLine() {
        Map<String, Object> line = emfLine();
        assertEquals(Metrics.levelKeptAt(System.getenv("AWS_LAMBDA_LOG_LEVEL")), line.get("level"));
        assertEquals(1.0, ((Number) line.get(Metrics.EVENTS_ACCEPTED)).doubleValue());
        Map<?, ?> directive = (Map<?, ?>) ((List<?>) ((Map<?, ?>) line.get("_aws")).get("CloudWatchMetrics")).get(0);
        assertEquals(List.of(List.of("Provider")), directive.get("Dimensions"));
    }
}
