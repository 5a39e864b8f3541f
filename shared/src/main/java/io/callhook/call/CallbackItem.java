package io.callhook.call;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One callback worklist item: the misses from one number on one line between two boundaries (a call that connected
 * with the number, or a closure by hand), and what became of them. Computed by {@link WorklistFromFacts} from stored
 * facts only; the claim is the one thing agents set on it ({@code claimedBy}, kept beside it by the store).
 *
 * @param key          which item of its line and number: {@code 0} for the first, else the boundary it follows
 * @param misses       the missed calls, oldest first: the first {@link #MAX_LISTED_MISSES} only (an item's size stays
 *                     bounded however often the number calls)
 * @param missCount    how many misses the item has, listed or not
 * @param lastMissedAt the newest miss's call time
 * @param attempts     unanswered outbound calls to the number after the first miss
 * @param resolution   how the item resolved itself, {@code null} unless {@link State#RESOLVED} (or closed later)
 * @param closure      the closure by hand, {@code null} unless {@link State#CLOSED}
 */
public record CallbackItem(String organizationId, String line, String subject, String key, State state,
                           List<Miss> misses, int missCount, Instant lastMissedAt, int attempts,
                           Instant lastAttemptAt, Resolution resolution, CallbackClosure closure, Instant expiresAt) {

    /** How many misses an item lists ({@code missCount} counts them all). */
    public static final int MAX_LISTED_MISSES = 10;

    public CallbackItem {
        misses = List.copyOf(misses.size() > MAX_LISTED_MISSES ? misses.subList(0, MAX_LISTED_MISSES) : misses);
    }

    /** An item of all these misses (oldest first), of which it lists the first {@link #MAX_LISTED_MISSES}. */
    public static CallbackItem of(String organizationId, String line, String subject, String key, State state,
                                  List<Miss> misses, int attempts, Instant lastAttemptAt, Resolution resolution,
                                  CallbackClosure closure, Instant expiresAt) {
        return new CallbackItem(organizationId, line, subject, key, state, misses, misses.size(),
                misses.isEmpty() ? null : misses.get(misses.size() - 1).at(), attempts, lastAttemptAt, resolution,
                closure, expiresAt);
    }

    /** An item's states; a retracted item lost all of its misses (late answers) and is shown to nobody. */
    public enum State {
        OPEN, RESOLVED, CLOSED, RETRACTED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State fromWire(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** One missed call of an item. */
    public record Miss(String callId, Instant at) {
    }

    /**
     * How an item resolved itself.
     *
     * @param how callback (outbound answered) or caller_called_again (inbound answered by a person)
     */
    public record Resolution(CallbackFact.Kind how, String callId, String agent, Instant at, long secondsToResolve) {
    }

    /** The same item in another state (a retracted one keeps what it last showed). */
    public CallbackItem withState(State newState) {
        return new CallbackItem(organizationId, line, subject, key, newState, misses, missCount, lastMissedAt,
                attempts, lastAttemptAt, resolution, closure, expiresAt);
    }

    /** This open item with one more miss, newer than all it has (a miss of a call heard in order). */
    public CallbackItem withMiss(Miss miss, Instant missExpiresAt) {
        List<Miss> listed = new java.util.ArrayList<>(misses);
        if (listed.size() < MAX_LISTED_MISSES) {
            listed.add(miss);
        }
        Instant expires = expiresAt == null || (missExpiresAt != null && missExpiresAt.isAfter(expiresAt))
                ? missExpiresAt : expiresAt;
        return new CallbackItem(organizationId, line, subject, key, state, listed, missCount + 1, miss.at(),
                attempts, lastAttemptAt, resolution, closure, expires);
    }

    /** This open item with one more unanswered attempt, newer than all it counts. */
    public CallbackItem withAttempt(Instant at) {
        return new CallbackItem(organizationId, line, subject, key, state, misses, missCount, lastMissedAt,
                attempts + 1, at, resolution, closure, expiresAt);
    }

    /** This open item resolved. */
    public CallbackItem resolved(Resolution by) {
        return new CallbackItem(organizationId, line, subject, key, State.RESOLVED, misses, missCount, lastMissedAt,
                attempts, lastAttemptAt, by, closure, expiresAt);
    }

    /** The id agents see and send; it names line, number and key, never the organization (that is the agent's). */
    public String id() {
        return id(line, subject, key);
    }

    public static String id(String line, String subject, String key) {
        String text = line.length() + ":" + line + subject.length() + ":" + subject + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Line, subject and key of an item id; empty for text no item id could be. */
    public static Optional<Ref> parseId(String id) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            int lineLength = Integer.parseInt(text.substring(0, colon));
            String line = text.substring(colon + 1, colon + 1 + lineLength);
            String rest = text.substring(colon + 1 + lineLength);
            colon = rest.indexOf(':');
            int subjectLength = Integer.parseInt(rest.substring(0, colon));
            String subject = rest.substring(colon + 1, colon + 1 + subjectLength);
            String key = rest.substring(colon + 1 + subjectLength);
            return key.isEmpty() || line.isEmpty() || subject.isEmpty() ? Optional.empty()
                    : Optional.of(new Ref(line, subject, key));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What an item id names. */
    public record Ref(String line, String subject, String key) {
    }

    public boolean callable() {
        return !subject.startsWith("?");
    }

    /** The number to call back, {@code null} for a caller without one. */
    public String number() {
        return callable() ? subject : null;
    }

    public Instant firstMissedAt() {
        return misses.isEmpty() ? null : misses.get(0).at();
    }

    /** Seconds the caller has waited for us by {@code now} (open), or waited until resolved; else {@code null}. */
    public Long waitingSeconds(Instant now) {
        if (misses.isEmpty()) {
            return null;
        }
        Instant until = state == State.OPEN ? now : resolution != null ? resolution.at() : null;
        return until == null ? null : Math.max(0, Duration.between(firstMissedAt(), until).getSeconds());
    }
}
