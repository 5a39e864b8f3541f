package io.callhook.engine;

import io.callhook.engine.model.Value;
import java.util.Map;

/**
 * Why one action of a cancelled transaction failed ({@code None} when it did not).
 *
 * @param code    None, ConditionalCheckFailed, TransactionConflict, ValidationError, ...
 * @param message the reason's message, or null
 * @param item    the item, when the action asked for it on a failed condition
 */
public record CancellationReason(String code, String message, Map<String, Value> item) {

    public static final CancellationReason NONE = new CancellationReason("None", null, null);
}
