package io.callhook.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import io.callhook.dynamodb.AttributeValue;
import java.util.HashMap;
import java.util.Map;

/** Stream records built from real items, shaped as Lambda hands them to a stream function. */
public final class StreamRecords {

    private StreamRecords() {
    }

    /** The record DynamoDB emits when an item keyed by {@code key} changes from {@code before} to {@code after}. */
    public static DynamodbEvent.DynamodbStreamRecord change(Map<String, AttributeValue> key,
                                                            Map<String, AttributeValue> before,
                                                            Map<String, AttributeValue> after, String sequence) {
        StreamRecord change = new StreamRecord();
        change.setKeys(image(key));
        change.setOldImage(before == null || before.isEmpty() ? null : image(before));
        change.setNewImage(after == null || after.isEmpty() ? null : image(after));
        change.setSequenceNumber(sequence);
        change.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(change.getOldImage() == null ? "INSERT" : change.getNewImage() == null ? "REMOVE"
                : "MODIFY");
        record.setEventSource("aws:dynamodb");
        record.setDynamodb(change);
        return record;
    }

    /** An SDK item as a Lambda event image (strings, numbers, booleans and string sets, as calls use). */
    public static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image =
                new HashMap<>();
        item.forEach((name, v) -> {
            var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
            if (v.s() != null) {
                out.setS(v.s());
            } else if (v.n() != null) {
                out.setN(v.n());
            } else if (v.bool() != null) {
                out.setBOOL(v.bool());
            } else if (v.hasSs()) {
                out.setSS(v.ss());
            }
            image.put(name, out);
        });
        return image;
    }
}
