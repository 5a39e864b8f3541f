package io.callhook.twilio;

import io.callhook.call.CallEvent;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.http.FieldLimits;
import io.callhook.http.Fields;
import io.callhook.http.HttpError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Translates a Twilio Voice status callback into canonical {@link CallEvent}s: one for the call itself, and for a
 * {@code <Dial>} leg a person answered, a second one that answers the leg's parent.
 *
 * <ul>
 *   <li>{@code CallStatus} decides the event: {@code ringing} is the call ringing, {@code in-progress} its answer,
 *       {@code completed}, {@code busy}, {@code no-answer}, {@code canceled} and {@code failed} its end (the status
 *       is the cause, mapped by {@link TwilioCauses}); {@code queued}, {@code initiated} and any status Twilio may
 *       add carry the call's numbers and details but no state.</li>
 *   <li>Times are Twilio's {@code Timestamp} (RFC 1123), else the receive time. A final callback's call counts
 *       as seen from its end minus {@code CallDuration} when that is before the receive time ({@link #firstSeen}),
 *       so a call known only from a late {@code completed} never starts after it ended.</li>
 *   <li>Twilio answers every inbound call itself to run its TwiML, so an inbound call's own callbacks never answer
 *       it ({@code in-progress} is {@code other}, and {@code CallDuration} gives no answer time). A person answers
 *       an inbound call by answering one of its {@code <Dial>} legs ({@code ParentCallSid}): such a leg's
 *       {@code in-progress}, or its {@code completed} with {@code CallDuration} above zero, also yields an
 *       {@code answer} of the parent, answered by the leg's {@code To}; the {@code completed} one carries the
 *       answer time, the leg's end minus {@code CallDuration} (the one callback Twilio always sends a leg, and
 *       Twilio's whole-second duration need not match the {@code in-progress} time, so only one of them may set
 *       it).</li>
 *   <li>A leg links to its parent ({@code ParentCallSid} becomes its previous call) only on those callbacks that
 *       show a person answered it, so an attempt nobody answered does not make its parent forwarded; every leg
 *       keeps {@code ParentCallSid} as the attribute {@code parentCallSid}. Outbound calls take their own answer
 *       time from {@code in-progress} only.</li>
 *   <li>{@code AnsweredBy} {@code machine_*} or {@code fax} (answering-machine detection) means no person
 *       answered: an outbound call is answered by {@code machineIdentity}, a voicemail identity, and a leg a
 *       machine took neither links to nor answers its parent.</li>
 * </ul>
 * {@code AccountSid}, {@code ForwardedFrom}, {@code AnsweredBy} (as {@code machineDetection}) and a final
 * {@code CallDuration} are kept as attributes. {@code SequenceNumber} and {@code StatusCallbackEvent} are not
 * needed: every fact has one source, so the order of arrival does not matter.
 */
public final class TwilioEvents {

    private TwilioEvents() {
    }

    /**
     * Translates one callback: the call's own event first, then the parent's answer if this is a leg a person
     * answered.
     *
     * @throws HttpError 422 without {@code CallSid}, {@code CallStatus} or a known {@code Direction}, or with an
     *                   unreadable {@code Timestamp} or {@code CallDuration}
     */
    public static List<CallEvent> translate(Fields fields, String source, Instant receivedAt,
                                            String machineIdentity) {
        String callId = FieldLimits.callId(fields, "CallSid");
        String status = FieldLimits.required(fields, "CallStatus");
        Direction direction = direction(FieldLimits.required(fields, "Direction"));
        String parent = FieldLimits.optionalCallId(fields, "ParentCallSid");
        boolean inbound = direction == Direction.IN;
        EventType type = TwilioCauses.isFinal(status) ? EventType.HANGUP : switch (status) {
            case "ringing" -> EventType.NEW_CALL;
            case "in-progress" -> inbound ? EventType.OTHER : EventType.ANSWER;
            default -> EventType.OTHER;
        };
        String answeredBy = FieldLimits.optional(fields, "AnsweredBy");
        boolean machineAnswered = isMachine(answeredBy);
        long duration = TwilioCauses.isFinal(status) ? callDuration(fields) : 0;
        boolean personAnsweredLeg = parent != null && !inbound && !machineAnswered
                && showsAnswered(status, duration);
        Instant time = type == EventType.OTHER ? null : timestamp(fields, receivedAt);
        Instant seen = firstSeen(type, time, duration, receivedAt);
        CallEvent.Builder event = CallEvent.builder(callId, source, type, seen)
                .direction(direction)
                .from(FieldLimits.optional(fields, "From"))
                .to(FieldLimits.optional(fields, "To"))
                .previousCallId(personAnsweredLeg ? parent : null)
                .attribute("parentCallSid", parent)
                .attribute("accountSid", FieldLimits.optional(fields, "AccountSid"))
                .attribute("forwardedFrom", FieldLimits.optional(fields, "ForwardedFrom"))
                .attribute("machineDetection", answeredBy);
        String machine = machineAnswered && !inbound ? machineIdentity : null;
        switch (type) {
            case NEW_CALL -> event.ringingAt(time);
            case ANSWER -> event.answeredAt(time).answeredBy(machine);
            case HANGUP -> event.endedAt(time).cause(status, TwilioCauses.of(status)).answeredBy(machine)
                    .attribute("callDuration", fields.first("CallDuration") == null ? null
                            : Long.toString(duration));
            default -> {
                // no state: numbers and details only
            }
        }
        if (!personAnsweredLeg) {
            return List.of(event.build());
        }
        return List.of(event.build(), CallEvent.builder(parent, source, EventType.ANSWER, seen)
                .answeredBy(FieldLimits.optional(fields, "To"))
                .answeredAt(type == EventType.HANGUP ? time.minusSeconds(duration) : null)
                .build());
    }

    /**
     * When callhook is to take the call as first seen: the receive time, or for a final callback its end minus
     * {@code CallDuration} when that is earlier. A call callhook first hears of by a late {@code completed} (a leg
     * that sends only that) then starts no later than it ends, and when Twilio answered or talked on it, no later
     * than that began; a {@code ringing} callback, whenever it arrives, still gives the start.
     */
    static Instant firstSeen(EventType type, Instant time, long callDuration, Instant receivedAt) {
        if (type != EventType.HANGUP) {
            return receivedAt;
        }
        Instant underWay = time.minusSeconds(callDuration);
        return underWay.isBefore(receivedAt) ? underWay : receivedAt;
    }

    /** Whether a callback shows its call was picked up: {@code in-progress}, or {@code completed} after talking. */
    private static boolean showsAnswered(String status, long callDuration) {
        return status.equals("in-progress") || status.equals("completed") && callDuration > 0;
    }

    /** Whether {@code AnsweredBy} says a machine (or fax) took the call. */
    static boolean isMachine(String answeredBy) {
        return answeredBy != null && (answeredBy.startsWith("machine_") || answeredBy.equals("fax"));
    }

    /** Twilio's {@code Timestamp}, such as {@code Mon, 24 Nov 2025 09:15:02 +0000}; else the receive time. */
    static Instant timestamp(Fields fields, Instant receivedAt) {
        String value = FieldLimits.optional(fields, "Timestamp");
        if (value == null) {
            return receivedAt;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw HttpError.unprocessable("field Timestamp must be an RFC 1123 date such as "
                    + "Mon, 24 Nov 2025 09:15:02 +0000");
        }
    }

    private static long callDuration(Fields fields) {
        String value = fields.first("CallDuration");
        if (value == null) {
            return 0;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= 0 && seconds <= 366L * 24 * 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw HttpError.unprocessable("field CallDuration must be a whole number of seconds");
    }

    private static Direction direction(String value) {
        return switch (value) {
            case "inbound" -> Direction.IN;
            case "outbound-api", "outbound-dial" -> Direction.OUT;
            default -> throw HttpError.unprocessable("field Direction must be inbound, outbound-api or "
                    + "outbound-dial");
        };
    }
}
