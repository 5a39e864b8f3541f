package io.callhook.cti;

import io.callhook.call.CallEvent;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.http.FieldLimits;
import io.callhook.http.Fields;
import io.callhook.http.HttpError;
import java.time.Instant;

/**
 * Translates generic CTI (Zammad / sipgate) fields into a canonical {@link CallEvent}.
 *
 * <p>The payload has no timestamps, so the receive time is the event time: {@code newCall} sets the ringing time,
 * {@code answer} the answer time, {@code hangup} the end time and the cause.
 */
public final class CtiEvents {

    private CtiEvents() {
    }

    public static CallEvent translate(Fields fields, String source, Instant receivedAt) {
        EventType type = eventType(fields.first("event"));
        String callId = FieldLimits.callId(fields, "callId", "call_id");
        Direction direction = direction(fields.first("direction"), type);
        CallEvent.Builder event = CallEvent.builder(callId, source, type, receivedAt)
                .direction(direction)
                .from(type == EventType.NEW_CALL ? FieldLimits.required(fields, "from")
                        : FieldLimits.optional(fields, "from"))
                .to(type == EventType.NEW_CALL ? FieldLimits.required(fields, "to") : FieldLimits.optional(fields,
                        "to"))
                .queue(FieldLimits.optional(fields, "queue"))
                .users(FieldLimits.list(fields, "user"))
                .previousCallId(FieldLimits.optionalCallId(fields, "origCallId"));
        switch (type) {
            case NEW_CALL -> event.ringingAt(receivedAt);
            case ANSWER -> event.answeredAt(receivedAt).answeredBy(answeredBy(fields));
            case HANGUP -> {
                String cause = FieldLimits.optional(fields, "cause");
                event.endedAt(receivedAt)
                        .answeredBy(FieldLimits.optional(fields, "answeringNumber"))
                        .cause(cause, CtiCauses.of(cause));
            }
            default -> throw new IllegalStateException("CTI has no event type " + type);
        }
        return event.build();
    }

    /** Who picked up: {@code answeringNumber}, else the one {@code user} an answer names (as Zammad reads it). */
    private static String answeredBy(Fields fields) {
        String answeringNumber = FieldLimits.optional(fields, "answeringNumber");
        if (answeringNumber != null) {
            return answeringNumber;
        }
        var users = FieldLimits.list(fields, "user");
        return users.size() == 1 ? users.iterator().next() : null;
    }

    private static EventType eventType(String event) {
        if (event == null) {
            throw HttpError.unprocessable("field event is required: newCall, answer or hangup");
        }
        return switch (event) {
            case "newCall" -> EventType.NEW_CALL;
            case "answer" -> EventType.ANSWER;
            case "hangup" -> EventType.HANGUP;
            default -> throw HttpError.unprocessable("field event must be newCall, answer or hangup");
        };
    }

    private static Direction direction(String direction, EventType type) {
        if (direction == null) {
            if (type == EventType.NEW_CALL) {
                throw HttpError.unprocessable("field direction is required on newCall: in or out");
            }
            return null;
        }
        return switch (direction) {
            case "in" -> Direction.IN;
            case "out" -> Direction.OUT;
            default -> throw HttpError.unprocessable("field direction must be in or out");
        };
    }
}
