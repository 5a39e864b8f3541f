package io.callhook.twilio;

import io.callhook.call.CallEvent;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.http.FieldRules;
import io.callhook.http.Fields;
import io.callhook.http.HttpError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Translates a Twilio Voice status callback into a canonical {@link CallEvent}.
 *
 * <ul>
 *   <li>{@code CallStatus} decides the event: {@code ringing} is the call ringing, {@code in-progress} its answer,
 *       {@code completed}, {@code busy}, {@code no-answer}, {@code canceled} and {@code failed} its end (the status
 *       is the cause, mapped by {@link TwilioCauses}); {@code queued}, {@code initiated} and any status Twilio may
 *       add carry the call's numbers and details but no state.</li>
 *   <li>Times are Twilio's {@code Timestamp} (RFC 1123), else the receive time.</li>
 *   <li>An inbound call's status callback (the phone number's) reports only its end, so its answer time is the
 *       end minus {@code CallDuration} when that is above zero, and an {@code in-progress} of an inbound call
 *       sets no answer time. Outbound legs ({@code outbound-api}, {@code outbound-dial}) take their answer time
 *       from {@code in-progress} only. Each fact thus has one source, and events may arrive in any order.</li>
 *   <li>A leg created by {@code <Dial>} names its parent in {@code ParentCallSid}, which becomes its previous
 *       call.</li>
 *   <li>{@code AnsweredBy} {@code machine_*} or {@code fax} (answering-machine detection) means no person
 *       answered: the call is answered by {@code machineIdentity}, a voicemail identity, so an inbound one counts
 *       as missed.</li>
 * </ul>
 * {@code AccountSid}, {@code ForwardedFrom}, {@code AnsweredBy} (as {@code machineDetection}) and a final
 * {@code CallDuration} are kept as attributes. {@code SequenceNumber} and {@code StatusCallbackEvent} are not
 * needed: every fact has one source, so the order of arrival does not matter.
 */
public final class TwilioEvents {

    private TwilioEvents() {
    }

    /**
     * Translates one callback.
     *
     * @throws HttpError 422 without {@code CallSid}, {@code CallStatus} or a known {@code Direction}, or with an
     *                   unreadable {@code Timestamp} or {@code CallDuration}
     */
    public static CallEvent translate(Fields fields, String source, Instant receivedAt, String machineIdentity) {
        String callId = FieldRules.callId(fields, "CallSid");
        String status = FieldRules.required(fields, "CallStatus");
        Direction direction = direction(FieldRules.required(fields, "Direction"));
        boolean inbound = direction == Direction.IN;
        EventType type = TwilioCauses.isFinal(status) ? EventType.HANGUP : switch (status) {
            case "ringing" -> EventType.NEW_CALL;
            case "in-progress" -> inbound ? EventType.OTHER : EventType.ANSWER;
            default -> EventType.OTHER;
        };
        String answeredBy = FieldRules.optional(fields, "AnsweredBy");
        CallEvent.Builder event = CallEvent.builder(callId, source, type, receivedAt)
                .direction(direction)
                .from(FieldRules.optional(fields, "From"))
                .to(FieldRules.optional(fields, "To"))
                .previousCallId(FieldRules.optionalCallId(fields, "ParentCallSid"))
                .attribute("accountSid", FieldRules.optional(fields, "AccountSid"))
                .attribute("forwardedFrom", FieldRules.optional(fields, "ForwardedFrom"))
                .attribute("machineDetection", answeredBy);
        if (type == EventType.OTHER) {
            return event.build();
        }
        Instant time = timestamp(fields, receivedAt);
        String machine = isMachine(answeredBy) ? machineIdentity : null;
        switch (type) {
            case NEW_CALL -> event.ringingAt(time);
            case ANSWER -> event.answeredAt(time).answeredBy(machine);
            case HANGUP -> {
                long duration = callDuration(fields);
                event.endedAt(time).cause(status, TwilioCauses.of(status)).answeredBy(machine)
                        .attribute("callDuration", fields.first("CallDuration") == null ? null
                                : Long.toString(duration));
                if (inbound && duration > 0) {
                    event.answeredAt(time.minusSeconds(duration));
                }
            }
            default -> throw new IllegalStateException("not a lifecycle event: " + type);
        }
        return event.build();
    }

    /** Whether {@code AnsweredBy} says a machine (or fax) took the call. */
    static boolean isMachine(String answeredBy) {
        return answeredBy != null && (answeredBy.startsWith("machine_") || answeredBy.equals("fax"));
    }

    /** Twilio's {@code Timestamp}, such as {@code Mon, 24 Nov 2025 09:15:02 +0000}; else the receive time. */
    static Instant timestamp(Fields fields, Instant receivedAt) {
        String value = FieldRules.optional(fields, "Timestamp");
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
