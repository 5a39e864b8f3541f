package io.callhook.engine.expr;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.expr.Conditions.Comparator;
import io.callhook.engine.expr.Conditions.Operand;
import io.callhook.engine.expr.Conditions.PathOperand;
import io.callhook.engine.expr.Conditions.SizeOperand;
import io.callhook.engine.expr.Conditions.ValueOperand;
import io.callhook.engine.expr.SortKeyCondition.Operator;
import io.callhook.engine.model.Value;
import java.util.ArrayList;
import java.util.List;

/** Turns a parsed condition into a key condition, refusing what a KeyConditionExpression cannot hold. */
final class KeyConditions {

    private KeyConditions() {
    }

    static KeyCondition of(Condition condition) {
        List<Condition> parts = new ArrayList<>();
        flatten(condition, parts);
        List<SortKeyCondition> keys = new ArrayList<>();
        for (Condition part : parts) {
            SortKeyCondition key = key(part);
            for (SortKeyCondition other : keys) {
                if (other.name().equals(key.name())) {
                    throw refuse("KeyConditionExpressions must only contain one condition per key");
                }
            }
            keys.add(key);
        }
        if (keys.size() > 2) {
            throw refuse("Query key condition not supported");
        }
        SortKeyCondition first = keys.get(0);
        SortKeyCondition second = keys.size() > 1 ? keys.get(1) : null;
        if (first.operator() != Operator.EQ) {
            if (second == null || second.operator() != Operator.EQ) {
                throw refuse("Query key condition not supported");
            }
            SortKeyCondition swap = first;
            first = second;
            second = swap;
        }
        return new KeyCondition(first.name(), first.value(), second);
    }

    private static void flatten(Condition condition, List<Condition> parts) {
        if (condition instanceof Conditions.And and) {
            flatten(and.left(), parts);
            flatten(and.right(), parts);
        } else {
            parts.add(condition);
        }
    }

    private static SortKeyCondition key(Condition part) {
        if (part instanceof Conditions.Or) {
            throw invalidOperator("OR");
        }
        if (part instanceof Conditions.Not) {
            throw invalidOperator("NOT");
        }
        if (part instanceof Conditions.In) {
            throw invalidOperator("IN");
        }
        if (part instanceof Conditions.Exists exists) {
            throw invalidOperator(exists.expected() ? "attribute_exists" : "attribute_not_exists");
        }
        if (part instanceof Conditions.TypeIs) {
            throw invalidOperator("attribute_type");
        }
        if (part instanceof Conditions.Contains) {
            throw invalidOperator("contains");
        }
        if (part instanceof Conditions.Compare compare) {
            if (compare.comparator() == Comparator.NE) {
                throw invalidOperator("<>");
            }
            checkOperands(compare.left(), compare.right());
            boolean keyFirst = compare.left() instanceof PathOperand;
            Operand key = keyFirst ? compare.left() : compare.right();
            Operand value = keyFirst ? compare.right() : compare.left();
            if (!(key instanceof PathOperand path)) {
                throw refuse("Invalid condition in KeyConditionExpression: No key attribute specified");
            }
            Comparator comparator = keyFirst ? compare.comparator() : flip(compare.comparator());
            return new SortKeyCondition(name(path), operator(comparator), valueOf(value), null);
        }
        if (part instanceof Conditions.Between between) {
            checkOperands(between.operand(), between.lower(), between.upper());
            if (!(between.operand() instanceof PathOperand path)) {
                throw refuse("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key "
                        + "attribute as its first operand");
            }
            return new SortKeyCondition(name(path), Operator.BETWEEN, valueOf(between.lower()),
                    valueOf(between.upper()));
        }
        if (part instanceof Conditions.BeginsWith begins) {
            checkOperands(begins.operand(), begins.prefix());
            if (!(begins.operand() instanceof PathOperand path)) {
                throw refuse("Invalid condition in KeyConditionExpression: begins_with operator must have the key "
                        + "attribute as its first operand");
            }
            return new SortKeyCondition(name(path), Operator.BEGINS_WITH, valueOf(begins.prefix()), null);
        }
        throw refuse("Query key condition not supported");
    }

    private static void checkOperands(Operand... operands) {
        int paths = 0;
        for (Operand operand : operands) {
            if (operand instanceof SizeOperand) {
                throw refuse("KeyConditionExpressions cannot contain nested operations");
            }
            if (operand instanceof PathOperand path) {
                paths++;
                if (path.path().size() > 1) {
                    throw refuse("KeyConditionExpressions cannot have conditions on nested attributes");
                }
            }
        }
        if (paths > 1) {
            throw refuse("Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
                    + "condition");
        }
        if (paths == 0) {
            throw refuse("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
    }

    private static String name(PathOperand path) {
        return path.path().head();
    }

    private static Value valueOf(Operand operand) {
        return ((ValueOperand) operand).value();
    }

    private static Comparator flip(Comparator comparator) {
        return switch (comparator) {
            case LT -> Comparator.GT;
            case LE -> Comparator.GE;
            case GT -> Comparator.LT;
            case GE -> Comparator.LE;
            default -> comparator;
        };
    }

    private static Operator operator(Comparator comparator) {
        return switch (comparator) {
            case EQ -> Operator.EQ;
            case LT -> Operator.LT;
            case LE -> Operator.LE;
            case GT -> Operator.GT;
            default -> Operator.GE;
        };
    }

    private static DynamoException invalidOperator(String operator) {
        return refuse("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static DynamoException refuse(String message) {
        return DynamoException.validation(message);
    }
}
