// Test-only stream function for test-template.yaml: throws on poisoned batches, returns nothing.
package io.callhook.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.callhook.config.Environment;
import java.util.List;

/** A test stream handler without a result: throws when the batch holds an item with {@code poison: true}. */
public final class FailingStreamHandler implements RequestHandler<DynamodbEvent, Void> {

    private final String name;

    public FailingStreamHandler(Environment env) {
        this.name = env.require("AWS_LAMBDA_FUNCTION_NAME");
    }

    @Override
    public Void handleRequest(DynamodbEvent event, Context context) {
        boolean poisoned = event.getRecords().stream().anyMatch(r -> {
            AttributeValue poison = r.getDynamodb().getNewImage().get("poison");
            return poison != null && Boolean.TRUE.equals(poison.getBOOL());
        });
        StreamDeliveries.record(name, new StreamDeliveries.Invocation(event.getRecords(), List.of(), poisoned));
        if (poisoned) {
            throw new IllegalStateException("poison in the batch");
        }
        return null;
    }
}
