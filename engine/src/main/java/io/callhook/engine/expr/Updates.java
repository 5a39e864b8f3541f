package io.callhook.engine.expr;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Numbers;
import io.callhook.engine.model.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The nodes of a parsed update expression and the rules for applying them to an item. */
final class Updates {

    static final String MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in "
            + "the item";
    static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";
    static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";

    private Updates() {
    }

    /** A value a SET action computes from the original item; throws DynamoDB's message when it cannot. */
    sealed interface Operand permits PathOperand, ValueOperand, IfNotExists, ListAppend, Arithmetic {
        Value eval(Map<String, Value> item);
    }

    record PathOperand(Path path) implements Operand {
        public Value eval(Map<String, Value> item) {
            Value value = path.get(item);
            if (value == null) {
                throw DynamoException.validation(MISSING_ATTRIBUTE);
            }
            return value;
        }
    }

    record ValueOperand(Value value) implements Operand {
        public Value eval(Map<String, Value> item) {
            return value;
        }
    }

    record IfNotExists(Path path, Operand fallback) implements Operand {
        public Value eval(Map<String, Value> item) {
            Value value = path.get(item);
            return value != null ? value : fallback.eval(item);
        }
    }

    record ListAppend(Operand first, Operand second) implements Operand {
        public Value eval(Map<String, Value> item) {
            Value a = first.eval(item);
            Value b = second.eval(item);
            if (!(a instanceof Value.L left) || !(b instanceof Value.L right)) {
                throw DynamoException.validation(WRONG_TYPE);
            }
            List<Value> joined = new ArrayList<>(left.values().size() + right.values().size());
            joined.addAll(left.values());
            joined.addAll(right.values());
            return new Value.L(joined);
        }
    }

    record Arithmetic(boolean plus, Operand left, Operand right) implements Operand {
        public Value eval(Map<String, Value> item) {
            Value a = left.eval(item);
            Value b = right.eval(item);
            if (!(a instanceof Value.N x) || !(b instanceof Value.N y)) {
                throw DynamoException.validation(WRONG_TYPE);
            }
            return number(plus ? x.value().add(y.value()) : x.value().subtract(y.value()));
        }
    }

    /** One action of an update expression, writing or removing the value at {@code path}. */
    sealed interface Action permits SetAction, RemoveAction, AddAction, DeleteAction {
        Path path();
    }

    record SetAction(Path path, Operand operand) implements Action {
    }

    record RemoveAction(Path path) implements Action {
    }

    record AddAction(Path path, Value value) implements Action {
    }

    record DeleteAction(Path path, Value value) implements Action {
    }

    /** A whole update expression. */
    static final class ParsedUpdate implements Update {
        private final List<SetAction> sets = new ArrayList<>();
        private final List<Action> others = new ArrayList<>();
        private final List<RemoveAction> removes = new ArrayList<>();
        private final Set<String> topLevelNames;
        private final Projection updatedPaths;

        ParsedUpdate(List<Action> actions) {
            Set<String> names = new LinkedHashSet<>();
            List<Path> paths = new ArrayList<>();
            for (Action action : actions) {
                names.add(action.path().head());
                paths.add(action.path());
                if (action instanceof SetAction set) {
                    sets.add(set);
                } else if (action instanceof RemoveAction remove) {
                    removes.add(remove);
                } else {
                    others.add(action);
                }
            }
            removes.sort((a, b) -> removalOrder(a.path(), b.path()));
            topLevelNames = Collections.unmodifiableSet(names);
            updatedPaths = new PathProjection(paths);
        }

        @Override
        public Map<String, Value> apply(Map<String, Value> item) {
            List<Value> setValues = new ArrayList<>(sets.size());
            for (SetAction set : sets) {
                setValues.add(set.operand().eval(item));
            }
            Map<String, Value> result = new LinkedHashMap<>(item);
            for (int i = 0; i < sets.size(); i++) {
                put(result, sets.get(i).path(), setValues.get(i));
            }
            for (Action action : others) {
                Value current = action.path().get(item);
                if (action instanceof AddAction add) {
                    put(result, add.path(), add(current, add.value()));
                } else {
                    DeleteAction delete = (DeleteAction) action;
                    Value remaining = current == null ? null : delete(current, delete.value());
                    if (remaining == null) {
                        remove(result, delete.path());
                    } else {
                        put(result, delete.path(), remaining);
                    }
                }
            }
            for (RemoveAction remove : removes) {
                remove(result, remove.path());
            }
            return result;
        }

        @Override
        public Set<String> topLevelNames() {
            return topLevelNames;
        }

        @Override
        public Projection updatedPaths() {
            return updatedPaths;
        }
    }

