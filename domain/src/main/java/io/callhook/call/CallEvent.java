package io.callhook.call;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One thing a provider told us about one call, in callhook's own terms. Every provider adapter produces these and
 * nothing behind the adapters knows which provider sent them.
 *
 * <p>Each field is a fact or {@code null} when the event does not carry it. Times are provider times where the
 * provider sends them, else the time API Gateway received the request. A fact is only ever set by the events that
 * know it (the ring time by the ring event, the answer time by the answer event, ...), so applying a call's events
 * in any order gives the same record.
 *
 * @param callId        the provider's call id, the record key
 * @param source        the integration (webhook token name) the event came in through
 * @param type          what the event reports
 * @param receivedAt    when API Gateway received the request, or an earlier time the provider's own times show
 *                      the call under way (a final callback's end minus its duration), so that a call first heard
 *                      of late does not start after it ended; a new record's {@code firstSeenAt}
 * @param direction     inbound or outbound, if the event says
 * @param from          calling number or address
 * @param to            called number or address
 * @param queue         the line or queue the call came in on, if the provider names one
 * @param users         agents the call was offered to, for display
 * @param answeredBy    who picked up (a phone number, login or id), if known
 * @param ringingAt     when the call started ringing, if known
 * @param answeredAt    when the call was answered, if known
 * @param endedAt       when the call ended, if known
 * @param rawCause      the provider's hangup cause, verbatim
 * @param cause         the canonical hangup cause
 * @param previousCallId the call this one continues (a forward or transfer), if any
 * @param attributes    provider details worth keeping (tag, callUri, ...), by name
 * @param blocked       the integration's block list refused the caller ({@code newCall} only)
 */
public record CallEvent(
        String callId,
        String source,
        EventType type,
        Instant receivedAt,
        Direction direction,
        String from,
        String to,
        String queue,
        Set<String> users,
        String answeredBy,
        Instant ringingAt,
        Instant answeredAt,
        Instant endedAt,
        String rawCause,
        Cause cause,
        String previousCallId,
        Map<String, String> attributes,
        boolean blocked) {

    public CallEvent {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(receivedAt, "receivedAt");
        users = users == null ? Set.of() : Set.copyOf(new TreeSet<>(users));
        attributes = attributes == null ? Map.of() : Map.copyOf(new TreeMap<>(attributes));
    }

    /** The same event, with the caller blocked by the integration's block list. */
    public CallEvent withBlocked() {
        return new CallEvent(callId, source, type, receivedAt, direction, from, to, queue, users, answeredBy,
                ringingAt, answeredAt, endedAt, rawCause, cause, previousCallId, attributes, true);
    }

    public static Builder builder(String callId, String source, EventType type, Instant receivedAt) {
        return new Builder(callId, source, type, receivedAt);
    }

    /** Collects the optional facts of an event. */
    public static final class Builder {
        private final String callId;
        private final String source;
        private final EventType type;
        private final Instant receivedAt;
        private Direction direction;
        private String from;
        private String to;
        private String queue;
        private Set<String> users = Set.of();
        private String answeredBy;
        private Instant ringingAt;
        private Instant answeredAt;
        private Instant endedAt;
        private String rawCause;
        private Cause cause;
        private String previousCallId;
        private final Map<String, String> attributes = new TreeMap<>();

        private Builder(String callId, String source, EventType type, Instant receivedAt) {
            this.callId = callId;
            this.source = source;
            this.type = type;
            this.receivedAt = receivedAt;
        }

        public Builder direction(Direction value) {
            this.direction = value;
            return this;
        }

        public Builder from(String value) {
            this.from = value;
            return this;
        }

        public Builder to(String value) {
            this.to = value;
            return this;
        }

        public Builder queue(String value) {
            this.queue = value;
            return this;
        }

        public Builder users(Set<String> value) {
            this.users = value;
            return this;
        }

        public Builder answeredBy(String value) {
            this.answeredBy = value;
            return this;
        }

        public Builder ringingAt(Instant value) {
            this.ringingAt = value;
            return this;
        }

        public Builder answeredAt(Instant value) {
            this.answeredAt = value;
            return this;
        }

        public Builder endedAt(Instant value) {
            this.endedAt = value;
            return this;
        }

        /** The provider's cause and its canonical value. */
        public Builder cause(String raw, Cause canonical) {
            this.rawCause = raw;
            this.cause = canonical;
            return this;
        }

        public Builder previousCallId(String value) {
            this.previousCallId = value;
            return this;
        }

        /** Keeps a provider detail; a {@code null} value is skipped. */
        public Builder attribute(String name, String value) {
            if (value != null) {
                attributes.put(name, value);
            }
            return this;
        }

        public CallEvent build() {
            return new CallEvent(callId, source, type, receivedAt, direction, from, to, queue, users, answeredBy,
                    ringingAt, answeredAt, endedAt, rawCause, cause, previousCallId, attributes, false);
        }
    }
}
