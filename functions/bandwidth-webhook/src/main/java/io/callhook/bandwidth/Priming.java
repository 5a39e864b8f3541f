package io.callhook.bandwidth;

import io.callhook.call.CallEvent;
import io.callhook.http.Fields;
import java.time.Instant;
import java.util.List;

/**
 * Before SnapStart takes its snapshot, runs the translation of a v1 and a v2 sample event once (query decoding,
 * version detection, time parsing, cause mapping), so their classes are loaded and initialised in the snapshot.
 * Writes nothing.
 */
final class Priming {

    private Priming() {
    }

    /** Translates one sample callback of each API, as Bandwidth would send them; touches no storage. */
    static List<CallEvent> prime() {
        Fields catapult = BandwidthEvents.fromQuery(Fields.builder()
                .add("eventType", "hangup").add("callId", "snapstart-priming").add("from", " 10")
                .add("to", " 20").add("callUri", "priming").add("cause", "NORMAL_CLEARING")
                .add("time", "2020-01-01T00:00:00-03").build());
        Fields voice = Fields.builder()
                .add("eventType", "disconnect").add("callId", "snapstart-priming").add("direction", "inbound")
                .add("eventTime", "2020-01-01T00:00:01.000Z").add("accountId", "0").add("from", "+10")
                .add("to", "+20").add("startTime", "2020-01-01T00:00:00Z").add("answerTime", "2020-01-01T00:00:00.5Z")
                .add("endTime", "2020-01-01T00:00:01+0000").add("cause", "hangup").build();
        return List.of(BandwidthEvents.translate(catapult, "priming", Instant.EPOCH).event(),
                BandwidthEvents.translate(voice, "priming", Instant.EPOCH).event());
    }

}