    /**
     * Orders removals so that, within one list, higher indexes go first: every index then still names the element
     * it named in the original item.
     */
    static int removalOrder(Path a, Path b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            Path.Step x = a.step(i);
            Path.Step y = b.step(i);
            if (x instanceof Path.Index xi && y instanceof Path.Index yi) {
                if (xi.index() != yi.index()) {
                    return Integer.compare(yi.index(), xi.index());
                }
            } else if (x instanceof Path.Key xk && y instanceof Path.Key yk) {
                int order = xk.name().compareTo(yk.name());
                if (order != 0) {
                    return order;
                }
            } else {
                return x instanceof Path.Key ? -1 : 1;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    static Value add(Value current, Value operand) {
        if (current == null) {
            return operand;
        }
        if (current instanceof Value.N a && operand instanceof Value.N b) {
            return number(a.value().add(b.value()));
        }
        if (current instanceof Value.SS a && operand instanceof Value.SS b) {
            Set<String> union = new LinkedHashSet<>(a.values());
            union.addAll(b.values());
            return new Value.SS(union);
        }
        if (current instanceof Value.NS a && operand instanceof Value.NS b) {
            Set<BigDecimal> union = new LinkedHashSet<>(a.values());
            union.addAll(b.values());
            return new Value.NS(union);
        }
        if (current instanceof Value.BS a && operand instanceof Value.BS b) {
            Set<Value.B> union = new LinkedHashSet<>(a.values());
            union.addAll(b.values());
            return new Value.BS(union);
        }
        throw DynamoException.validation(WRONG_TYPE);
    }

    /** The set left after removing {@code operand}'s elements, or null when nothing is left. */
    static Value delete(Value current, Value operand) {
        if (current instanceof Value.SS a && operand instanceof Value.SS b) {
            Set<String> left = new LinkedHashSet<>(a.values());
            left.removeAll(b.values());
            return left.isEmpty() ? null : new Value.SS(left);
        }
        if (current instanceof Value.NS a && operand instanceof Value.NS b) {
            Set<BigDecimal> left = new LinkedHashSet<>(a.values());
            left.removeAll(b.values());
            return left.isEmpty() ? null : new Value.NS(left);
        }
        if (current instanceof Value.BS a && operand instanceof Value.BS b) {
            Set<Value.B> left = new LinkedHashSet<>(a.values());
            left.removeAll(b.values());
            return left.isEmpty() ? null : new Value.BS(left);
        }
        throw DynamoException.validation(WRONG_TYPE);
    }

    static Value.N number(BigDecimal value) {
        try {
            return new Value.N(Numbers.checked(value));
        } catch (NumberFormatException e) {
            throw DynamoException.validation(e.getMessage());
        }
    }

    /** Writes {@code value} at {@code path}; a list index past the end appends. */
    static void put(Map<String, Value> item, Path path, Value value) {
        if (path.size() == 1) {
            item.put(path.head(), value);
            return;
        }
        Value top = item.get(path.head());
        if (top == null) {
            throw DynamoException.validation(INVALID_PATH);
        }
        item.put(path.head(), put(top, path, 1, value));
    }

    private static Value put(Value container, Path path, int i, Value value) {
        Path.Step step = path.step(i);
        boolean last = i == path.size() - 1;
        if (step instanceof Path.Key key) {
            if (!(container instanceof Value.M map)) {
                throw DynamoException.validation(INVALID_PATH);
            }
            Map<String, Value> copy = new LinkedHashMap<>(map.values());
            if (last) {
                copy.put(key.name(), value);
            } else {
                Value child = copy.get(key.name());
                if (child == null) {
                    throw DynamoException.validation(INVALID_PATH);
                }
                copy.put(key.name(), put(child, path, i + 1, value));
            }
            return new Value.M(copy);
        }
        int index = ((Path.Index) step).index();
        if (!(container instanceof Value.L list)) {
            throw DynamoException.validation(INVALID_PATH);
        }
        List<Value> copy = new ArrayList<>(list.values());
        if (last) {
            if (index < copy.size()) {
                copy.set(index, value);
            } else {
                copy.add(value);
            }
        } else {
            if (index >= copy.size()) {
                throw DynamoException.validation(INVALID_PATH);
            }
            copy.set(index, put(copy.get(index), path, i + 1, value));
        }
        return new Value.L(copy);
    }

    /**
     * Removes the value at {@code path}. A missing last element is fine; a missing or mistyped parent is
     * DynamoDB's invalid-path error.
     */
    static void remove(Map<String, Value> item, Path path) {
        if (path.size() == 1) {
            item.remove(path.head());
            return;
        }
        Value top = item.get(path.head());
        if (top == null) {
            throw DynamoException.validation(INVALID_PATH);
        }
        item.put(path.head(), remove(top, path, 1));
    }

    private static Value remove(Value container, Path path, int i) {
        Path.Step step = path.step(i);
        boolean last = i == path.size() - 1;
        if (step instanceof Path.Key key) {
            if (!(container instanceof Value.M map)) {
                throw DynamoException.validation(INVALID_PATH);
            }
            Value child = map.values().get(key.name());
            if (last && child == null) {
                return container;
            }
            if (child == null) {
                throw DynamoException.validation(INVALID_PATH);
            }
            Map<String, Value> copy = new LinkedHashMap<>(map.values());
            if (last) {
                copy.remove(key.name());
            } else {
                copy.put(key.name(), remove(child, path, i + 1));
            }
            return new Value.M(copy);
        }
        int index = ((Path.Index) step).index();
        if (!(container instanceof Value.L list)) {
            throw DynamoException.validation(INVALID_PATH);
        }
        if (index >= list.values().size()) {
            if (last) {
                return container;
            }
            throw DynamoException.validation(INVALID_PATH);
        }
        List<Value> copy = new ArrayList<>(list.values());
        if (last) {
            copy.remove(index);
        } else {
            copy.set(index, remove(copy.get(index), path, i + 1));
        }
        return new Value.L(copy);
    }
}
