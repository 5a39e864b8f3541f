package io.callhook.missed;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LineRulesConfig;
import io.callhook.config.PrimingHttpClient;
import io.callhook.config.Voicemail;
import io.callhook.events.EventBridgePublisher;
import io.callhook.store.CallItems;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoMissedCallStore;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the stream path: a call becoming missed, then answered late, through a handler whose
 * DynamoDB and EventBridge clients answer themselves ({@link PrimingHttpClient}): image conversion, the missed-call
 * rule, the listing and retraction transactions, the callback worklist's reads and writes and the {@code PutEvents}
 * calls, marshalled and signed. Nothing
 * leaves the process: no table is written, no event published.
 */
final class Priming {

    private Priming() {
    }

    /** Runs the two records; returns the operations sent. */
    static List<String> primeRequestPath(Environment env) {
        PrimingHttpClient http = new PrimingHttpClient();
        io.callhook.dynamodb.DynamoDbClient dynamo = AwsClients.dynamoDb(env, http);
        MissedCallsHandler handler = new MissedCallsHandler(DynamoMissedCallStore.fromEnvironment(dynamo, env),
                DynamoCallbackStore.fromEnvironment(dynamo, env),
                new EventBridgePublisher(EventBridgePublisher.client(env, http),
                        env.optional(EventBridgePublisher.BUS_VARIABLE, "default")),
                LineRulesConfig.parse(env.optional(LineRulesConfig.VARIABLE, "{}"), Voicemail.identities(env), null));
        Map<String, AttributeValue> ringing = Map.of(
                CallItems.CALL_ID, s("snapstart-priming"), CallItems.SOURCE, s("priming"),
                CallItems.DIRECTION, s("in"), CallItems.FROM, s("0"), CallItems.TO, s("0"),
                CallItems.QUEUE, s("priming"), CallItems.FIRST_SEEN_AT, n("1000"), CallItems.RINGING_AT, n("1000"),
                CallItems.EVENTS, new AttributeValue().withSS("newCall"), CallItems.ORGANIZATION_ID, s("priming"));
        Map<String, AttributeValue> missed = with(ringing, Map.of(CallItems.ENDED_AT, n("26000"),
                CallItems.RAW_CAUSE, s("cancel"), CallItems.CAUSE, s("cancel"),
                CallItems.EVENTS, new AttributeValue().withSS("newCall", "hangup")));
        Map<String, AttributeValue> answered = with(missed, Map.of(CallItems.ANSWERED_AT, n("30000"),
                CallItems.ANSWERED_BY, s("priming")));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record("1", ringing, missed), record("2", missed, answered)));
        handler.handleRequest(event, null);
        return http.operations();
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String sequence, Map<String, AttributeValue> before,
                                                            Map<String, AttributeValue> after) {
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of(CallItems.CALL_ID, s("snapstart-priming")));
        change.setOldImage(before);
        change.setNewImage(after);
        change.setSequenceNumber(sequence);
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setEventID(sequence);
        record.setDynamodb(change);
        return record;
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> image,
                                                    Map<String, AttributeValue> more) {
        Map<String, AttributeValue> merged = new java.util.HashMap<>(image);
        merged.putAll(more);
        return Map.copyOf(merged);
    }

    private static AttributeValue s(String value) {
        return new AttributeValue().withS(value);
    }

    private static AttributeValue n(String value) {
        return new AttributeValue().withN(value);
    }
}
