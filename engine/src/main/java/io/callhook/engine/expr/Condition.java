package io.callhook.engine.expr;

import io.callhook.engine.model.Value;
import java.util.Map;

/**
 * A parsed condition or filter expression. Evaluation never throws: comparisons between values of different types,
 * or with a missing attribute, are simply not satisfied, as in DynamoDB. Instances are immutable and thread-safe.
 */
public interface Condition {

    /** Whether {@code item} satisfies the condition; an item that does not exist is an empty map. */
    boolean test(Map<String, Value> item);
}
