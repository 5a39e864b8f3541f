package io.callhook.engine.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random items of numbers, sets and strings and random update expressions (SET with values, arithmetic and
 * if_not_exists; REMOVE; ADD; DELETE) on distinct attributes, rendered with clauses in random order, compared with
 * a reference written directly from the Developer Guide, "Update expressions": operands read the original item, ADD
 * treats a missing number as 0 and unions sets, DELETE subtracts sets and drops an emptied set.
 */
class UpdatePropertyTest {

    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "f");
    private static final List<String> NUMBERS = List.of("0", "1", "-1", "0.1", "2.5", "1E+3", "-0.25");
    private static final List<String> STRINGS = List.of("x", "y", "z");

    private static final String MISSING = "The provided expression refers to an attribute that does not exist in "
            + "the item";
    private static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";

    /** One generated action, its rendering, and its effect on the reference item. */
    private record Action(String clause, String text, String target, String kind, String source, Value value) {
    }

    @Property(tries = 1000)
    void parsedUpdateAgreesWithReference(@ForAll Random random) {
        Map<String, Value> item = new LinkedHashMap<>();
        for (String name : NAMES) {
            if (random.nextInt(3) != 0) {
                item.put(name, value(random));
            }
        }
        List<String> targets = new ArrayList<>(NAMES);
        Collections.shuffle(targets, random);
        Map<String, Value> values = new LinkedHashMap<>();
        List<Action> actions = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            actions.add(action(random, targets.get(i), values));
        }
        String text = render(random, actions);
        Map<String, Value> original = Map.copyOf(item);
        Update update = Expressions.update(text, new ExpressionAttributes(null, values));

        Set<String> errors = new LinkedHashSet<>();
        Map<String, Value> expected = reference(item, actions, errors);
        if (errors.isEmpty()) {
            assertEquals(expected, update.apply(item), () -> text + " on " + item + " with " + values);
        } else {
            DynamoException e = assertThrows(DynamoException.class, () -> update.apply(item), text);
            assertTrue(errors.contains(e.getMessage()), () -> text + ": " + e.getMessage() + " not in " + errors);
        }
        assertEquals(original, item, "the argument is never mutated");
    }

    private static Value value(Random random) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> Value.n(NUMBERS.get(random.nextInt(NUMBERS.size())));
            case 2 -> stringSet(random);
            case 3 -> numberSet(random);
            default -> Value.s(STRINGS.get(random.nextInt(STRINGS.size())));
        };
    }

    private static Value.SS stringSet(Random random) {
        Set<String> set = new LinkedHashSet<>();
        int size = 1 + random.nextInt(3);
        for (int i = 0; i < size; i++) {
            set.add(STRINGS.get(random.nextInt(STRINGS.size())));
        }
        return new Value.SS(set);
    }

    private static Value.NS numberSet(Random random) {
        Set<BigDecimal> set = new LinkedHashSet<>();
        int size = 1 + random.nextInt(3);
        for (int i = 0; i < size; i++) {
            set.add(new BigDecimal(NUMBERS.get(random.nextInt(NUMBERS.size()))));
        }
        return new Value.NS(set);
    }

    private static Action action(Random random, String target, Map<String, Value> values) {
        String source = NAMES.get(random.nextInt(NAMES.size()));
        switch (random.nextInt(7)) {
            case 0 -> {
                Value value = value(random);
                return new Action("SET", target + " = " + placeholder(values, value), target, "set", null, value);
            }
            case 1, 2 -> {
                Value number = Value.n(NUMBERS.get(random.nextInt(NUMBERS.size())));
                String op = random.nextBoolean() ? "+" : "-";
                String p = placeholder(values, number);
                String expression = random.nextBoolean() ? source + " " + op + " " + p : p + " " + op + " " + source;
                String kind = op.equals("+") ? "plus" : expression.startsWith(":") ? "minusFrom" : "minus";
                return new Action("SET", target + " = " + expression, target, kind, source, number);
            }
            case 3 -> {
                Value fallback = value(random);
                return new Action("SET", target + " = if_not_exists(" + source + ", " + placeholder(values, fallback)
                        + ")", target, "ifNotExists", source, fallback);
            }
            case 4 -> {
                return new Action("REMOVE", target, target, "remove", null, null);
            }
            case 5 -> {
                Value operand = random.nextBoolean() ? Value.n(NUMBERS.get(random.nextInt(NUMBERS.size())))
                        : random.nextBoolean() ? stringSet(random) : numberSet(random);
                return new Action("ADD", target + " " + placeholder(values, operand), target, "add", null, operand);
            }
            default -> {
                Value operand = random.nextBoolean() ? stringSet(random) : numberSet(random);
                return new Action("DELETE", target + " " + placeholder(values, operand), target, "delete", null,
                        operand);
            }
        }
    }

    private static String placeholder(Map<String, Value> values, Value value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    private static String render(Random random, List<Action> actions) {
        Map<String, List<String>> clauses = new LinkedHashMap<>();
        for (Action action : actions) {
            clauses.computeIfAbsent(action.clause(), k -> new ArrayList<>()).add(action.text());
        }
        List<String> order = new ArrayList<>(clauses.keySet());
        Collections.shuffle(order, random);
        StringBuilder text = new StringBuilder();
        for (String clause : order) {
            text.append(random.nextBoolean() ? clause : clause.toLowerCase()).append(' ')
                    .append(String.join(", ", clauses.get(clause))).append(' ');
        }
        return text.toString();
    }

    private static Map<String, Value> reference(Map<String, Value> item, List<Action> actions, Set<String> errors) {
        Map<String, Value> result = new LinkedHashMap<>(item);
        for (Action action : actions) {
            Value current = item.get(action.target());
            Value source = action.source() == null ? null : item.get(action.source());
            switch (action.kind()) {
                case "set" -> result.put(action.target(), action.value());
                case "plus", "minus", "minusFrom" -> {
                    if (source == null) {
                        errors.add(MISSING);
                    } else if (!(source instanceof Value.N n)) {
                        errors.add(WRONG_TYPE);
                    } else {
                        BigDecimal x = n.value();
                        BigDecimal y = ((Value.N) action.value()).value();
                        BigDecimal r = action.kind().equals("plus") ? x.add(y)
                                : action.kind().equals("minus") ? x.subtract(y) : y.subtract(x);
                        result.put(action.target(), new Value.N(r));
                    }
                }
                case "ifNotExists" -> result.put(action.target(), source != null ? source : action.value());
                case "remove" -> result.remove(action.target());
                case "add" -> {
                    Value added = add(current, action.value());
                    if (added == null) {
                        errors.add(WRONG_TYPE);
                    } else {
                        result.put(action.target(), added);
                    }
                }
                default -> {
                    if (current == null) {
                        break;
                    }
                    if (!current.type().equals(action.value().type())) {
                        errors.add(WRONG_TYPE);
                    } else {
                        Value left = subtract(current, action.value());
                        if (left == null) {
                            result.remove(action.target());
                        } else {
                            result.put(action.target(), left);
                        }
                    }
                }
            }
        }
        return result;
    }

    private static Value add(Value current, Value operand) {
        if (current == null) {
            return operand;
        }
        if (current instanceof Value.N a && operand instanceof Value.N b) {
            return new Value.N(a.value().add(b.value()));
        }
        if (current instanceof Value.SS a && operand instanceof Value.SS b) {
            Set<String> union = new TreeSet<>(a.values());
            union.addAll(b.values());
            return new Value.SS(union);
        }
        if (current instanceof Value.NS a && operand instanceof Value.NS b) {
            Set<BigDecimal> union = new TreeSet<>(a.values());
            union.addAll(b.values());
            return new Value.NS(union);
        }
        return null;
    }

    private static Value subtract(Value current, Value operand) {
        if (current instanceof Value.SS a) {
            Set<String> left = new TreeSet<>(a.values());
            left.removeAll(((Value.SS) operand).values());
            return left.isEmpty() ? null : new Value.SS(left);
        }
        Set<BigDecimal> left = new TreeSet<>(((Value.NS) current).values());
        left.removeAll(((Value.NS) operand).values());
        return left.isEmpty() ? null : new Value.NS(left);
    }
}
