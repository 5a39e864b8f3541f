package io.callhook.local;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One EventBridge-style content filter, as Lambda applies a {@code FilterCriteria} pattern to a stream record's JSON
 * form ({@code eventName}, {@code dynamodb.NewImage.<attribute>.S}, ...).
 *
 * <p>Every key of the pattern must match. A nested object descends into the record; an array lists alternatives
 * for one value: exact strings, numbers, booleans or {@code null}, and {@code {"prefix"}}, {@code {"suffix"}},
 * {@code {"equals-ignore-case"}}, {@code {"wildcard"}}, {@code {"anything-but"}}, {@code {"numeric"}} and
 * {@code {"exists"}}; {@code "$or"} takes a list of alternative patterns. When the record holds an array, any of its
 * elements may match. Types are strict, as on AWS: a number pattern never matches a string, so DynamoDB's
 * {@code N} values (strings in the record) match string patterns only. A field the record lacks matches only
 * {@code {"exists": false}}.
 */
final class EventPattern {

    private static final Set<String> NUMERIC_OPERATORS = Set.of("<", "<=", "=", ">", ">=");

    private final Map<String, Object> pattern;

    private EventPattern(Map<String, Object> pattern) {
        this.pattern = pattern;
    }

    /**
     * Reads a pattern (its JSON text).
     *
     * @throws IllegalArgumentException naming what is wrong, for a pattern AWS would refuse
     */
    static EventPattern parse(String json) {
        Map<String, Object> pattern;
        try {
            pattern = LocalJson.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("filter pattern is not a JSON object: " + json, e);
        }
        validateObject(pattern, "");
        return new EventPattern(pattern);
    }

    boolean matches(Map<String, Object> event) {
        return matchesObject(pattern, event);
    }

    @Override
    public String toString() {
        return LocalJson.write(pattern);
    }

