package io.callhook.views;

import io.callhook.agent.Agent;
import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.worklist.CallbackClosure;
import io.callhook.worklist.CallbackItem;
import io.callhook.call.MissReason;
import io.callhook.call.MissSettings;
import io.callhook.call.MissedCall;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The JSON shapes callhook shows to agents and other systems, in one place. Times are ISO-8601 UTC.
 *
 * <p>An entry's size is bounded by what it will serialise to, not by the stored item: a record's sets (agents
 * offered, forwards) grow with every event up to DynamoDB's 400 KB, and a set of one-byte values serialises to
 * several times its stored size. So lists show at most {@value #MAX_LISTED} values (the first in order) and say
 * how many they left out ({@code userOmitted}, {@code usersOmitted}, {@code nextCallIdsOmitted}; 0 when none).
 * With the input rules (values of at most 1,024 bytes, no control characters, so JSON escaping at most doubles a
 * value), one entry serialises to at most {@value #MAX_ENTRY_BYTES} bytes, and a 1 MiB page always holds several.
 *
 * <p>Every view has the same keys whatever the data: an absent value is {@code null}, never a missing key.
 */
public final class Views {

    /** The most values a list in an entry shows. */
    public static final int MAX_LISTED = 50;
    /** The most bytes one caller-log or missed-call entry serialises to. */
    public static final int MAX_ENTRY_BYTES = 256 * 1024;

    private Views() {
    }

    /**
     * The signed-in agent ({@code GET /api/v1/me}): who they are and {@code identities}, the values a PBX names them
     * by in a call's {@code answeredBy} or {@code user} (phones, login, id, e-mail), so a client can tell its own
     * calls. The token is not part of it.
     */
    public static Map<String, Object> agent(Agent agent) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", agent.id());
        view.put("login", agent.login());
        view.put("email", agent.email());
        view.put("organizationId", agent.organizationId());
        view.put("phones", List.copyOf(new TreeSet<>(agent.phones())));
        view.put("identities", List.copyOf(agent.identities()));
        return view;
    }

    public static Map<String, Object> missedCall(MissedCall entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("callId", entry.callId());
        view.put("organizationId", entry.organizationId());
        view.put("line", entry.line());
        view.put("from", entry.from());
        view.put("to", entry.to());
        listed(view, "users", entry.users().stream());
        view.put("startedAt", iso(entry.startedAt()));
        view.put("endedAt", iso(entry.endedAt()));
        view.put("waitingSeconds", entry.waitingSeconds());
        view.put("cause", entry.cause().wire());
        view.put("rawCause", entry.rawCause());
        view.put("reason", entry.reason().wire());
        view.put("done", entry.done());
        return view;
    }

    /**
     * A caller-log entry: the call record with its derived state, line, durations, missed and done flags. Call ids
     * (its own and its links') are the agent-facing ids, {@code <integration>:<callId>}.
     */
    public static Map<String, Object> callLogEntry(CallRecord call, Set<String> voicemail) {
        return callLogEntry(call, MissSettings.of(voicemail));
    }

    /**
     * As above, judged by each line's rules: {@code missReason} is the reason of a missed call, and of a short
     * abandon its line leaves out of the missed calls ({@code missed} false); {@code inferred} tells an end that was
     * never reported.
     */
    public static Map<String, Object> callLogEntry(CallRecord call, MissSettings rules) {
        MissReason reason = CallOutcomes.missReason(call, rules);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("callId", call.id());
        view.put("source", call.source());
        view.put("state", call.state().wire());
        view.put("direction", call.direction() == null ? null : call.direction().wire());
        view.put("from", call.from());
        view.put("to", call.to());
        view.put("queue", call.line());
        listed(view, "user", call.users().stream());
        view.put("answeredBy", call.answeredBy());
        view.put("startedAt", iso(call.startedAt()));
        view.put("answeredAt", iso(call.answeredAt()));
        view.put("endedAt", iso(call.endedAt()));
        view.put("waitingSeconds", call.waitingSeconds());
        view.put("talkingSeconds", call.talkingSeconds());
        view.put("rawCause", call.rawCause());
        view.put("cause", call.cause() == null ? null : call.cause().wire());
        view.put("inferred", call.inferred());
        view.put("missed", CallOutcomes.isMissed(call, rules));
        view.put("blocked", call.blocked());
        view.put("missReason", reason == null ? null : reason.wire());
        view.put("done", CallOutcomes.isDone(call, rules));
        view.put("previousCallId", call.idOf(call.previousCallId()));
        listed(view, "nextCallIds", call.nextCallIds().stream().map(call::idOf));
        return view;
    }

    /** The first {@value #MAX_LISTED} values in order under {@code name}, and how many were left out (0 or more). */
    private static void listed(Map<String, Object> view, String name, Stream<String> values) {
        List<String> sorted = values.sorted().toList();
        view.put(name, sorted.size() <= MAX_LISTED ? sorted : sorted.subList(0, MAX_LISTED));
        view.put(name + "Omitted", Math.max(0, sorted.size() - MAX_LISTED));
    }

    /**
     * A callback worklist item as agents and events see it; {@code waitingSeconds} runs to {@code now} while the
     * item is open.
     */
    public static Map<String, Object> callbackItem(CallbackItem item, String claimedBy, Instant claimedAt,
                                                   Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("itemId", item.id());
        view.put("organizationId", item.organizationId());
        view.put("line", item.line());
        view.put("number", item.number());
        view.put("callable", item.callable());
        view.put("state", item.state().wire());
        view.put("missCount", item.missCount());
        view.put("firstMissedAt", iso(item.firstMissedAt()));
        view.put("lastMissedAt", iso(item.lastMissedAt()));
        view.put("missedCallIds", item.misses().stream().map(CallbackItem.Miss::callId).toList());
        view.put("waitingSeconds", item.waitingSeconds(now));
        view.put("attempts", item.attempts());
        view.put("lastAttemptAt", iso(item.lastAttemptAt()));
        view.put("claimedBy", claimedBy);
        view.put("claimedAt", iso(claimedAt));
        CallbackItem.Resolution resolution = item.resolution();
        Map<String, Object> resolved = null;
        if (resolution != null) {
            resolved = new LinkedHashMap<>();
            resolved.put("how", resolution.how().wire());
            resolved.put("callId", resolution.callId());
            resolved.put("agent", resolution.agent());
            resolved.put("resolvedAt", iso(resolution.at()));
            resolved.put("secondsToResolve", resolution.secondsToResolve());
        }
        view.put("resolution", resolved);
        CallbackClosure closure = item.closure();
        Map<String, Object> closed = null;
        if (closure != null) {
            closed = new LinkedHashMap<>();
            closed.put("reason", closure.reason());
            closed.put("agent", closure.agent());
            closed.put("closedAt", iso(closure.at()));
        }
        view.put("closure", closed);
        return view;
    }

    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
