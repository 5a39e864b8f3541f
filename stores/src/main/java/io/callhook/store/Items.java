package io.callhook.store;

import io.callhook.dynamodb.AttributeValue;
import java.time.Instant;
import java.util.Map;

/** Reading attributes of a DynamoDB item, the same way for every table: an absent attribute reads as {@code null}. */
final class Items {

    private Items() {
    }

    /** A string attribute; {@code null} when absent or not a string. */
    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** A number attribute holding epoch milliseconds; {@code null} when absent or not a number. */
    static Instant time(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }
}