    private static boolean matchesObject(Map<String, Object> pattern, Map<String, Object> event) {
        for (Map.Entry<String, Object> entry : pattern.entrySet()) {
            String key = entry.getKey();
            Object expected = entry.getValue();
            if (key.equals("$or")) {
                if (LocalJson.list(expected).stream().noneMatch(alternative ->
                        matchesObject(LocalJson.object(alternative), event))) {
                    return false;
                }
                continue;
            }
            boolean present = event.containsKey(key);
            Object actual = event.get(key);
            boolean matched;
            if (expected instanceof Map<?, ?> nested) {
                matched = matchesNested(LocalJson.cast(nested), actual);
            } else {
                matched = matchesLeaf((List<?>) expected, present, actual);
            }
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesNested(Map<String, Object> pattern, Object actual) {
        if (actual instanceof Map<?, ?> object) {
            return matchesObject(pattern, LocalJson.cast(object));
        }
        if (actual instanceof List<?> list) {
            for (Object element : list) {
                if (element instanceof Map<?, ?> object && matchesObject(pattern, LocalJson.cast(object))) {
                    return true;
                }
            }
        }
        return matchesObject(pattern, Map.of());
    }

    private static boolean matchesLeaf(List<?> matchers, boolean present, Object actual) {
        boolean leaf = present && !(actual instanceof Map<?, ?>);
        List<?> values = !leaf ? List.of()
                : actual instanceof List<?> list ? list : Collections.singletonList(actual);
        for (Object matcher : matchers) {
            if (matcher instanceof Map<?, ?> operator && operator.containsKey("exists")) {
                if (Boolean.TRUE.equals(operator.get("exists")) == leaf) {
                    return true;
                }
                continue;
            }
            for (Object value : values) {
                if (matchesValue(matcher, value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesValue(Object matcher, Object value) {
        if (!(matcher instanceof Map<?, ?> operator)) {
            return equalsTyped(matcher, value);
        }
        Map.Entry<?, ?> only = operator.entrySet().iterator().next();
        String name = String.valueOf(only.getKey());
        Object argument = only.getValue();
        if (name.equals("anything-but")) {
            return anythingBut(argument, value);
        }
        if (name.equals("numeric")) {
            return value instanceof Number n && numeric((List<?>) argument, n.doubleValue());
        }
        if (!(value instanceof String text)) {
            return false;
        }
        String ignoringCase = argument instanceof Map<?, ?> m ? (String) m.get("equals-ignore-case") : null;
        return switch (name) {
            case "prefix" -> ignoringCase != null ? startsWithIgnoreCase(text, ignoringCase)
                    : text.startsWith((String) argument);
            case "suffix" -> ignoringCase != null ? endsWithIgnoreCase(text, ignoringCase)
                    : text.endsWith((String) argument);
            case "equals-ignore-case" -> text.equalsIgnoreCase((String) argument);
            case "wildcard" -> wildcard((String) argument).matcher(text).matches();
            default -> throw new IllegalStateException("validated at parse: " + name);
        };
    }

    private static boolean anythingBut(Object excluded, Object value) {
        if (excluded instanceof List<?> list) {
            return list.stream().noneMatch(e -> equalsTyped(e, value));
        }
        if (excluded instanceof Map<?, ?> operator) {
            Map.Entry<?, ?> only = operator.entrySet().iterator().next();
            if (!(value instanceof String s)) {
                return true;
            }
            List<?> arguments = only.getValue() instanceof List<?> many ? many : List.of(only.getValue());
            return switch (String.valueOf(only.getKey())) {
                case "prefix" -> arguments.stream().noneMatch(a -> s.startsWith((String) a));
                case "suffix" -> arguments.stream().noneMatch(a -> s.endsWith((String) a));
                case "equals-ignore-case" -> arguments.stream().noneMatch(a -> s.equalsIgnoreCase((String) a));
                case "wildcard" -> arguments.stream().noneMatch(a -> wildcard((String) a).matcher(s).matches());
                default -> throw new IllegalStateException("validated at parse: " + only.getKey());
            };
        }
        return !equalsTyped(excluded, value);
    }

    private static boolean equalsTyped(Object expected, Object value) {
        if (expected == null || value == null) {
            return expected == value;
        }
        if (expected instanceof Number a) {
            return value instanceof Number b && Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        return expected.equals(value);
    }

    private static boolean numeric(List<?> conditions, double value) {
        for (int i = 0; i + 1 < conditions.size(); i += 2) {
            double bound = ((Number) conditions.get(i + 1)).doubleValue();
            boolean holds = switch ((String) conditions.get(i)) {
                case "<" -> value < bound;
                case "<=" -> value <= bound;
                case "=" -> value == bound;
                case ">" -> value > bound;
                case ">=" -> value >= bound;
                default -> throw new IllegalStateException("validated at parse");
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static boolean endsWithIgnoreCase(String value, String suffix) {
        int start = value.length() - suffix.length();
        return start >= 0 && value.regionMatches(true, start, suffix, 0, suffix.length());
    }

    private static Pattern wildcard(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    // ---- validation: refuse at start what AWS refuses when the mapping is created ----

    private static void validateObject(Map<String, Object> pattern, String path) {
        if (pattern.isEmpty() && !path.isEmpty()) {
            throw invalid(path, "an empty object matches nothing");
        }
        pattern.forEach((key, value) -> {
            String at = path.isEmpty() ? key : path + "." + key;
            if (key.equals("$or")) {
                List<?> alternatives = LocalJson.list(value);
                if (alternatives.size() < 2) {
                    throw invalid(at, "$or needs a list of at least two patterns");
                }
                alternatives.forEach(a -> {
                    if (!(a instanceof Map<?, ?> object)) {
                        throw invalid(at, "$or takes objects");
                    }
                    validateObject(LocalJson.cast(object), at);
                });
            } else if (value instanceof Map<?, ?> nested) {
                validateObject(LocalJson.cast(nested), at);
            } else if (value instanceof List<?> matchers) {
                if (matchers.isEmpty()) {
                    throw invalid(at, "an empty list matches nothing");
                }
                matchers.forEach(m -> validateMatcher(m, at));
            } else {
                throw invalid(at, "a value must be an array of matchers or a nested object");
            }
        });
    }

    private static void validateMatcher(Object matcher, String at) {
        if (!(matcher instanceof Map<?, ?> operator)) {
            if (matcher instanceof List<?>) {
                throw invalid(at, "matchers cannot be nested arrays");
            }
            return;
        }
        if (operator.size() != 1) {
            throw invalid(at, "a matcher object has exactly one operator");
        }
        Map.Entry<?, ?> only = operator.entrySet().iterator().next();
        Object argument = only.getValue();
        switch (String.valueOf(only.getKey())) {
            case "exists" -> require(argument instanceof Boolean, at, "exists takes true or false");
            case "prefix", "suffix" -> require(argument instanceof String || argument instanceof Map<?, ?> m
                            && m.size() == 1 && m.get("equals-ignore-case") instanceof String,
                    at, only.getKey() + " takes a string");
            case "equals-ignore-case", "wildcard" -> require(argument instanceof String, at,
                    only.getKey() + " takes a string");
            case "numeric" -> {
                List<?> conditions = LocalJson.list(argument);
                require(conditions.size() == 2 || conditions.size() == 4, at,
                        "numeric takes one or two operator/number pairs");
                for (int i = 0; i < conditions.size(); i += 2) {
                    require(NUMERIC_OPERATORS.contains(conditions.get(i)) && conditions.get(i + 1) instanceof Number,
                            at, "numeric takes pairs of <, <=, =, >, >= and a number");
                }
            }
            case "anything-but" -> {
                if (argument instanceof Map<?, ?> m) {
                    require(m.size() == 1, at, "anything-but takes one operator");
                    Map.Entry<?, ?> inner = m.entrySet().iterator().next();
                    require(Set.of("prefix", "suffix", "equals-ignore-case", "wildcard").contains(inner.getKey())
                                    && (inner.getValue() instanceof String || inner.getValue() instanceof List<?>),
                            at, "anything-but takes values or prefix/suffix/equals-ignore-case/wildcard");
                } else if (argument instanceof List<?> values) {
                    require(!values.isEmpty() && values.stream().noneMatch(v -> v instanceof Map || v instanceof List),
                            at, "anything-but takes a list of strings or numbers");
                }
            }
            default -> throw invalid(at, "unsupported operator " + only.getKey());
        }
    }

    private static void require(boolean condition, String at, String message) {
        if (!condition) {
            throw invalid(at, message);
        }
    }

    private static IllegalArgumentException invalid(String at, String message) {
        return new IllegalArgumentException("filter pattern at " + at + ": " + message);
    }
}
