package io.callhook.engine.expr;

import io.callhook.engine.model.Value;

/** STUB until the expression work merges. */
public record KeyCondition(String partitionName, Value partitionValue, SortKeyCondition sort) {
}
