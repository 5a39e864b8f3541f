package io.callhook.bandwidth;

import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.http.FieldLimits;
import io.callhook.http.Fields;
import java.time.Instant;
import java.util.Locale;

/**
 * Catapult (Bandwidth v1) callbacks in canonical terms.
 *
 * <ul>
 *   <li>{@code incomingcall}: the call rings, inbound; {@code time} is the ringing time.</li>
 *   <li>{@code answer}: {@code time} is the answer time.</li>
 *   <li>{@code hangup}: {@code time} is the end time; {@code cause} is kept verbatim and mapped by the shared cause
 *       table, where a value the table does not hold is an internal error ({@link Cause#ERROR}), as Catapult
 *       documents. A rejected call is a {@code hangup} with {@code CALL_REJECTED}.</li>
 *   <li>{@code timeout}: the call was not answered in time; it ended with {@link Cause#NO_ANSWER}.</li>
 *   <li>anything else (playback, speak, gather, dtmf, recording, conference member, transferComplete, redirect,
 *       ...): {@link EventType#OTHER}, carrying only the call's numbers and details, never a time, cause or tag
 *       (a media event's {@code tag} names the media command, not the call).</li>
 * </ul>
 * A lifecycle event without {@code time} takes the receive time. {@code callUri}, {@code applicationId} and the
 * call's {@code tag} are kept as attributes.
 */
final class CatapultEvents {

    private CatapultEvents() {
    }

    static CallEvent translate(Fields fields, String source, Instant receivedAt) {
        String eventType = BandwidthEvents.eventType(fields);
        String callId = FieldLimits.callId(fields, "callId");
        String name = eventType.toLowerCase(Locale.ROOT);
        EventType type = switch (name) {
            case "incomingcall" -> EventType.NEW_CALL;
            case "answer" -> EventType.ANSWER;
            case "hangup", "timeout" -> EventType.HANGUP;
            default -> EventType.OTHER;
        };
        CallEvent.Builder event = CallEvent.builder(callId, source, type, receivedAt)
                .attribute("callUri", FieldLimits.optional(fields, "callUri"))
                .attribute("applicationId", FieldLimits.optional(fields, "applicationId"));
        // transferComplete goes to the A-leg but names the B-leg's numbers.
        if (!name.equals("transfercomplete")) {
            event.from(FieldLimits.optional(fields, "from")).to(FieldLimits.optional(fields, "to"));
        }
        if (type == EventType.OTHER) {
            return event.build();
        }
        event.attribute("tag", FieldLimits.optionalText(fields, "tag"));
        Instant provided = BandwidthEvents.time(fields, "time");
        Instant time = provided != null ? provided : receivedAt;
        switch (type) {
            case NEW_CALL -> event.direction(Direction.IN).ringingAt(time);
            case ANSWER -> event.answeredAt(time);
            case HANGUP -> {
                event.endedAt(time);
                if (name.equals("timeout")) {
                    event.cause("timeout", Cause.NO_ANSWER);
                } else {
                    String cause = FieldLimits.optional(fields, "cause");
                    event.cause(cause, BandwidthCauses.ofCatapult(cause));
                }
            }
            default -> throw new IllegalStateException("not a lifecycle event: " + type);
        }
        return event.build();
    }
}
