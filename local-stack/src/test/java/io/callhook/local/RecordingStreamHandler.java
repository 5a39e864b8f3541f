// Test-only stream function for test-template.yaml: records batches, reports item failures on request.
package io.callhook.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.callhook.config.Environment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test stream handler: records each batch in {@link StreamDeliveries}, and reports a record as a batch item
 * failure while it has been delivered no more than its item's {@code failTimes} times.
 */
public final class RecordingStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final String name;
    private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();

    public RecordingStreamHandler(Environment env) {
        this.name = env.require("AWS_LAMBDA_FUNCTION_NAME");
        env.require("ITEMS_TABLE");
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        List<String> failedIds = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            String id = record.getDynamodb().getKeys().get("id").getS();
            int delivered = deliveries.merge(id, 1, Integer::sum);
            Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
            AttributeValue failTimes = image == null ? null : image.get("failTimes");
            if (failTimes != null && delivered <= Integer.parseInt(failTimes.getN())) {
                failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
                failedIds.add(id);
            }
        }
        // reported in reverse order: the poller must find the lowest sequence number itself
        Collections.reverse(failures);
        StreamDeliveries.record(name, new StreamDeliveries.Invocation(event.getRecords(), failedIds, false));
        return new StreamsEventResponse(failures);
    }
}
