package io.callhook.engine.expr;

import io.callhook.engine.model.Value;

/** STUB until the expression work merges. */
public record SortKeyCondition(String name, Operator operator, Value value, Value upper) {
    public enum Operator { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    public boolean test(Value candidate) {
        throw new UnsupportedOperationException();
    }
}
