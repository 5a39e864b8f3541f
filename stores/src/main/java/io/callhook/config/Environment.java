package io.callhook.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration a function reads, by environment-variable name.
 *
 * <p>On Lambda it is the process environment; the local stack and the tests pass the variables the template
 * declares for the function, so every variable a handler reads must be declared there.
 */
public final class Environment {

    private final Map<String, String> variables;
    private final Set<String> read;

    private Environment(Map<String, String> variables, Set<String> read) {
        this.variables = Map.copyOf(variables);
        this.read = read;
    }

    private Environment(Map<String, String> variables) {
        this(variables, null);
    }

    /** An environment that remembers which names were read, so a test can hold them against the template. */
    public static Environment recording(Map<String, String> variables, Set<String> read) {
        return new Environment(variables, read);
    }

    /** The process environment, as Lambda provides it. */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    /**
     * The value of a variable the function cannot run without.
     *
     * @throws IllegalStateException naming the variable when it is missing or blank
     */
    public String require(String name) {
        String value = get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("missing environment variable " + name);
        }
        return value;
    }

    public Optional<String> optional(String name) {
        String value = get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private String get(String name) {
        if (read != null) {
            read.add(name);
        }
        return variables.get(name);
    }

    public String optional(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public long optionalLong(String name, long fallback) {
        String value = optional(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a whole number", e);
        }
    }
}
