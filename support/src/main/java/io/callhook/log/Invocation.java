package io.callhook.log;

import com.amazonaws.services.lambda.runtime.Context;
import io.callhook.aws.Deadline;
import io.callhook.metrics.Metrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every log line of one Lambda invocation carries, for the thread that handles it: the Lambda request id, the
 * function name, {@code cold_start} (true on the first invocation of the handler instance, which on Lambda is the
 * execution environment), the X-Ray trace id when there is one, and fields the handler learns on the way (the
 * event's {@code callId} and {@code source}). Closing the invocation writes its metrics and forgets the fields.
 *
 * <p>A handler holds one {@code Invocations} and opens each invocation with {@link Invocations#begin}. With a Lambda
 * context the invocation also opens the thread's AWS {@link Deadline}: the time Lambda leaves it
 * ({@code getRemainingTimeInMillis()}) minus {@link #DEADLINE_MARGIN}, so that a storage call that cannot finish
 * in time fails (retryable: a webhook answers 503) before Lambda ends the invocation.
 */
public final class Invocation implements AutoCloseable {

    /** Lambda's Java runtime puts each invocation's trace header here; {@code _X_AMZN_TRACE_ID} holds it too. */
    static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    /** What an invocation keeps back from Lambda's remaining time to answer, log and flush its metrics. */
    public static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);

    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Invocation outer;
    private final Deadline deadline;

    private Invocation(Map<String, Object> fields, Invocation outer, Deadline deadline) {
        this.fields.putAll(fields);
        this.outer = outer;
        this.deadline = deadline;
    }

    /** The fields every log line of the current invocation carries; empty outside one. */
    static Map<String, Object> currentFields() {
        Invocation invocation = CURRENT.get();
        return invocation == null ? Map.of() : invocation.fields;
    }

    /**
     * Adds a field to every later log line of this thread's invocation ({@code callId}, {@code source}); nothing
     * outside an invocation. Never a token, a token hash or a path that contains one.
     */
    public static void put(String key, Object value) {
        Invocation invocation = CURRENT.get();
        if (invocation != null && value != null) {
            invocation.fields.put(key, value);
        }
    }

    /** Removes a field {@link #put} added (a stream batch moves from one call to the next). */
    public static void remove(String key) {
        Invocation invocation = CURRENT.get();
        if (invocation != null) {
            invocation.fields.remove(key);
        }
    }

    @Override
    public void close() {
        if (deadline != null) {
            deadline.close();
        }
        if (outer == null) {
            Metrics.flush();
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    /** The invocations of one handler instance; the first one is the cold start. */
    public static final class Invocations {

        private final AtomicBoolean first = new AtomicBoolean(true);

        /** Opens an invocation on this thread; {@code context} is null in tests and for local callers. */
        public Invocation begin(Context context) {
            Map<String, Object> fields = new LinkedHashMap<>();
            if (context != null) {
                fields.put("function_request_id", context.getAwsRequestId());
                fields.put("function_name", context.getFunctionName());
            } else {
                String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
                if (name != null) {
                    fields.put("function_name", name);
                }
            }
            fields.put("cold_start", first.getAndSet(false));
            String trace = traceId(System.getProperty(TRACE_PROPERTY, System.getenv("_X_AMZN_TRACE_ID")));
            if (trace != null) {
                fields.put("xray_trace_id", trace);
            }
            Invocation outer = CURRENT.get();
            Deadline deadline = context == null ? null
                    : Deadline.begin(Duration.ofMillis(context.getRemainingTimeInMillis()).minus(DEADLINE_MARGIN));
            Invocation invocation = new Invocation(fields, outer, deadline);
            CURRENT.set(invocation);
            if (outer == null) {
                Metrics.begin();
            }
            return invocation;
        }
    }

    /** The {@code Root} of an X-Ray trace header ({@code Root=1-...;Parent=...;Sampled=1}), else null. */
    static String traceId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        for (String part : header.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith("Root=")) {
                return trimmed.substring(5);
            }
        }
        return null;
    }
}
