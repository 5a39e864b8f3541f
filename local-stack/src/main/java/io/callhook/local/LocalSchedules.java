package io.callhook.local;

import io.callhook.template.SamTemplate;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's {@code Type: Schedule} events: each function with a {@code rate(...)} schedule is invoked with an
 * EventBridge "Scheduled Event" at that rate (the first run one period after start, as on AWS), and any scheduled
 * function can be run at once, for tests and demos, through {@link #runNow} ({@code POST /_local/schedules/<id>}).
 * {@code cron(...)} schedules only run when asked.
 */
final class LocalSchedules implements AutoCloseable {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final Map<String, String> expressions = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;
    private final PrintStream log;

    LocalSchedules(List<SamTemplate.Schedule> schedules, Map<String, LocalFunction> byId, PrintStream log) {
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-schedules");
            thread.setDaemon(true);
            return thread;
        });
        for (SamTemplate.Schedule schedule : schedules) {
            functions.put(schedule.functionId(), byId.get(schedule.functionId()));
            expressions.put(schedule.functionId(), schedule.expression());
            period(schedule.expression()).ifPresent(every -> timer.scheduleAtFixedRate(
                    () -> runLogged(schedule.functionId()), every.toMillis(), every.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    /** The period of a {@code rate(N unit)} expression; empty for anything else. */
    static Optional<Duration> period(String expression) {
        Matcher rate = RATE.matcher(expression == null ? "" : expression.trim());
        if (!rate.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(rate.group(1));
        return Optional.of(switch (rate.group(2).charAt(0)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }

    /** The scheduled functions and their expressions. */
    Map<String, String> expressions() {
        return Map.copyOf(expressions);
    }

    boolean has(String functionId) {
        return functions.containsKey(functionId);
    }

    /**
     * Invokes a scheduled function now with a Scheduled Event whose {@code time} is {@code time}.
     *
     * @return the function's response JSON
     * @throws LocalFunction.FunctionError when it fails
     */
    String runNow(String functionId, Instant time) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "123456789012");
        event.put("time", time.toString());
        event.put("region", LocalStack.REGION);
        event.put("resources", List.of("arn:aws:events:" + LocalStack.REGION + ":123456789012:rule/" + functionId));
        event.put("detail", Map.of());
        return functions.get(functionId).invoke(LocalJson.write(event));
    }

    private void runLogged(String functionId) {
        try {
            log.println("[schedule] " + functionId + " -> " + runNow(functionId, Instant.now()));
        } catch (RuntimeException e) {
            log.println("[schedule] " + functionId + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
