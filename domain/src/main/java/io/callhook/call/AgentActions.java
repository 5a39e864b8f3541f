package io.callhook.call;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What agents did to a call, kept beside the provider's facts in the same record. Webhook writes never touch these,
 * and agent writes never touch the provider's facts, so neither can undo the other.
 *
 * @param assignedTo     the agent who has the call (picked it up, parked it, hung it up, ...), {@code null} while no
 *                       agent acted on it
 * @param assignedAt     when an agent first took the call
 * @param held           whether the call is parked (on hold) now
 * @param parkedAt       when the call was last parked; kept after it is retrieved
 * @param activeAt       when the call last became an agent's active call (pickup, unpark, retrieve)
 * @param bLeg           the call this one was bridged with by a transfer
 * @param bridgedAt      when the transfer bridged it
 * @param hungUpAt       when an agent hung the call up
 * @param hungUpBy       the agent who hung it up
 * @param userData       key/value data attached to the call while it was active
 * @param dispositions   dispositions set after the call was released, kept for reporting
 */
public record AgentActions(
        String assignedTo,
        Instant assignedAt,
        boolean held,
        Instant parkedAt,
        Instant activeAt,
        String bLeg,
        Instant bridgedAt,
        Instant hungUpAt,
        String hungUpBy,
        Map<String, String> userData,
        Map<String, String> dispositions) {

    /** A call no agent has acted on. */
    public static final AgentActions NONE = new AgentActions(null, null, false, null, null, null, null, null,
            null, Map.of(), Map.of());

    public AgentActions {
        userData = userData == null ? Map.of() : Map.copyOf(new TreeMap<>(userData));
        dispositions = dispositions == null ? Map.of() : Map.copyOf(new TreeMap<>(dispositions));
    }
}
