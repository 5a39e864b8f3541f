package io.callhook.config;

import io.callhook.json.Json;
import io.callhook.log.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@link Setting}s a function runs with, as they are now: each setting's template parameter (its environment
 * variable, a seed that may be empty) merged with its entries in the config table, an entry of the table replacing a
 * seed entry of the same id ({@link Setting#idOf}; a line's key for line rules).
 *
 * <p>Guarantees: nothing is read from the table before the first {@link Supplier#get} of a {@link #parsed} value,
 * so a function that asks only while handling requests never reads it during SnapStart priming and no table entry is
 * in a snapshot. Each setting is read (one {@code GetItem}) at most once per {@code ttl} by one instance: a change
 * reaches every instance within {@code ttl}. When a read fails and an earlier copy exists, the earlier copy is used
 * for {@link #RETRY_AFTER} (logged at WARN) before the next read; without one the failure propagates (a 503 for the
 * webhooks, so providers retry). A list setting's table entry its parser refuses is left out (logged at WARN with
 * its position, never its text) and the other entries apply; a merged value its parser still refuses is logged at
 * ERROR and the last valid value kept; with none, it propagates.
 */
public final class LiveConfig {

    /** The config table's name; absent: the settings are the environment's only. */
    public static final String TABLE_VARIABLE = "CONFIG_TABLE";
    /** How long an instance keeps a setting it read from the table (seconds, default 30; 0: every request). */
    public static final String CACHE_VARIABLE = "CONFIG_CACHE_SECONDS";
    static final long DEFAULT_CACHE_SECONDS = 30;
    /** After a failed read, how long an instance serves its earlier copy before it reads again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Environment env;
    private final Function<Setting, Map<String, String>> table;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<Setting, Loaded> loaded = new EnumMap<>(Setting.class);

    /** A setting as last read: its table entries, merged with the seed once. */
    private record Loaded(Map<String, String> entries, String merged, long atNanos) {
    }

    /**
     * @param table    a setting's entries in the table by id ({@code null}: no table, the environment only)
     * @param nanoTime the clock, {@link System#nanoTime} outside tests
     */
    public LiveConfig(Environment env, Function<Setting, Map<String, String>> table, Duration ttl,
                      LongSupplier nanoTime) {
        this.env = env;
        this.table = table;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The environment's settings only: never reads anything. */
    public static LiveConfig environmentOnly(Environment env) {
        return new LiveConfig(env, null, Duration.ZERO, System::nanoTime);
    }

    /** The cache time of {@code env} ({@value #CACHE_VARIABLE}). */
    public static Duration ttl(Environment env) {
        long seconds = env.optionalLong(CACHE_VARIABLE, DEFAULT_CACHE_SECONDS);
        if (seconds < 0 || seconds > 3600) {
            throw new IllegalStateException(CACHE_VARIABLE + " must be 0 to 3600");
        }
        return Duration.ofSeconds(seconds);
    }

    /** The setting's value now: the seed merged with the table's entries, in the parameter's own format. */
    public synchronized String value(Setting setting) {
        String seed = seed(setting);
        if (table == null) {
            return seed;
        }
        return loaded(setting, seed).merged();
    }

    /**
     * The value of {@code settings} as {@code parser} makes it (the parser takes each setting's value), parsed again
     * only when one of them changed. Nothing is checked before the first {@link Supplier#get}.
     */
    public <T> Supplier<T> parsed(Function<Function<Setting, String>, T> parser, Setting... settings) {
        return new Supplier<>() {
            private List<String> lastValues;
            private T last;

            @Override
            public synchronized T get() {
                List<String> values = new ArrayList<>();
                for (Setting setting : settings) {
                    values.add(value(setting));
                }
                if (values.equals(lastValues)) {
                    return last;
                }
                try {
                    Map<Setting, String> byName = new EnumMap<>(Setting.class);
                    for (int i = 0; i < settings.length; i++) {
                        byName.put(settings[i], values.get(i));
                    }
                    last = parser.apply(byName::get);
                    lastValues = values;
                    return last;
                } catch (RuntimeException e) {
                    if (last == null) {
                        throw e;
                    }
                    Log.error("configuration refused; keeping the last valid one", "settings", List.of(settings),
                            "detail", e.getMessage());
                    return last;
                }
            }
        };
    }

    /**
     * One setting as {@code parser} makes it. Its seed (the environment alone) is parsed at once, so an invalid
     * parameter still stops the function's start.
     */
    public <T> Supplier<T> parsed(Setting setting, Function<String, T> parser) {
        parser.apply(seed(setting));
        if (setting.form() != Setting.Form.LIST) {
            return parsed(values -> parser.apply(values.apply(setting)), setting);
        }
        return parsed(values -> parser.apply(valid(setting, values.apply(setting), parser)), setting);
    }

    /**
     * The merged list {@code value} without the entries {@code parser} refuses on their own; each one left out is
     * logged at WARN by its position in the merged list (the seed's entries first), never by its text.
     */
    private static <T> String valid(Setting setting, String value, Function<String, T> parser) {
        try {
            parser.apply(value);
            return value;
        } catch (RuntimeException refused) {
            List<String> kept = new ArrayList<>();
            String[] entries = value.split(",");
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].trim();
                if (entry.isEmpty()) {
                    continue;
                }
                try {
                    parser.apply(entry);
                    kept.add(entry);
                } catch (RuntimeException e) {
                    Log.warn("config table entry refused; the others apply", "setting", setting.parameter(),
                            "position", i + 1);
                }
            }
            return String.join(",", kept);
        }
    }

    /** The setting's template parameter, "" for a setting no parameter seeds. */
    private String seed(Setting setting) {
        return setting.seeded() ? env.optional(setting.variable(), "") : "";
    }

    private Loaded loaded(Setting setting, String seed) {
        long now = nanoTime.getAsLong();
        Loaded cached = loaded.get(setting);
        if (cached != null && now - cached.atNanos() < ttlNanos) {
            return cached;
        }
        Map<String, String> entries;
        try {
            entries = table.apply(setting);
        } catch (RuntimeException e) {
            if (cached == null) {
                throw e;
            }
            Log.warn("config table read failed; using the earlier copy", "setting", setting.parameter(),
                    "exception", e.getClass().getSimpleName(), "retryAfterSeconds", RETRY_AFTER.toSeconds());
            // serve the earlier copy for RETRY_AFTER before reading again, not one read (with its retries) per
            // request while the table is unreachable
            Loaded kept = new Loaded(cached.entries(), cached.merged(), now - ttlNanos + RETRY_AFTER.toNanos());
            loaded.put(setting, kept);
            return kept;
        }
        Loaded read = cached != null && cached.entries().equals(entries)
                ? new Loaded(entries, cached.merged(), now) : new Loaded(entries, merge(setting, seed, entries), now);
        loaded.put(setting, read);
        return read;
    }

    /** The seed's entries, then the table's (a table entry replaces a seed entry of the same id). */
    public static String merge(Setting setting, String seed, Map<String, String> entries) {
        if (entries.isEmpty()) {
            return seed;
        }
        if (setting.form() == Setting.Form.JSON_OBJECT) {
            Map<String, Object> merged = new LinkedHashMap<>();
            if (!seed.isBlank()) {
                try {
                    merged.putAll(Json.parseObject(seed));
                } catch (RuntimeException e) {
                    throw new IllegalStateException(setting.variable() + " must be a JSON object: " + e.getMessage());
                }
            }
            entries.forEach((key, json) -> merged.put(key, parseEntry(setting, key, json)));
            return Json.write(merged);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        for (String entry : seed.split(",")) {
            if (!entry.isBlank()) {
                merged.put(setting.idOf(entry), entry.trim());
            }
        }
        entries.values().forEach(entry -> merged.put(setting.idOf(entry), entry.trim()));
        return String.join(",", merged.values());
    }

    private static Object parseEntry(Setting setting, String key, String json) {
        try {
            return Json.parseObject(json);
        } catch (RuntimeException e) {
            throw new IllegalStateException(setting.parameter() + " entry " + key + " in the config table must be a"
                    + " JSON object");
        }
    }
}
