package io.callhook.engine.expr;

import io.callhook.engine.model.Value;
import java.util.Map;
import java.util.Set;

/**
 * A parsed projection: a set of document paths. Applying it returns a new item holding only those paths, with nested
 * maps and lists pruned to the selected elements; paths missing from the item are left out. Immutable, thread-safe.
 */
public interface Projection {

    /** A new item holding the projected paths of {@code item}; never mutates the argument. */
    Map<String, Value> apply(Map<String, Value> item);

    /** The top-level attribute names of the projected paths. */
    Set<String> topLevelNames();
}
