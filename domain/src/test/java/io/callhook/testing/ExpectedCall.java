package io.callhook.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The facts a call's provider events carry, collected while a randomized test writes the events, and checked
 * against the record the in-order events give (the convergence tests). Unset facts are expected absent.
 */
public final class ExpectedCall {

    private final Set<String> events = new LinkedHashSet<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private Direction direction;
    private String from;
    private String to;
    private String previousCallId;
    private String answeredBy;
    private Instant ringingAt;
    private Instant answeredAt;
    private Instant endedAt;
    private String rawCause;
    private Cause cause;

    public ExpectedCall event(String wire) {
        events.add(wire);
        return this;
    }

    public ExpectedCall direction(Direction value) {
        direction = value;
        return this;
    }

    public ExpectedCall numbers(String fromValue, String toValue) {
        return from(fromValue).to(toValue);
    }

    public ExpectedCall from(String value) {
        from = value;
        return this;
    }

    public ExpectedCall to(String value) {
        to = value;
        return this;
    }

    public ExpectedCall previousCallId(String value) {
        previousCallId = value;
        return this;
    }

    public ExpectedCall answeredBy(String value) {
        answeredBy = value;
        return this;
    }

    public ExpectedCall ringingAt(Instant value) {
        ringingAt = value;
        return this;
    }

    public ExpectedCall answeredAt(Instant value) {
        answeredAt = value;
        return this;
    }

    public ExpectedCall endedAt(Instant value) {
        endedAt = value;
        return this;
    }

    public ExpectedCall cause(String raw, Cause canonical) {
        rawCause = raw;
        cause = canonical;
        return this;
    }

    /** Expects an attribute; a {@code null} value is skipped, as the adapters skip it. */
    public ExpectedCall attribute(String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
        return this;
    }

    /** Asserts every fact of the record of integration {@code local}, naming {@code where} on a mismatch. */
    public void check(CallRecord call, String where) {
        assertEquals(events, call.events(), where + ": events");
        assertEquals(direction, call.direction(), where + ": direction");
        assertEquals(from, call.from(), where + ": from");
        assertEquals(to, call.to(), where + ": to");
        assertEquals(previousCallId, call.previousCallId(), where + ": previousCallId");
        assertEquals(answeredBy, call.answeredBy(), where + ": answeredBy");
        assertEquals(ringingAt, call.ringingAt(), where + ": ringingAt");
        assertEquals(answeredAt, call.answeredAt(), where + ": answeredAt");
        assertEquals(endedAt, call.endedAt(), where + ": endedAt");
        assertEquals(rawCause, call.rawCause(), where + ": rawCause");
        assertEquals(cause, call.cause(), where + ": cause");
        assertEquals(attributes, call.attributes(), where + ": attributes");
        assertEquals("local", call.source(), where + ": source");
        assertTrue(call.firstSeenAt() != null && call.expiresAt() != null, where + ": receive-time facts");
    }
}
