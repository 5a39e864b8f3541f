package io.callhook.testing;

import io.callhook.call.CallRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A call record's facts for comparing records of the same call sent under different call ids or at different
 * times: the receive-time facts ({@code firstSeenAt}, {@code expiresAt}) left out, and a test's call-id suffix taken
 * out of every id and attribute.
 */
public final class CallFacts {

    private CallFacts() {
    }

    /** The facts with the call's own id left out too (records stored under different ids compare equal). */
    public static CallRecord of(CallRecord call) {
        return new CallRecord(null, call.source(), call.events(), call.direction(), call.from(), call.to(),
                call.queue(), call.users(), call.answeredBy(), null, call.ringingAt(), call.answeredAt(),
                call.endedAt(), call.rawCause(), call.cause(), call.previousCallId(), call.nextCallIds(),
                call.attributes(), call.doneByAgent(), null, call.organizationId(), call.inferred(), call.blocked());
    }

    /** The facts with {@code suffix} taken out of the call's ids (its own, linked ones) and attributes. */
    public static CallRecord withoutSuffix(CallRecord call, String suffix) {
        UnaryOperator<String> plain = text -> text == null ? null : text.replace(suffix, "");
        Map<String, String> attributes = new HashMap<>();
        call.attributes().forEach((name, value) -> attributes.put(name, plain.apply(value)));
        return new CallRecord(plain.apply(call.callId()), call.source(), call.events(), call.direction(),
                call.from(), call.to(), call.queue(), call.users(), call.answeredBy(), null, call.ringingAt(),
                call.answeredAt(), call.endedAt(), call.rawCause(), call.cause(), plain.apply(call.previousCallId()),
                call.nextCallIds().stream().map(plain).collect(Collectors.toSet()), attributes, call.doneByAgent(),
                null, call.organizationId(), call.inferred(), call.blocked());
    }
}
