package io.callhook.aws;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * The time one invocation has left, for the thread that handles it: every {@link AwsJsonClient} call on the thread
 * fits its attempts, their timeouts and the backoff between them into it, and fails (retryable) rather than go past
 * it. A Lambda handler opens one from {@code Context.getRemainingTimeInMillis()} minus a margin, so that a
 * webhook answers 503 before Lambda ends the invocation; without one a call has only its retry strategy's limits.
 *
 * <p>Closing restores the deadline that was open before (none, usually).
 */
public final class Deadline implements AutoCloseable {

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final long atNanos;
    private final LongSupplier nanoTicker;
    private final Deadline outer;

    private Deadline(long atNanos, LongSupplier nanoTicker, Deadline outer) {
        this.atNanos = atNanos;
        this.nanoTicker = nanoTicker;
        this.outer = outer;
    }

    /** Opens a deadline {@code remaining} from now on this thread. */
    public static Deadline begin(Duration remaining) {
        return begin(remaining, System::nanoTime);
    }

    /** Opens a deadline {@code remaining} from now as {@code nanoTicker} tells time (tests pass a manual one). */
    public static Deadline begin(Duration remaining, LongSupplier nanoTicker) {
        Deadline deadline = new Deadline(nanoTicker.getAsLong() + Math.max(0, remaining.toNanos()), nanoTicker,
                CURRENT.get());
        CURRENT.set(deadline);
        return deadline;
    }

    /** The time this thread's deadline leaves (zero once passed); empty without one. */
    public static Optional<Duration> remaining() {
        Deadline deadline = CURRENT.get();
        return deadline == null ? Optional.empty()
                : Optional.of(Duration.ofNanos(Math.max(0, deadline.atNanos - deadline.nanoTicker.getAsLong())));
    }

    /**
     * {@code work} under this thread's deadline, on whatever thread runs it (parallel reads of one invocation):
     * the same instant, restored when the work ends; {@code work} itself without a deadline.
     */
    public static <T> Callable<T> carried(Callable<T> work) {
        Deadline deadline = CURRENT.get();
        if (deadline == null) {
            return work;
        }
        return () -> {
            Deadline before = CURRENT.get();
            CURRENT.set(new Deadline(deadline.atNanos, deadline.nanoTicker, null));
            try {
                return work.call();
            } finally {
                if (before == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(before);
                }
            }
        };
    }

    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
