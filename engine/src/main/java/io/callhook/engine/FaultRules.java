package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.request.Requests;
import java.util.Arrays;
import java.util.List;

/**
 * Fault rules written as JSON (admin endpoint) or as a start-up option: {@code {"operation": "PutItem",
 * "table": "calls", "kind": "THROTTLING", "times": 3, "probability": 0.5, "delayMillis": 200}}; every field but
 * {@code kind} is optional.
 */
final class FaultRules {

    private FaultRules() {
    }

    static Faults.Rule parse(JsonNode node) {
        String operation = Requests.optionalString(node, "operation");
        Faults.Rule rule = operation == null ? Faults.Rule.onAny() : Faults.Rule.on(operation);
        String table = Requests.optionalString(node, "table");
        if (table != null) {
            rule.table(table);
        }
        List<String> kinds = Arrays.stream(Faults.Kind.values()).map(Enum::name).toList();
        String kind = Requests.enumValue(node, "kind", null, kinds);
        if (kind == null) {
            throw DynamoException.validation("kind is required: one of " + kinds);
        }
        Faults.Kind parsed = Faults.Kind.valueOf(kind);
        if (parsed == Faults.Kind.DELAY) {
            Integer delay = Requests.optionalInt(node, "delayMillis", 0, 600_000);
            rule.delay(delay == null ? 0 : delay);
        } else {
            rule.answer(parsed);
        }
        Integer times = Requests.optionalInt(node, "times", 1, Integer.MAX_VALUE);
        if (times != null) {
            rule.times(times);
        }
        JsonNode probability = node.get("probability");
        if (probability != null && !probability.isNull()) {
            if (!probability.isNumber() || probability.doubleValue() < 0 || probability.doubleValue() > 1) {
                throw DynamoException.validation("probability must be a number from 0 to 1");
            }
            rule.probability(probability.doubleValue());
        }
        return rule;
    }
}
