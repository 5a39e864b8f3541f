package io.callhook.stale;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.call.OpenCallLimits;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.Organizations;
import io.callhook.config.SnapStartPriming;
import io.callhook.config.UnmappedIntegrationException;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.log.Invocation;
import io.callhook.log.Log;
import io.callhook.metrics.Metrics;
import io.callhook.store.CallItemLayout;
import io.callhook.store.CallStore;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoOpenCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Run on a schedule (EventBridge Scheduler / {@code Schedule} event): closes calls whose hangup never arrived. For
 * every organization, shard and state (ringing, answered) it makes one query of the sparse index of open calls (no
 * scan) for calls quiet since before that state's limit, oldest first, at most {@value #PER_PARTITION} of them, and
 * reads their records by key; the queries run {@value #PARALLEL_QUERIES} at a time, so one run makes organizations x
 * shards x 2 queries, each reading at most {@value #PER_PARTITION} calls, whatever the number of open calls. An answer
 * does not move a call out of the ringing partition (that would cost two index writes on every answered call): a call
 * still open past the ringing limit after an answer is moved to the answered partition by the first run that reads it,
 * and a full page of such calls is followed by another query of that partition (at most {@value #MOVE_QUERIES}), so
 * calls that are not overdue cannot hide overdue ones. It closes each one that has been quiet too long
 * ({@link CallOutcomes#isOverdue}) with an inferred hangup through the call store, the same write path as every
 * provider's event ({@link CallOutcomes#inferredHangup}): the record's end becomes the last known activity, its cause
 * {@code unknown}, flagged {@code inferred}, and a reported hangup or answer arriving later replaces it. Running again
 * changes nothing. Calls that ended but were marked open again by a late ring or answer are taken out of the index.
 *
 * <p>"Now" is the scheduled event's {@code time} (when the schedule fired), or the clock when the event has none.
 */
public final class StaleCallsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public static final String RINGING_LIMIT_VARIABLE = "OPEN_RINGING_LIMIT_MINUTES";
    public static final String ANSWERED_LIMIT_VARIABLE = "OPEN_ANSWERED_LIMIT_MINUTES";
    public static final String CLOSED_METRIC = "CallsClosedByInference";
    /** Overdue calls left open because their integration belongs to no organization (a configuration error). */
    public static final String UNMAPPED_METRIC = "OverdueCallsOfUnmappedIntegrations";
    /**
     * The most overdue calls one run reads per organization, shard and state (one query page); the rest, quiet for
     * less long, wait for the next run.
     */
    static final int PER_PARTITION = 100;
    /**
     * The most queries one run makes of a ringing partition: a further one only after a full page that moved calls
     * answered after ringing to the answered partition.
     */
    static final int MOVE_QUERIES = 10;
    /** Index queries (and the writes of what they found) in flight at once. */
    static final int PARALLEL_QUERIES = 16;
    private static final List<String> STATES = List.of(CallItemLayout.RINGING, CallItemLayout.ANSWERED);

    private final DynamoOpenCalls open;
    private final CallStore calls;
    private final Supplier<Organizations> organizations;
    private final OpenCallLimits limits;
    private final Clock clock;
    private final Invocation.Invocations invocations = new Invocation.Invocations();

    public StaleCallsHandler() {
        this(Environment.system());
    }

    public StaleCallsHandler(Environment env) {
        this(env, AwsClients.dynamoDb(env), Clock.systemUTC());
        SnapStartPriming.register(() -> StaleCallsPriming.primeRequestPath(env));
    }

    StaleCallsHandler(Environment env, DynamoDbJsonClient dynamo, Clock clock) {
        this(env, dynamo, Organizations.live(DynamoConfigStore.liveConfig(dynamo, env), env), clock);
    }

    private StaleCallsHandler(Environment env, DynamoDbJsonClient dynamo, Supplier<Organizations> organizations,
                              Clock clock) {
        this(DynamoOpenCalls.fromEnvironment(dynamo, env), DynamoCallStore.fromEnvironment(dynamo, env, organizations),
                organizations, limits(env), clock);
    }

    public StaleCallsHandler(DynamoOpenCalls open, CallStore calls, Organizations organizations,
                             OpenCallLimits limits, Clock clock) {
        this(open, calls, () -> organizations, limits, clock);
    }

    /** @param organizations the organizations as they are now, asked at each run */
    private StaleCallsHandler(DynamoOpenCalls open, CallStore calls, Supplier<Organizations> organizations,
                              OpenCallLimits limits, Clock clock) {
        this.open = open;
        this.calls = calls;
        this.organizations = organizations;
        this.limits = limits;
        this.clock = clock;
    }

    /** The limits of {@code env}: {@value #RINGING_LIMIT_VARIABLE} and {@value #ANSWERED_LIMIT_VARIABLE}. */
    static OpenCallLimits limits(Environment env) {
        return new OpenCallLimits(minutes(env, RINGING_LIMIT_VARIABLE, OpenCallLimits.DEFAULT.ringing()),
                minutes(env, ANSWERED_LIMIT_VARIABLE, OpenCallLimits.DEFAULT.answered()));
    }

    private static Duration minutes(Environment env, String variable, Duration fallback) {
        long minutes = env.optionalLong(variable, fallback.toMinutes());
        if (minutes < 1) {
            throw new IllegalStateException(variable + " must be at least 1 (minutes)");
        }
        return Duration.ofMinutes(minutes);
    }

    /** Answers {@code {"time", "closed", "cleared", "looked"}}: the run's "now" and what it did. */
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        try (Invocation invocation = invocations.begin(context)) {
            Instant now = now(event);
            List<Callable<int[]>> partitions = new ArrayList<>();
            Metrics.Handoff metrics = Metrics.handoff();
            for (String organization : organizations.get().all()) {
                for (int shard = 0; shard < open.shards(); shard++) {
                    for (String state : STATES) {
                        int s = shard;
                        partitions.add(metrics.wrap(() -> sweep(organization, s, state, now)));
                    }
                }
            }
            int[] totals = new int[4];
            ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_QUERIES);
            try {
                for (Future<int[]> done : pool.invokeAll(partitions)) {
                    int[] counts = done.get();
                    for (int i = 0; i < totals.length; i++) {
                        totals[i] += counts[i];
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stale-calls run interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
                metrics.join();
            }
            int looked = totals[0];
            int closed = totals[1];
            int cleared = totals[2];
            int moved = totals[3];
            Metrics.count(CLOSED_METRIC, closed);
            Log.info("stale calls closed", "time", now.toString(), "looked", looked, "closed", closed,
                    "cleared", cleared, "moved", moved);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("time", now.toString());
            result.put("looked", looked);
            result.put("closed", closed);
            result.put("cleared", cleared);
            return result;
        }
    }

    /**
     * One partition's run: its calls quiet since before the state's limit, each closed if overdue, taken out of
     * the index if it ended, or (in the ringing partition) moved to the answered partition if it was answered after
     * it rang; answers {looked, closed, cleared, moved}. A moved call leaves the ringing partition, so a page full
     * of them is followed by another query, at most {@value #MOVE_QUERIES} in all: calls answered after ringing
     * cannot hide an overdue ringing call for longer than it takes to move them.
     */
    private int[] sweep(String organization, int shard, String state, Instant now) {
        Duration limit = CallItemLayout.ANSWERED.equals(state) ? limits.answered() : limits.ringing();
        int[] counts = new int[4];
        for (int query = 0; query < MOVE_QUERIES; query++) {
            List<CallRecord> page = open.quietSince(organization, shard, state, now.minus(limit), PER_PARTITION);
            int moved = 0;
            for (CallRecord call : page) {
                counts[0]++;
                if (call.ended()) {
                    counts[2] += open.clearIfEnded(call.id()) ? 1 : 0;
                } else if (CallOutcomes.isOverdue(call, limits, now)) {
                    counts[1] += close(call, now) ? 1 : 0;
                } else if (CallItemLayout.RINGING.equals(state) && call.answered()) {
                    moved += open.moveToAnswered(organization, shard, call.id()) ? 1 : 0;
                }
            }
            counts[3] += moved;
            if (moved == 0 || page.size() < PER_PARTITION) {
                break;
            }
        }
        return counts;
    }

    private boolean close(CallRecord call, Instant now) {
        try {
            calls.apply(CallOutcomes.inferredHangup(call, now));
            Log.info("call closed by inference", "callId", call.id(), "endedAt", call.lastActivityAt().toString());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (UnmappedIntegrationException e) {
            // A configuration error about this call's integration (removed from a non-empty IntegrationOrganizations
            // while the call was open): it must not stop the sweep of every other call of the partition.
            Log.error("call not closed: its integration belongs to no organization", "callId", call.id(),
                    "reason", e.getMessage());
            Metrics.count(UNMAPPED_METRIC, 1);
            return false;
        }
    }

    private Instant now(Map<String, Object> event) {
        Object time = event == null ? null : event.get("time");
        if (time instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                Log.warn("scheduled event time is not ISO-8601; using the clock", "time", text);
            }
        }
        return clock.instant();
    }
}
