package io.callhook.reports;

import java.time.Instant;

/**
 * What a callback item contributes to the reports: it was opened by its first miss, and may have been resolved.
 *
 * @param resolvedAt       when it was resolved, {@code null} while it is not
 * @param byCallback       resolved by an agent's call (not by the caller calling again)
 * @param secondsToResolve first miss to resolution
 * @param agent            who resolved it, may be {@code null}
 */
public record CallbackOutcome(String line, Instant firstMissedAt, Instant resolvedAt, boolean byCallback,
                              long secondsToResolve, String agent) {
}
