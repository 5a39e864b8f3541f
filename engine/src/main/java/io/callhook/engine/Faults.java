package io.callhook.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injected failures: chosen operations on chosen tables answer an error or wait, for the next N calls or a share of
 * calls. Amazon's engines never fail on purpose; this lets tests reach the code paths that handle throttling,
 * transaction conflicts and server errors.
 *
 * <pre>{@code
 * engine.faults().add(Faults.Rule.on("UpdateItem").table("calls").times(2).answer(Faults.Kind.THROTTLING));
 * }</pre>
 */
public final class Faults {

    /** What an injected fault does. */
    public enum Kind {
        /** ProvisionedThroughputExceededException (400, retried by the SDKs). */
        PROVISIONED_THROUGHPUT_EXCEEDED,
        /** ThrottlingException (400, retried by the SDKs). */
        THROTTLING,
        /** TransactionCanceledException with a TransactionConflict reason; TransactionConflictException elsewhere. */
        TRANSACTION_CONFLICT,
        /** InternalServerError (500). */
        INTERNAL_SERVER_ERROR,
        /** Waits {@code delayMillis}, then serves the request normally. */
        DELAY
    }

    /** One rule; build with {@link #on(String)} or {@link #onAny()}. */
    public static final class Rule {
        private final String operation;
        private String table;
        private Kind kind = Kind.INTERNAL_SERVER_ERROR;
        private long delayMillis;
        private long remaining = -1;
        private double probability = 1.0;
        private final AtomicLong fired = new AtomicLong();

        private Rule(String operation) {
            this.operation = operation;
        }

        /** A rule for one operation, e.g. {@code "PutItem"} or {@code "GetRecords"}. */
        public static Rule on(String operation) {
            return new Rule(operation);
        }

        /** A rule for every operation. */
        public static Rule onAny() {
            return new Rule(null);
        }

        /** Only requests that touch this table. */
        public Rule table(String name) {
            this.table = name;
            return this;
        }

        public Rule answer(Kind what) {
            this.kind = what;
            return this;
        }

        public Rule delay(long millis) {
            this.kind = Kind.DELAY;
            this.delayMillis = millis;
            return this;
        }

        /** Only the next {@code count} matching calls (default: every matching call). */
        public Rule times(long count) {
            this.remaining = count;
            return this;
        }

        /** Only this share of matching calls, 0 to 1 (drawn from a seeded random source). */
        public Rule probability(double share) {
            if (share < 0 || share > 1) {
                throw new IllegalArgumentException("probability must be between 0 and 1");
            }
            this.probability = share;
            return this;
        }

        public String operation() {
            return operation;
        }

        public String table() {
            return table;
        }

        public Kind kind() {
            return kind;
        }

        public long delayMillis() {
            return delayMillis;
        }

        /** How many calls this rule has failed or delayed so far. */
        public long fired() {
            return fired.get();
        }

        /** Calls left, or -1 for no limit. */
        public synchronized long remaining() {
            return remaining;
        }

        public double probability() {
            return probability;
        }

        synchronized boolean take(String op, Collection<String> tables, Random random) {
            if (remaining == 0) {
                return false;
            }
            if (operation != null && !operation.equals(op)) {
                return false;
            }
            if (table != null && !tables.contains(table)) {
                return false;
            }
            if (probability < 1.0 && random.nextDouble() >= probability) {
                return false;
            }
            if (remaining > 0) {
                remaining--;
            }
            fired.incrementAndGet();
            return true;
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Random random = new Random(42);

    public Rule add(Rule rule) {
        rules.add(rule);
        return rule;
    }

    public void clear() {
        rules.clear();
    }

    public List<Rule> rules() {
        return new ArrayList<>(rules);
    }

    /** The rules that fire for this call, consuming one of each rule's remaining calls. */
    List<Rule> fire(String operation, Collection<String> tables) {
        if (rules.isEmpty()) {
            return List.of();
        }
        List<Rule> firing = new ArrayList<>();
        synchronized (random) {
            for (Rule rule : rules) {
                if (rule.take(operation, tables, random)) {
                    firing.add(rule);
                }
            }
        }
        return firing;
    }
}
