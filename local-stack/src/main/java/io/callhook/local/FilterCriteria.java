package io.callhook.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event source mapping's {@code FilterCriteria}: a record reaches the function when any of the
 * {@link EventPattern}s matches it; without patterns every record does.
 */
final class FilterCriteria {

    private final List<EventPattern> patterns;

    private FilterCriteria(List<EventPattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    static FilterCriteria none() {
        return new FilterCriteria(List.of());
    }

    /**
     * Reads the template's {@code FilterCriteria: {Filters: [{Pattern: ...}]}}; a pattern is JSON text, as
     * CloudFormation wants, or a YAML mapping.
     */
    static FilterCriteria fromTemplate(Object filterCriteria) {
        List<EventPattern> patterns = new ArrayList<>();
        for (Object filter : LocalJson.list(LocalJson.object(filterCriteria).get("Filters"))) {
            Object pattern = LocalJson.object(filter).get("Pattern");
            if (pattern == null) {
                throw new IllegalArgumentException("every entry of FilterCriteria.Filters needs a Pattern");
            }
            patterns.add(EventPattern.parse(pattern instanceof String text ? text : LocalJson.write(pattern)));
        }
        return new FilterCriteria(patterns);
    }

    static FilterCriteria of(String... patterns) {
        return new FilterCriteria(List.of(patterns).stream().map(EventPattern::parse).toList());
    }

    boolean accepts(Map<String, Object> record) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matches(record));
    }

    int size() {
        return patterns.size();
    }
}
