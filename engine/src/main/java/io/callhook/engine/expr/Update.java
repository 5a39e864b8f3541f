package io.callhook.engine.expr;

import io.callhook.engine.model.Value;
import java.util.Map;
import java.util.Set;

/**
 * A parsed update expression (SET, REMOVE, ADD, DELETE). All operands are read from the item as it was before the
 * update, as DynamoDB does. Immutable and thread-safe.
 */
public interface Update {

    /**
     * A new item with the update applied; never mutates the argument. Throws a ValidationException with DynamoDB's
     * message when the update cannot apply to this item (missing operand attribute, wrong operand type, invalid
     * document path, number out of range).
     */
    Map<String, Value> apply(Map<String, Value> item);

    /** The top-level attribute names the update writes or removes. */
    Set<String> topLevelNames();

    /** A projection of exactly the document paths the update writes or removes (for UPDATED_OLD and UPDATED_NEW). */
    Projection updatedPaths();
}
