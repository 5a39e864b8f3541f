package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.SnapStartPriming;
import io.callhook.log.Invocation;
import io.callhook.log.Log;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every minute: resumes erasure jobs whose wait is over and wakes jobs whose runner failed past its retries
 * ({@link Erasures#sweep}). "Now" is the scheduled event's {@code time}, or the clock.
 */
public final class ErasureSweepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Erasures erasures;
    private final Invocation.Invocations invocations = new Invocation.Invocations();

    public ErasureSweepHandler(Environment env) {
        this(Erasures.fromEnvironment(AwsClients.dynamoDb(env), env));
        SnapStartPriming.register(() -> ErasurePriming.primeSweep(env));
    }

    ErasureSweepHandler(Erasures erasures) {
        this.erasures = erasures;
    }

    /** Answers {@code {"time", "moved"}}. */
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        try (Invocation invocation = invocations.begin(context)) {
            Instant now = Instant.now();
            Object time = event == null ? null : event.get("time");
            if (time instanceof String text) {
                try {
                    now = Instant.parse(text);
                } catch (DateTimeParseException e) {
                    Log.warn("scheduled event time is not an instant; using the clock", "time", text);
                }
            }
            int moved = erasures.sweep(now);
            Log.info("erasure sweep", "time", now.toString(), "moved", moved);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("time", now.toString());
            result.put("moved", moved);
            return result;
        }
    }
}
