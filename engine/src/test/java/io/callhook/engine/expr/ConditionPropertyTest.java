package io.callhook.engine.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.engine.model.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random items and random condition trees: each tree is rendered to expression text (names and values through
 * placeholders or plain), parsed and evaluated by the real code, and compared with a reference evaluator written
 * directly over the tree in this test. Semantics from the Developer Guide, "Condition and filter expressions,
 * operators, and functions".
 */
class ConditionPropertyTest {

    private static final List<String> NAMES = List.of("a", "b", "c", "d");
    private static final List<String> STRINGS = List.of("", "a", "ab", "b", "ba", "\uFF5E", "\uD83D\uDE00x");
    private static final List<String> NUMBERS = List.of("-1", "0", "1", "1.50", "2", "10", "1E+2", "-0.5");
    private static final List<String> TYPES = List.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

    // ------------------------------------------------------------ the test's own condition tree

    sealed interface Node permits Cmp, Between, In, And, Or, Not, Exists, TypeIs, BeginsWith, Contains {
    }

    sealed interface Operand permits PathRef, Val, Size {
    }

    record PathRef(List<Object> steps) implements Operand {
    }

    record Val(Value value) implements Operand {
    }

    record Size(PathRef path) implements Operand {
    }

    record Cmp(String op, Operand left, Operand right) implements Node {
    }

    record Between(Operand value, Operand lower, Operand upper) implements Node {
    }

    record In(Operand value, List<Operand> candidates) implements Node {
    }

    record And(Node left, Node right) implements Node {
    }

    record Or(Node left, Node right) implements Node {
    }

    record Not(Node node) implements Node {
    }

    record Exists(PathRef path, boolean expected) implements Node {
    }

    record TypeIs(PathRef path, String type) implements Node {
    }

    record BeginsWith(PathRef path, Operand prefix) implements Node {
    }

    record Contains(PathRef path, Operand operand) implements Node {
    }

    @Property(tries = 1000)
    void parsedConditionAgreesWithReference(@ForAll Random random) {
        Generator generator = new Generator(random);
        Map<String, Value> item = generator.item();
        Node node = generator.node(3);
        Renderer renderer = new Renderer(random);
        String text = renderer.render(node, 0);
        ExpressionAttributes attributes = new ExpressionAttributes(renderer.names, renderer.values);
        Condition condition = Expressions.condition(text, "FilterExpression", attributes);
        attributes.checkAllUsed();
        assertEquals(reference(node, item), condition.test(item), () -> text + " on " + item + " with "
                + renderer.values);
    }

    // ------------------------------------------------------------ generation

    static final class Generator {
        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        Map<String, Value> item() {
            Map<String, Value> item = new LinkedHashMap<>();
            for (String name : NAMES) {
                if (random.nextInt(4) != 0) {
                    item.put(name, value(2));
                }
            }
            return item;
        }

        Value value(int depth) {
            int kind = random.nextInt(depth > 0 ? 10 : 8);
            return switch (kind) {
                case 0, 1 -> Value.s(pick(STRINGS));
                case 2, 3 -> Value.n(pick(NUMBERS));
                case 4 -> binary();
                case 5 -> random.nextBoolean() ? Value.bool(random.nextBoolean()) : Value.nul();
                case 6 -> random.nextBoolean() ? stringSet() : numberSet();
                case 7 -> new Value.BS(new LinkedHashSet<>(List.of(binary(), binary())));
                case 8 -> {
                    List<Value> list = new ArrayList<>();
                    int size = random.nextInt(4);
                    for (int i = 0; i < size; i++) {
                        list.add(value(depth - 1));
                    }
                    yield new Value.L(list);
                }
                default -> {
                    Map<String, Value> map = new LinkedHashMap<>();
                    for (String name : NAMES) {
                        if (random.nextBoolean()) {
                            map.put(name, value(depth - 1));
                        }
                    }
                    yield new Value.M(map);
                }
            };
        }

