package io.callhook.missed;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LineSettingsConfig;
import io.callhook.config.OrganizationSettings;
import io.callhook.config.PrimingHttpClient;
import io.callhook.config.Voicemail;
import io.callhook.contact.NumberKeys;
import io.callhook.events.EventBridgePublisher;
import io.callhook.store.CallItemLayout;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoMissedCallStore;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the stream path: a call becoming missed, then answered late, through a handler whose
 * DynamoDB and EventBridge clients answer themselves ({@link PrimingHttpClient}): image conversion, the missed-call
 * rule, the listing and retraction transactions, the callback worklist's reads and writes and the {@code PutEvents}
 * calls, marshalled and signed, and libphonenumber's first number (the worklist's keys). Nothing
 * leaves the process: no table is written, no event published.
 */
final class MissedCallsPriming {

    private MissedCallsPriming() {
    }

    /** Runs the two records; returns the operations sent. */
    static List<String> primeRequestPath(Environment env) {
        PrimingHttpClient http = new PrimingHttpClient();
        io.callhook.dynamodb.DynamoDbJsonClient dynamo = AwsClients.dynamoDb(env, http);
        MissedCallsHandler handler = new MissedCallsHandler(DynamoMissedCallStore.fromEnvironment(dynamo, env),
                DynamoCallbackStore.fromEnvironment(dynamo, env),
                new EventBridgePublisher(EventBridgePublisher.client(env, http),
                        env.optional(EventBridgePublisher.BUS_VARIABLE, "default")),
                LineSettingsConfig.parse(env.optional(LineSettingsConfig.VARIABLE, "{}"), Voicemail.identities(env),
                        null));
        Map<String, AttributeValue> ringing = Map.of(
                CallItemLayout.CALL_ID, s("snapstart-priming"), CallItemLayout.SOURCE, s("priming"),
                CallItemLayout.DIRECTION, s("in"), CallItemLayout.FROM, s("0"), CallItemLayout.TO, s("0"),
                CallItemLayout.QUEUE, s("priming"), CallItemLayout.FIRST_SEEN_AT, n("1000"),
                        CallItemLayout.RINGING_AT, n("1000"),
                CallItemLayout.EVENTS, new AttributeValue().withSS("newCall"), CallItemLayout.ORGANIZATION_ID, s(
                        "priming"));
        Map<String, AttributeValue> missed = with(ringing, Map.of(CallItemLayout.ENDED_AT, n("26000"),
                CallItemLayout.RAW_CAUSE, s("cancel"), CallItemLayout.CAUSE, s("cancel"),
                CallItemLayout.EVENTS, new AttributeValue().withSS("newCall", "hangup")));
        Map<String, AttributeValue> answered = with(missed, Map.of(CallItemLayout.ANSWERED_AT, n("30000"),
                CallItemLayout.ANSWERED_BY, s("priming")));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record("1", ringing, missed), record("2", missed, answered)));
        handler.handleRequest(event, null);
        // libphonenumber (the worklist's E.164 keys): its classes and the default region's metadata, read once
        NumberKeys.worklist("+4930123456", OrganizationSettings.defaults(env).defaults().defaultRegion());
        return http.operations();
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String sequence, Map<String, AttributeValue> before,
                                                            Map<String, AttributeValue> after) {
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of(CallItemLayout.CALL_ID, s("snapstart-priming")));
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
