package io.callhook.engine.expr;

import io.callhook.engine.model.Value;

/**
 * The sort-key part of a key condition. {@link #test} compares as DynamoDB orders keys: numbers numerically, strings
 * by code point (UTF-8 byte order), binaries by unsigned bytes; a candidate of another type never matches.
 *
 * @param upper the upper bound for {@link Operator#BETWEEN}, null otherwise
 */
public record SortKeyCondition(String name, Operator operator, Value value, Value upper) {

    /** The comparisons a key condition allows on a sort key. */
    public enum Operator { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    /** Whether a sort-key value satisfies this condition. */
    public boolean test(Value candidate) {
        if (candidate == null) {
            return false;
        }
        if (operator == Operator.EQ) {
            return candidate.equals(value);
        }
        if (operator == Operator.BEGINS_WITH) {
            return Values.beginsWith(candidate, value);
        }
        Integer order = Values.compare(candidate, value);
        if (order == null) {
            return false;
        }
        return switch (operator) {
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
            default -> {
                Integer toUpper = Values.compare(candidate, upper);
                yield order >= 0 && toUpper != null && toUpper <= 0;
            }
        };
    }
}
