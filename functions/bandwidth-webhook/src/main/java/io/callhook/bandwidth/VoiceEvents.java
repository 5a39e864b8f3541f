package io.callhook.bandwidth;

import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.http.FieldLimits;
import io.callhook.http.Fields;
import io.callhook.http.HttpError;
import java.time.Instant;

/**
 * Voice API (Bandwidth v2) callbacks in canonical terms.
 *
 * <ul>
 *   <li>{@code initiate}: an inbound call rings; {@code startTime} is the ringing time.</li>
 *   <li>{@code answer}: {@code answerTime} is the answer time.</li>
 *   <li>{@code disconnect}: {@code endTime} is the end time; {@code answerTime} is there only if the call was
 *       answered; {@code cause} is kept verbatim and mapped by the shared cause table, an unlisted value to
 *       {@link Cause#UNKNOWN}; {@code errorMessage} and {@code errorId} are kept.</li>
 *   <li>{@code transferAnswer} and {@code transferDisconnect} are the answer and the end of a transfer's B-leg, a
 *       call of its own ({@code callId}) whose {@code parentCallId} becomes its previous call. Its numbers are
 *       {@code transferCallerId} and {@code transferTo}: {@code from} and {@code to} name the original call.</li>
 *   <li>anything else ({@code transferComplete}, {@code redirect}, {@code gather}, recordings, ...):
 *       {@link EventType#OTHER}, carrying the call's numbers, direction and details but no time or cause. A
 *       {@code transferComplete} reaches the A-leg with the B-leg's outcome; recording events use
 *       {@code startTime} and {@code endTime} for the recording.</li>
 * </ul>
 * {@code startTime} (the call's start) becomes the ringing time on every lifecycle event that carries it, so an
 * answer or disconnect that arrives first already knows it. The event's own time, when its provider time is
 * missing, falls back to {@code eventTime}, then to the receive time. {@code callUrl}, {@code accountId},
 * {@code applicationId} and the call's {@code tag} are kept as attributes.
 */
final class VoiceEvents {

    private VoiceEvents() {
    }

    static CallEvent translate(Fields fields, String source, Instant receivedAt) {
        String eventType = BandwidthEvents.eventType(fields);
        String callId = FieldLimits.callId(fields, "callId");
        EventType type = switch (eventType) {
            case "initiate" -> EventType.NEW_CALL;
            case "answer", "transferAnswer" -> EventType.ANSWER;
            case "disconnect", "transferDisconnect" -> EventType.HANGUP;
            default -> EventType.OTHER;
        };
        String parentCallId = FieldLimits.optionalCallId(fields, "parentCallId");
        boolean transferLeg = parentCallId != null
                || eventType.equals("transferAnswer") || eventType.equals("transferDisconnect");
        CallEvent.Builder event = CallEvent.builder(callId, source, type, receivedAt)
                .direction(direction(FieldLimits.optional(fields, "direction")))
                .from(FieldLimits.optional(fields, transferLeg ? "transferCallerId" : "from"))
                .to(FieldLimits.optional(fields, transferLeg ? "transferTo" : "to"))
                .previousCallId(parentCallId)
                .attribute("callUrl", FieldLimits.optional(fields, "callUrl"))
                .attribute("accountId", FieldLimits.optional(fields, "accountId"))
                .attribute("applicationId", FieldLimits.optional(fields, "applicationId"));
        if (type == EventType.OTHER) {
            return event.build();
        }
        event.attribute("tag", FieldLimits.optionalText(fields, "tag"));
        Instant startTime = BandwidthEvents.time(fields, "startTime");
        switch (type) {
            case NEW_CALL -> event.ringingAt(startTime != null ? startTime : eventTime(fields, receivedAt));
            case ANSWER -> event.ringingAt(startTime).answeredAt(ownTime(fields, "answerTime", receivedAt));
            case HANGUP -> {
                String cause = FieldLimits.optional(fields, "cause");
                event.ringingAt(startTime)
                        .answeredAt(BandwidthEvents.time(fields, "answerTime"))
                        .endedAt(ownTime(fields, "endTime", receivedAt))
                        .cause(cause, BandwidthCauses.ofVoice(cause))
                        .attribute("errorMessage", FieldLimits.optionalText(fields, "errorMessage"))
                        .attribute("errorId", FieldLimits.optional(fields, "errorId"));
            }
            default -> throw new IllegalStateException("not a lifecycle event: " + type);
        }
        return event.build();
    }

    /** The time of what the event reports: its provider field, else {@code eventTime}, else the receive time. */
    private static Instant ownTime(Fields fields, String name, Instant receivedAt) {
        Instant time = BandwidthEvents.time(fields, name);
        return time != null ? time : eventTime(fields, receivedAt);
    }

    private static Instant eventTime(Fields fields, Instant receivedAt) {
        Instant time = BandwidthEvents.time(fields, "eventTime");
        return time != null ? time : receivedAt;
    }

    private static Direction direction(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "inbound" -> Direction.IN;
            case "outbound" -> Direction.OUT;
            default -> throw HttpError.unprocessable("field direction must be inbound or outbound");
        };
    }
}
