package io.callhook.logmarker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.SnapStartPriming;
import io.callhook.log.Invocation;
import io.callhook.log.Log;
import io.callhook.metrics.Metrics;
import io.callhook.store.CallItemLayout;
import io.callhook.store.CallLogMarkers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The calls table's second stream reader: raises the caller log's change marker ({@link CallLogMarkers}) once per
 * batch for every organization whose calls the batch changed, and does nothing else, so it can take big batches
 * (the template's {@code BatchSize: 1000}) without delaying the missed-calls function or being delayed by it.
 *
 * <p>Guarantees: every record's change was written before the batch was delivered, and the raises are made after
 * the batch is received, so a reader that sees an organization's raised marker reads every change of the batch.
 * A record's organization is its new image's {@code organizationId}, or its old image's when the new image has none
 * (an erasure's tombstone: the call leaves the log); a deletion (an expiry) raises nothing. A raise that fails (or
 * is not started, with less than {@link #STOP_MARGIN} of the invocation left) fails that organization's records,
 * and only those, as batch item failures: they are delivered again and raise it then. Raising again for a record
 * delivered twice is harmless (a client reads the log once more).
 */
public final class CallLogMarkerHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    /** The time kept back from the deadline: more than one slow {@code UpdateItem} with the client's retries. */
    public static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    private final Consumer<String> raise;
    private final Invocation.Invocations invocations = new Invocation.Invocations();

    public CallLogMarkerHandler() {
        this(Environment.system());
    }

    public CallLogMarkerHandler(Environment env) {
        this(CallLogMarkers.fromEnvironment(AwsClients.dynamoDb(env), env));
        SnapStartPriming.register(() -> CallLogMarkerPriming.primeRequestPath(env));
    }

    public CallLogMarkerHandler(CallLogMarkers markers) {
        this(markers::raise);
    }

    /** @param raise raises one organization's caller-log marker (one write), throwing if it could not */
    CallLogMarkerHandler(Consumer<String> raise) {
        this.raise = raise;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        try (Invocation invocation = invocations.begin(context)) {
            StreamsEventResponse response = handleBatch(event, context);
            Metrics.count(Metrics.STREAM_BATCH_ITEM_FAILURES, response.getBatchItemFailures().size());
            return response;
        }
    }

    private StreamsEventResponse handleBatch(DynamodbEvent event, Context context) {
        Map<String, List<String>> changed = new LinkedHashMap<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            StreamRecord change = record.getDynamodb();
            String organization = organization(change);
            if (organization != null) {
                changed.computeIfAbsent(organization, o -> new ArrayList<>())
                        .add(change.getSequenceNumber() != null ? change.getSequenceNumber() : record.getEventID());
            }
        }
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        boolean outOfTime = false;
        for (Map.Entry<String, List<String>> organization : changed.entrySet()) {
            if (!outOfTime && context != null && context.getRemainingTimeInMillis() < STOP_MARGIN.toMillis()) {
                outOfTime = true;
                Log.warn("stopping before the deadline; the rest of the batch is re-delivered", "remainingMillis",
                        context.getRemainingTimeInMillis());
            }
            if (!outOfTime) {
                try {
                    raise.accept(organization.getKey());
                    continue;
                } catch (RuntimeException e) {
                    Log.error("caller-log change marker not raised", "organization", organization.getKey(),
                            "exception", e, "detail", e.getMessage());
                }
            }
            organization.getValue().forEach(sequence ->
                    failures.add(new StreamsEventResponse.BatchItemFailure(sequence)));
        }
        return new StreamsEventResponse(failures);
    }

    /**
     * The organization whose caller log a record changes: the new image's, else (an erasure's tombstone keeps only
     * the key) the old image's; {@code null} for a deletion (an expiry) or a record without one.
     */
    static String organization(StreamRecord change) {
        if (change == null || change.getNewImage() == null) {
            return null;
        }
        String organization = organization(change.getNewImage());
        return organization != null ? organization : organization(change.getOldImage());
    }

    private static String organization(Map<String, AttributeValue> image) {
        AttributeValue value = image == null ? null : image.get(CallItemLayout.ORGANIZATION_ID);
        return value == null ? null : value.getS();
    }
}
