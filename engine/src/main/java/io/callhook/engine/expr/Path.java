package io.callhook.engine.expr;

import io.callhook.engine.model.Value;
import java.util.List;
import java.util.Map;

/** A resolved document path: a top-level attribute name followed by map keys and list indexes. */
record Path(List<Step> steps) {

    /** One element of a document path. */
    sealed interface Step permits Key, Index {
    }

    /** A map key (or, first in a path, a top-level attribute name). */
    record Key(String name) implements Step {
    }

    /** A list index. */
    record Index(int index) implements Step {
    }

    Path {
        steps = List.copyOf(steps);
    }

    String head() {
        return ((Key) steps.get(0)).name();
    }

    int size() {
        return steps.size();
    }

    Step step(int i) {
        return steps.get(i);
    }

    /** The value at this path, or null when any element of it is missing or of the wrong type. */
    Value get(Map<String, Value> item) {
        Value value = item.get(head());
        for (int i = 1; i < steps.size() && value != null; i++) {
            value = child(value, steps.get(i));
        }
        return value;
    }

    static Value child(Value container, Step step) {
        if (step instanceof Key key) {
            return container instanceof Value.M map ? map.values().get(key.name()) : null;
        }
        int index = ((Index) step).index();
        if (container instanceof Value.L list && index < list.values().size()) {
            return list.values().get(index);
        }
        return null;
    }

    /** DynamoDB's rendering in error messages, e.g. {@code [a, b, [2]]}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            Step step = steps.get(i);
            if (step instanceof Key key) {
                text.append(key.name());
            } else {
                text.append('[').append(((Index) step).index()).append(']');
            }
        }
        return text.append(']').toString();
    }
}
