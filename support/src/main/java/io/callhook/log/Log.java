package io.callhook.log;

import io.callhook.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON object per line on standard output, with fixed keys: {@code timestamp}, {@code level}, {@code service},
 * {@code message}, then the invocation's fields ({@code function_request_id}, {@code function_name},
 * {@code cold_start}, {@code xray_trace_id}, the event's {@code callId} and {@code source}; see
 * {@link Invocation}), then the caller's fields. CloudWatch stores each line as one event.
 *
 * <p>An exception passed as a value is logged with its class (under the caller's key), its message
 * ({@code errorMessage}) and its stack trace ({@code stackTrace}), causes included. Lines below the level Lambda
 * passes in {@code AWS_LAMBDA_LOG_LEVEL} (the template's {@code ApplicationLogLevel}) are not written.
 *
 * <p>Callers never pass tokens, token hashes, headers or request paths that contain tokens.
 */
public final class Log {

    private static final String SERVICE = "callhook";
    private static final int MINIMUM = rank(System.getenv("AWS_LAMBDA_LOG_LEVEL"));

    private Log() {
    }

    public static void debug(String message, Object... keyValues) {
        write("DEBUG", message, keyValues);
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

    /** TRACE 0 ... FATAL 5; an unknown or absent level is INFO. */
    static int rank(String level) {
        return switch (level == null ? "" : level.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> 0;
            case "DEBUG" -> 1;
            case "WARN" -> 3;
            case "ERROR" -> 4;
            case "FATAL" -> 5;
            default -> 2;
        };
    }

    private static void write(String level, String message, Object... keyValues) {
        if (rank(level) < MINIMUM) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("service", SERVICE);
        line.put("message", message);
        line.putAll(Invocation.currentFields());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            if (value instanceof Throwable t) {
                line.put(String.valueOf(keyValues[i]), t.getClass().getName());
                line.put("errorMessage", String.valueOf(t.getMessage()));
                line.put("stackTrace", stackTrace(t));
            } else {
                line.put(String.valueOf(keyValues[i]), value);
            }
        }
        System.out.println(Json.writeWithoutNulls(line));
    }

    private static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
