package io.callhook.engine.expr;

import io.callhook.engine.model.Value;
import java.util.List;
import java.util.Map;

/** The nodes of a parsed condition: operands that yield values and conditions that yield booleans. */
final class Conditions {

    private Conditions() {
    }

    /** Something a condition compares: a document path, a value placeholder or {@code size(path)}. */
    sealed interface Operand permits PathOperand, ValueOperand, SizeOperand {
        /** The operand's value for this item, or null when it has none (missing attribute, size of a number). */
        Value eval(Map<String, Value> item);
    }

    record PathOperand(Path path) implements Operand {
        public Value eval(Map<String, Value> item) {
            return path.get(item);
        }
    }

    record ValueOperand(Value value) implements Operand {
        public Value eval(Map<String, Value> item) {
            return value;
        }
    }

    record SizeOperand(Path path) implements Operand {
        public Value eval(Map<String, Value> item) {
            Value value = path.get(item);
            return value == null ? null : Values.size(value);
        }
    }

    enum Comparator {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }

        boolean test(Value left, Value right) {
            if (this == NE) {
                return left == null || right == null || !left.equals(right);
            }
            if (left == null || right == null) {
                return false;
            }
            if (this == EQ) {
                return left.equals(right);
            }
            Integer order = Values.compare(left, right);
            if (order == null) {
                return false;
            }
            return switch (this) {
                case LT -> order < 0;
                case LE -> order <= 0;
                case GT -> order > 0;
                default -> order >= 0;
            };
        }
    }

    record Compare(Comparator comparator, Operand left, Operand right) implements Condition {
        public boolean test(Map<String, Value> item) {
            return comparator.test(left.eval(item), right.eval(item));
        }
    }

    record Between(Operand operand, Operand lower, Operand upper) implements Condition {
        public boolean test(Map<String, Value> item) {
            Value value = operand.eval(item);
            return Comparator.GE.test(value, lower.eval(item)) && Comparator.LE.test(value, upper.eval(item));
        }
    }

    record In(Operand operand, List<Operand> candidates) implements Condition {
        In {
            candidates = List.copyOf(candidates);
        }

        public boolean test(Map<String, Value> item) {
            Value value = operand.eval(item);
            if (value == null) {
                return false;
            }
            for (Operand candidate : candidates) {
                if (value.equals(candidate.eval(item))) {
                    return true;
                }
            }
            return false;
        }
    }

    record And(Condition left, Condition right) implements Condition {
        public boolean test(Map<String, Value> item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        public boolean test(Map<String, Value> item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Condition condition) implements Condition {
        public boolean test(Map<String, Value> item) {
            return !condition.test(item);
        }
    }

    record Exists(Path path, boolean expected) implements Condition {
        public boolean test(Map<String, Value> item) {
            return (path.get(item) != null) == expected;
        }
    }

    record TypeIs(Path path, String type) implements Condition {
        public boolean test(Map<String, Value> item) {
            Value value = path.get(item);
            return value != null && value.type().equals(type);
        }
    }

    record BeginsWith(Operand operand, Operand prefix) implements Condition {
        public boolean test(Map<String, Value> item) {
            Value value = operand.eval(item);
            Value start = prefix.eval(item);
            return value != null && start != null && Values.beginsWith(value, start);
        }
    }

    record Contains(Operand operand, Operand element) implements Condition {
        public boolean test(Map<String, Value> item) {
            Value value = operand.eval(item);
            Value part = element.eval(item);
            return value != null && part != null && Values.contains(value, part);
        }
    }
}
