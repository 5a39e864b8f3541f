package io.callhook.log;

import io.callhook.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line on standard output, with fixed keys ({@code timestamp}, {@code level}, {@code service},
 * {@code message}, then the caller's fields). CloudWatch stores each line as one event.
 *
 * <p>Callers never pass tokens, token hashes or request paths that contain tokens.
 */
public final class Log {

    private static final String SERVICE = "callhook";

    private Log() {
    }

    public static void info(String message, Object... keyValues) {
        write("INFO", message, keyValues);
    }

    public static void warn(String message, Object... keyValues) {
        write("WARN", message, keyValues);
    }

    public static void error(String message, Object... keyValues) {
        write("ERROR", message, keyValues);
    }

    private static void write(String level, String message, Object... keyValues) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("service", SERVICE);
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            line.put(String.valueOf(keyValues[i]), value instanceof Throwable t ? t.getClass().getName() : value);
        }
        System.out.println(Json.write(line));
    }
}