        Value ordered() {
            return switch (random.nextInt(3)) {
                case 0 -> Value.s(pick(STRINGS));
                case 1 -> Value.n(pick(NUMBERS));
                default -> binary();
            };
        }

        Value.B binary() {
            byte[] bytes = new byte[random.nextInt(3)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextBoolean() ? random.nextInt(3) : 0x7f + random.nextInt(3));
            }
            return new Value.B(bytes);
        }

        Value.SS stringSet() {
            return new Value.SS(new LinkedHashSet<>(List.of(pick(STRINGS), pick(STRINGS))));
        }

        Value.NS numberSet() {
            return new Value.NS(new LinkedHashSet<>(List.of(new BigDecimal(pick(NUMBERS)),
                    new BigDecimal(pick(NUMBERS)))));
        }

        PathRef path() {
            List<Object> steps = new ArrayList<>();
            steps.add(pick(NAMES));
            int extra = random.nextInt(3) == 0 ? random.nextInt(3) : 0;
            for (int i = 0; i < extra; i++) {
                steps.add(random.nextBoolean() ? pick(NAMES) : (Object) random.nextInt(3));
            }
            return new PathRef(steps);
        }

        Node node(int depth) {
            int kind = random.nextInt(depth > 0 ? 13 : 9);
            return switch (kind) {
                case 0, 1 -> comparison();
                case 2 -> {
                    Value lower = ordered();
                    Value upper = ordered();
                    if (lower.type().equals(upper.type()) && compare(lower, upper) > 0) {
                        Value swap = lower;
                        lower = upper;
                        upper = swap;
                    }
                    Operand value = random.nextBoolean() ? path() : new Size(path());
                    Operand low = random.nextInt(4) == 0 ? path() : new Val(lower);
                    Operand high = lower.type().equals(upper.type()) ? new Val(upper) : path();
                    yield new Between(value, low, high);
                }
                case 3 -> {
                    List<Operand> candidates = new ArrayList<>();
                    int count = 1 + random.nextInt(3);
                    for (int i = 0; i < count; i++) {
                        candidates.add(random.nextInt(4) == 0 ? path() : new Val(value(1)));
                    }
                    yield new In(path(), candidates);
                }
                case 4 -> new Exists(path(), random.nextBoolean());
                case 5 -> new TypeIs(path(), pick(TYPES));
                case 6 -> new BeginsWith(path(), new Val(random.nextBoolean() ? Value.s(pick(STRINGS)) : binary()));
                case 7 -> {
                    PathRef path = path();
                    PathRef other = path();
                    yield new Contains(path, random.nextInt(4) == 0 && !other.equals(path) ? other : new Val(value(1)));
                }
                case 8 -> new Cmp("=", path(), new Val(value(2)));
                case 9 -> new And(node(depth - 1), node(depth - 1));
                case 10 -> new Or(node(depth - 1), node(depth - 1));
                case 11 -> new Not(node(depth - 1));
                default -> new And(node(depth - 1), new Or(node(depth - 1), node(depth - 1)));
            };
        }

        Node comparison() {
            String op = pick(List.of("=", "<>", "<", "<=", ">", ">="));
            boolean ordering = !op.equals("=") && !op.equals("<>");
            Operand left = random.nextInt(3) == 0 ? new Size(path()) : path();
            Operand right;
            if (random.nextInt(4) == 0) {
                PathRef other = path();
                right = other.equals(left) ? new Val(ordered()) : other;
            } else {
                right = new Val(ordering ? ordered() : value(2));
            }
            return random.nextBoolean() ? new Cmp(op, left, right) : new Cmp(mirror(op), right, left);
        }

