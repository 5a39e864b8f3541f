package io.callhook.engine.expr;

import io.callhook.engine.model.Value;
import java.util.Map;
import java.util.Set;

/** STUB until the expression work merges. */
public interface Update {
    Map<String, Value> apply(Map<String, Value> item);

    Set<String> topLevelNames();

    Projection updatedPaths();
}
