package io.callhook.json;

import io.callhook.call.MissedCall;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes callhook shows to agents and other systems, in one place. Times are ISO-8601 UTC. */
public final class Views {

    private Views() {
    }

    public static Map<String, Object> missedCall(MissedCall entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("callId", entry.callId());
        view.put("line", entry.line());
        view.put("from", entry.from());
        view.put("to", entry.to());
        view.put("users", List.copyOf(new java.util.TreeSet<>(entry.users())));
        view.put("startedAt", iso(entry.startedAt()));
        view.put("endedAt", iso(entry.endedAt()));
        view.put("waitingSeconds", entry.waitingSeconds());
        view.put("cause", entry.cause().wire());
        view.put("rawCause", entry.rawCause());
        view.put("done", entry.done());
        return view;
    }

    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
