package io.callhook.json;

import io.callhook.call.CallRecord;
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
        view.put("blocked", call.blocked());
        view.put("done", CallRules.isDone(call, voicemail));
        view.put("previousCallId", call.idOf(call.previousCallId()));
        view.put("nextCallIds", call.nextCallIds().stream().map(call::idOf).sorted().toList());
        return view;
    }

    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
