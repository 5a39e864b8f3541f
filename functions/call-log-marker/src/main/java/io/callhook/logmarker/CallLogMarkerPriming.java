package io.callhook.logmarker;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.PrimingHttpClient;
import io.callhook.store.CallItemLayout;
import io.callhook.store.CallLogMarkers;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the stream path: one batch of one ring of a made-up organization through a handler whose
 * DynamoDB client answers itself ({@link PrimingHttpClient}): the record read and the marker's {@code UpdateItem}
 * marshalled and signed. Nothing leaves the process: no marker is raised.
 */
final class CallLogMarkerPriming {

    static final String ORGANIZATION = "snapstart-priming";

    private CallLogMarkerPriming() {
    }

    /** Runs the batch; returns the operations sent. */
    static List<String> primeRequestPath(Environment env) {
        PrimingHttpClient http = new PrimingHttpClient();
        CallLogMarkerHandler handler = new CallLogMarkerHandler(
                CallLogMarkers.fromEnvironment(AwsClients.dynamoDb(env, http), env));
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of(CallItemLayout.KEY, new AttributeValue().withS("priming:snapstart-priming")));
        change.setNewImage(Map.of(CallItemLayout.KEY, new AttributeValue().withS("priming:snapstart-priming"),
                CallItemLayout.ORGANIZATION_ID, new AttributeValue().withS(ORGANIZATION)));
        change.setSequenceNumber("1");
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setEventID("1");
        record.setDynamodb(change);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        handler.handleRequest(event, null);
        return http.operations();
    }
}
