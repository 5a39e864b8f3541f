package io.callhook.metrics;

import io.callhook.aws.Deadline;
import io.callhook.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * CloudWatch metrics as Embedded Metric Format lines on standard output: CloudWatch Logs turns each line into
 * metric values, with no API call and no extra latency. Values are kept per invocation and written when it ends
 * ({@link io.callhook.log.Invocation#close}), one line per metric and dimension set; outside an invocation nothing
 * is kept.
 *
 * <p>Each line carries the {@code level} that Lambda's application log-level filter ({@code ApplicationLogLevel},
 * passed as {@code AWS_LAMBDA_LOG_LEVEL}) keeps, INFO or the configured level if higher, so metrics reach
 * CloudWatch at every level; EMF ignores the field.
 *
 * <p>Dimensions are low-cardinality by rule (provider, event type, status, operation; never a call id, a number
 * or an agent). The namespace is {@code METRICS_NAMESPACE}, default {@code callhook}.
 */
public final class Metrics {

    public static final String NAMESPACE_VARIABLE = "METRICS_NAMESPACE";

    /** Webhook events stored, by {@code Provider} and {@code EventType}. */
    public static final String EVENTS_ACCEPTED = "EventsAccepted";
    /** API requests answered 4xx or 5xx, by {@code Status}. */
    public static final String REQUESTS_REFUSED = "RequestsRefused";
    /** Time of one DynamoDB call, retries included, by {@code Operation}. */
    public static final String STORAGE_LATENCY = "StorageLatency";
    public static final String MISSED_CALLS_LISTED = "MissedCallsListed";
    public static final String MISSED_CALLS_RETRACTED = "MissedCallsRetracted";
    public static final String STREAM_BATCH_ITEM_FAILURES = "StreamBatchItemFailures";
    /** Agent operations done, by {@code Operation}. */
    public static final String AGENT_ACTIONS = "AgentActions";

    private static final String NAMESPACE = namespace(System.getenv(NAMESPACE_VARIABLE));
    private static final String LEVEL = levelKeptAt(System.getenv("AWS_LAMBDA_LOG_LEVEL"));
    private static final int MAX_VALUES = 100;
    private static final ThreadLocal<Map<Key, Values>> PENDING = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> MUTED = new ThreadLocal<>();

    private record Key(String name, String unit, Map<String, String> dimensions) {
    }

    private static final class Values {
        private final List<Double> values = new ArrayList<>();
        private double sum;
    }

    private Metrics() {
    }

    /**
     * The level a metric line carries so that Lambda's application log-level filter set to {@code configured}
     * keeps it: the configured level when it is above INFO, else INFO. Lambda treats a JSON line without a valid
     * {@code level} as INFO, so a metric line without one would be dropped at WARN, ERROR and FATAL.
     */
    static String levelKeptAt(String configured) {
        String level = configured == null ? "" : configured.trim().toUpperCase(Locale.ROOT);
        return switch (level) {
            case "WARN", "ERROR", "FATAL" -> level;
            default -> "INFO";
        };
    }

    static String namespace(String configured) {
        return configured == null || configured.isBlank() ? "callhook" : configured.trim();
    }

    /** Starts keeping this thread's values (the invocation opened). */
    public static void begin() {
        PENDING.set(new LinkedHashMap<>());
    }

    /**
     * Runs {@code work} with this thread's metrics off: SnapStart priming runs the real request path, and its
     * invocations must not count as traffic (an inferred hangup, a storage latency) on the dashboards and alarms.
     * Values are still kept and their lines made, so the metrics code is primed too; {@link #flush} writes none.
     */
    public static <T> T muted(Supplier<T> work) {
        MUTED.set(true);
        try {
            return work.get();
        } finally {
            MUTED.remove();
        }
    }

    /**
     * A handoff of this thread's invocation to work on other threads (parallel reads): work wrapped by it keeps its
     * own values, which {@link Handoff#join} adds to this thread's. Nothing is kept when this thread keeps nothing
     * (outside an invocation, or {@link #muted}).
     */
    public static Handoff handoff() {
        return new Handoff(PENDING.get() != null);
    }

    /** See {@link #handoff}. */
    public static final class Handoff {
        private final boolean keep;
        private final List<Map<Key, Values>> done = new ArrayList<>();

        private Handoff(boolean keep) {
            this.keep = keep;
        }

        /**
         * {@code work} keeping its values for {@link #join}, on whatever thread runs it, under this thread's
         * invocation deadline ({@link Deadline#carried}).
         */
        public <T> Callable<T> wrap(Callable<T> work) {
            if (!keep) {
                return Deadline.carried(work);
            }
            return Deadline.carried(() -> {
                Map<Key, Values> own = new LinkedHashMap<>();
                PENDING.set(own);
                try {
                    return work.call();
                } finally {
                    PENDING.remove();
                    synchronized (done) {
                        done.add(own);
                    }
                }
            });
        }

        /** Adds the values of the wrapped work that has ended to this thread's; on the thread that handed off. */
        public void join() {
            Map<Key, Values> pending = PENDING.get();
            synchronized (done) {
                if (pending != null) {
                    done.forEach(values -> values.forEach((key, value) -> {
                        Values into = pending.computeIfAbsent(key, k -> new Values());
                        into.sum += value.sum;
                        into.values.addAll(value.values);
                    }));
                }
                done.clear();
            }
        }
    }

    /** Adds one to a count; {@code dimensions} are name/value pairs. */
    public static void count(String name, String... dimensions) {
        add(name, "Count", 1, dimensions);
    }

    /** Adds {@code n} to a count, also when it is 0 (so a dashboard sees the metric every invocation). */
    public static void count(String name, long n, String... dimensions) {
        add(name, "Count", n, dimensions);
    }

    public static void milliseconds(String name, double value, String... dimensions) {
        add(name, "Milliseconds", value, dimensions);
    }

    private static void add(String name, String unit, double value, String... dimensions) {
        Map<Key, Values> pending = PENDING.get();
        if (pending == null) {
            return;
        }
        Map<String, String> dims = new LinkedHashMap<>();
        for (int i = 0; i + 1 < dimensions.length; i += 2) {
            dims.put(dimensions[i], dimensions[i + 1] == null ? "none" : dimensions[i + 1]);
        }
        Values values = pending.computeIfAbsent(new Key(name, unit, dims), k -> new Values());
        values.sum += value;
        values.values.add(value);
    }

    /** Writes the invocation's values, one EMF line per metric and dimension set, and stops keeping them. */
    public static void flush() {
        Map<Key, Values> pending = PENDING.get();
        PENDING.remove();
        if (pending == null) {
            return;
        }
        boolean muted = Boolean.TRUE.equals(MUTED.get());
        long now = System.currentTimeMillis();
        for (Map.Entry<Key, Values> entry : pending.entrySet()) {
            Key key = entry.getKey();
            Values values = entry.getValue();
            if (key.unit().equals("Count")) {
                // A count is summed into one value.
                write(Json.writeWithoutNulls(line(key, values.sum, now)), muted);
                continue;
            }
            // Timings keep each value; EMF takes up to 100 in one line.
            for (int from = 0; from < values.values.size(); from += MAX_VALUES) {
                List<Double> chunk = values.values.subList(from, Math.min(values.values.size(), from + MAX_VALUES));
                write(Json.writeWithoutNulls(line(key, chunk.size() == 1 ? chunk.get(0) : List.copyOf(chunk), now)),
                        muted);
            }
        }
    }

    private static void write(String line, boolean muted) {
        if (!muted) {
            System.out.println(line);
        }
    }

    private static Map<String, Object> line(Key key, Object value, long timestamp) {
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("Name", key.name());
        metric.put("Unit", key.unit());
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(List.copyOf(key.dimensions().keySet())));
        directive.put("Metrics", List.of(metric));
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", timestamp);
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", LEVEL);
        line.put("_aws", aws);
        line.putAll(key.dimensions());
        line.put(key.name(), value);
        return line;
    }
}
