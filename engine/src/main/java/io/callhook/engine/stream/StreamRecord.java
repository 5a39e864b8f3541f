package io.callhook.engine.stream;

import io.callhook.engine.model.Value;
import java.util.Map;

/**
 * One change of one item as DynamoDB Streams reports it.
 *
 * @param sequenceNumber increases with every record of the database
 * @param eventName      INSERT, MODIFY or REMOVE
 * @param createdAtMillis when the change was made
 * @param keys           the item's key attributes
 * @param oldImage       the item before, or null
 * @param newImage       the item after, or null
 * @param byTtl          true when the TTL sweeper deleted the item
 */
public record StreamRecord(long sequenceNumber, String eventName, long createdAtMillis, Map<String, Value> keys,
                           Map<String, Value> oldImage, Map<String, Value> newImage, boolean byTtl) {
}