        private <T> T pick(List<T> options) {
            return options.get(random.nextInt(options.size()));
        }
    }

    private static String mirror(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }

    // ------------------------------------------------------------ rendering

    static final class Renderer {
        private final Random random;
        final Map<String, String> names = new LinkedHashMap<>();
        final Map<String, Value> values = new LinkedHashMap<>();

        Renderer(Random random) {
            this.random = random;
        }

        /** Renders {@code node}; wraps it in parentheses when its precedence is below {@code outer}'s. */
        String render(Node node, int outer) {
            int precedence = node instanceof Or ? 1 : node instanceof And ? 2 : node instanceof Not ? 3 : 4;
            String text;
            if (node instanceof Or or) {
                text = render(or.left(), 1) + keyword(" OR ") + render(or.right(), 2);
            } else if (node instanceof And and) {
                text = render(and.left(), 2) + keyword(" AND ") + render(and.right(), 3);
            } else if (node instanceof Not not) {
                text = keyword("NOT ") + render(not.node(), 3);
            } else if (node instanceof Cmp cmp) {
                text = operand(cmp.left()) + " " + cmp.op() + " " + operand(cmp.right());
            } else if (node instanceof Between between) {
                text = operand(between.value()) + keyword(" BETWEEN ") + operand(between.lower())
                        + keyword(" AND ") + operand(between.upper());
            } else if (node instanceof In in) {
                List<String> candidates = new ArrayList<>();
                for (Operand candidate : in.candidates()) {
                    candidates.add(operand(candidate));
                }
                text = operand(in.value()) + keyword(" IN ") + "(" + String.join(", ", candidates) + ")";
            } else if (node instanceof Exists exists) {
                text = (exists.expected() ? "attribute_exists(" : "attribute_not_exists(") + path(exists.path()) + ")";
            } else if (node instanceof TypeIs type) {
                text = "attribute_type(" + path(type.path()) + ", " + value(Value.s(type.type())) + ")";
            } else if (node instanceof BeginsWith begins) {
                text = "begins_with(" + path(begins.path()) + ", " + operand(begins.prefix()) + ")";
            } else {
                Contains contains = (Contains) node;
                text = "contains(" + path(contains.path()) + ", " + operand(contains.operand()) + ")";
            }
            boolean wrap = precedence < outer || random.nextInt(8) == 0;
            return wrap ? "(" + text + ")" : text;
        }

        private String keyword(String keyword) {
            return random.nextBoolean() ? keyword : keyword.toLowerCase();
        }

        private String operand(Operand operand) {
            if (operand instanceof PathRef path) {
                return path(path);
            }
            if (operand instanceof Val val) {
                return value(val.value());
            }
            return "size(" + path(((Size) operand).path()) + ")";
        }

        private String path(PathRef path) {
            StringBuilder text = new StringBuilder();
            for (Object step : path.steps()) {
                if (step instanceof Integer index) {
                    text.append('[').append(index).append(']');
                } else {
                    if (!text.isEmpty()) {
                        text.append('.');
                    }
                    String name = (String) step;
                    if (random.nextBoolean()) {
                        String placeholder = "#" + name;
                        names.put(placeholder, name);
                        text.append(placeholder);
                    } else {
                        text.append(name);
                    }
                }
            }
            return text.toString();
        }

        private String value(Value value) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, value);
            return placeholder;
        }
    }

    // ------------------------------------------------------------ reference semantics

    static boolean reference(Node node, Map<String, Value> item) {
        if (node instanceof Or or) {
            return reference(or.left(), item) || reference(or.right(), item);
        }
        if (node instanceof And and) {
            return reference(and.left(), item) && reference(and.right(), item);
        }
        if (node instanceof Not not) {
            return !reference(not.node(), item);
        }
        if (node instanceof Cmp cmp) {
            return compare(cmp.op(), eval(cmp.left(), item), eval(cmp.right(), item));
        }
        if (node instanceof Between between) {
            Value value = eval(between.value(), item);
            return compare(">=", value, eval(between.lower(), item))
                    && compare("<=", value, eval(between.upper(), item));
        }
        if (node instanceof In in) {
            Value value = eval(in.value(), item);
            boolean found = false;
            for (Operand candidate : in.candidates()) {
                found |= value != null && value.equals(eval(candidate, item));
            }
            return found;
        }
        if (node instanceof Exists exists) {
            return (resolve(exists.path(), item) != null) == exists.expected();
        }
        if (node instanceof TypeIs type) {
            Value value = resolve(type.path(), item);
            return value != null && value.type().equals(type.type());
        }
        if (node instanceof BeginsWith begins) {
            Value value = resolve(begins.path(), item);
            Value prefix = eval(begins.prefix(), item);
            if (value instanceof Value.S s && prefix instanceof Value.S p) {
                return s.value().startsWith(p.value());
            }
            if (value instanceof Value.B b && prefix instanceof Value.B p) {
                byte[] bytes = b.value();
                return bytes.length >= p.value().length
                        && Arrays.equals(Arrays.copyOf(bytes, p.value().length), p.value());
            }
            return false;
        }
        Contains contains = (Contains) node;
        return containsReference(resolve(contains.path(), item), eval(contains.operand(), item));
    }

    private static boolean containsReference(Value value, Value operand) {
        if (value == null || operand == null) {
            return false;
        }
        if (value instanceof Value.S s) {
            return operand instanceof Value.S o && s.value().contains(o.value());
        }
        if (value instanceof Value.SS set) {
            return operand instanceof Value.S o && set.values().contains(o.value());
        }
        if (value instanceof Value.NS set) {
            return operand instanceof Value.N o && set.values().stream().anyMatch(x -> x.compareTo(o.value()) == 0);
        }
        if (value instanceof Value.BS set) {
            return operand instanceof Value.B o && set.values().contains(o);
        }
        if (value instanceof Value.L list) {
            return list.values().contains(operand);
        }
        if (value instanceof Value.B b && operand instanceof Value.B o) {
            return new String(b.value(), StandardCharsets.ISO_8859_1)
                    .contains(new String(o.value(), StandardCharsets.ISO_8859_1));
        }
        return false;
    }

    private static Value eval(Operand operand, Map<String, Value> item) {
        if (operand instanceof PathRef path) {
            return resolve(path, item);
        }
        if (operand instanceof Val val) {
            return val.value();
        }
        Value value = resolve(((Size) operand).path(), item);
        if (value instanceof Value.S s) {
            return Value.n(s.value().length());
        }
        if (value instanceof Value.B b) {
            return Value.n(b.value().length);
        }
        if (value instanceof Value.SS set) {
            return Value.n(set.values().size());
        }
        if (value instanceof Value.NS set) {
            return Value.n(set.values().size());
        }
        if (value instanceof Value.BS set) {
            return Value.n(set.values().size());
        }
        if (value instanceof Value.L list) {
            return Value.n(list.values().size());
        }
        if (value instanceof Value.M map) {
            return Value.n(map.values().size());
        }
        return null;
    }

    private static Value resolve(PathRef path, Map<String, Value> item) {
        Value value = item.get((String) path.steps().get(0));
        for (Object step : path.steps().subList(1, path.steps().size())) {
            if (step instanceof String key && value instanceof Value.M map) {
                value = map.values().get(key);
            } else if (step instanceof Integer index && value instanceof Value.L list && index < list.values().size()) {
                value = list.values().get(index);
            } else {
                return null;
            }
        }
        return value;
    }

    private static boolean compare(String op, Value left, Value right) {
        if (op.equals("<>")) {
            return left == null || right == null || !left.equals(right);
        }
        if (left == null || right == null) {
            return false;
        }
        if (op.equals("=")) {
            return left.equals(right);
        }
        if (!left.type().equals(right.type()) || !Set.of("S", "N", "B").contains(left.type())) {
            return false;
        }
        int order = compare(left, right);
        return switch (op) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }

    /** Order of two values of one orderable type: numbers by value, strings by UTF-8 bytes, binary unsigned. */
    static int compare(Value left, Value right) {
        if (left instanceof Value.N n) {
            return n.value().compareTo(((Value.N) right).value());
        }
        if (left instanceof Value.S s) {
            return Arrays.compareUnsigned(s.value().getBytes(StandardCharsets.UTF_8),
                    ((Value.S) right).value().getBytes(StandardCharsets.UTF_8));
        }
        return Arrays.compareUnsigned(((Value.B) left).value(), ((Value.B) right).value());
    }
}
