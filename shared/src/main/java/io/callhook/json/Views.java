package io.callhook.json;

import io.callhook.call.CallRecord;
import io.callhook.call.CallbackClosure;
import io.callhook.call.CallbackItem;
import io.callhook.call.CallRules;
import io.callhook.call.MissedCall;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The JSON shapes callhook shows to agents and other systems, in one place. Times are ISO-8601 UTC. */
public final class Views {

    private Views() {
    }

    public static Map<String, Object> missedCall(MissedCall entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("callId", entry.callId());
        view.put("organizationId", entry.organizationId());
        view.put("line", entry.line());
        view.put("from", entry.from());
        view.put("to", entry.to());
        view.put("users", List.copyOf(new TreeSet<>(entry.users())));
        view.put("startedAt", iso(entry.startedAt()));
        view.put("endedAt", iso(entry.endedAt()));
        view.put("waitingSeconds", entry.waitingSeconds());
        view.put("cause", entry.cause().wire());
        view.put("rawCause", entry.rawCause());
        view.put("done", entry.done());
        return view;
    }

    /**
     * A caller-log entry: the call record with its derived state, line, durations, missed and done flags. Call ids
     * (its own and its links') are the agent-facing ids, {@code <integration>:<callId>}.
     */
    public static Map<String, Object> callLogEntry(CallRecord call, Set<String> voicemail) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("callId", call.id());
        view.put("source", call.source());
        view.put("state", call.state().wire());
        view.put("direction", call.direction() == null ? null : call.direction().wire());
        view.put("from", call.from());
        view.put("to", call.to());
        view.put("queue", call.line());
        view.put("user", List.copyOf(new TreeSet<>(call.users())));
        view.put("answeredBy", call.answeredBy());
        view.put("startedAt", iso(call.startedAt()));
        view.put("answeredAt", iso(call.answeredAt()));
        view.put("endedAt", iso(call.endedAt()));
        view.put("waitingSeconds", call.waitingSeconds());
        view.put("talkingSeconds", call.talkingSeconds());
        view.put("rawCause", call.rawCause());
        view.put("cause", call.cause() == null ? null : call.cause().wire());
        view.put("missed", CallRules.isMissed(call, voicemail));
        view.put("done", CallRules.isDone(call, voicemail));
        view.put("previousCallId", call.idOf(call.previousCallId()));
        view.put("nextCallIds", call.nextCallIds().stream().map(call::idOf).sorted().toList());
        return view;
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
        view.put("missCount", item.misses().size());
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
