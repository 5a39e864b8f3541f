package io.callhook.store;

import static io.callhook.store.Items.string;

import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.dynamodb.AttributeValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The calls table's item layout, in one place. The key {@value #KEY} is {@code <integration>:<callId>}
 * ({@link CallKeys}); {@value #SOURCE} and {@value #CALL_ID} hold its two parts, {@value #ORGANIZATION_ID} the
 * integration's organization, {@value #ORGANIZATION_SHARD} the record's partition of the
 * {@value #BY_ORGANIZATION_INDEX} index. Times are epoch milliseconds (numbers); {@code expiresAt} is epoch seconds,
 * as DynamoDB's TTL wants. Provider details are top-level attributes prefixed {@value #ATTRIBUTE_PREFIX}.
 */
public final class CallItemLayout {

    public static final String KEY = "pk";
    public static final String CALL_ID = "callId";
    public static final String SOURCE = "source";
    public static final String ORGANIZATION_ID = "organizationId";
    public static final String ORGANIZATION_SHARD = "orgShard";
    public static final String EVENTS = "events";
    public static final String DIRECTION = "direction";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String QUEUE = "queue";
    public static final String USERS = "users";
    public static final String ANSWERED_BY = "answeredBy";
    public static final String FIRST_SEEN_AT = "firstSeenAt";
    public static final String RINGING_AT = "ringingAt";
    public static final String ANSWERED_AT = "answeredAt";
    /** The reported end; a reported end always wins over {@link #INFERRED_ENDED_AT}. */
    public static final String ENDED_AT = "endedAt";
    /** The end callhook inferred for a call whose hangup never arrived (the stale-calls function). */
    public static final String INFERRED_ENDED_AT = "inferredEndedAt";
    /**
     * {@code <organization>#<shard>#ringing} or {@code <organization>#<shard>#answered} while the call is open: set
     * by its first ring ({@code ringing}) or answer ({@code answered}), moved to {@code answered} by the stale-calls
     * sweep for a call answered after ringing that is still open past the ringing limit, removed by its hangup
     * (reported or inferred); the partition key of the sparse {@value #OVERDUE_BY_ORGANIZATION_INDEX} index.
     */
    public static final String OVERDUE_SHARD = "overdueShard";
    /**
     * While the call is open, when its quiet time began (epoch ms): the later of its ring's receipt and ring time, or
     * the answer time of an answer heard first or of a call the sweep moved; the sort key of the
     * {@value #OVERDUE_BY_ORGANIZATION_INDEX} index, so a query for {@code quietSince <= now - limit} of a state's
     * partition lists the calls overdue in it and, in the ringing partition, calls answered since that the sweep
     * moves.
     */
    public static final String QUIET_SINCE = "quietSince";
    /** The {@value #OVERDUE_SHARD} suffix of calls not answered (or answered after ringing, until moved). */
    public static final String RINGING = "ringing";
    /** The {@value #OVERDUE_SHARD} suffix of answered calls. */
    public static final String ANSWERED = "answered";
    /**
     * {@code <organization>#<shard>#<line>}: the call's line (its queue; without one, the number called, or for an
     * outbound call the number calling) in its organization's shard; the partition key of the
     * {@value #BY_LINE_INDEX} index. Set by the first event that names a queue, or without one by the first that
     * names the direction and the number; an event naming a queue replaces a number, never the first queue
     * ({@value #QUEUE_LINE} keeps it), whatever the order events arrive in.
     */
    public static final String LINE_SHARD = "lineShard";
    /** {@code <organization>#<shard>#<queue>} of the first event that named a queue: what {@link #LINE_SHARD} keeps. */
    public static final String QUEUE_LINE = "queueLine";
    public static final String RAW_CAUSE = "rawCause";
    public static final String CAUSE = "cause";
    public static final String PREVIOUS_CALL_ID = "previousCallId";
    public static final String NEXT_CALL_IDS = "nextCallIds";
    public static final String DONE_BY_AGENT = "doneByAgent";
    public static final String EXPIRES_AT = "expiresAt";
    /** {@code true} on a call whose caller was blocked; absent otherwise. */
    public static final String BLOCKED = "blocked";
    public static final String ATTRIBUTE_PREFIX = "x_";

    /**
     * An organization's calls by time: {@value #ORGANIZATION_SHARD} ({@code <organization>#<shard>}) and
     * {@link #FIRST_SEEN_AT}.
     */
    public static final String BY_ORGANIZATION_INDEX = "byOrganization";
    /**
     * One line's calls by time: {@value #LINE_SHARD} and {@link #FIRST_SEEN_AT}; keys only (the records are read
     * by key), so an event that does not change the call's line writes nothing to it.
     */
    public static final String BY_LINE_INDEX = "byLine";
    /**
     * An organization's open calls by state and quiet time: {@value #OVERDUE_SHARD} and {@value #QUIET_SINCE}.
     * Sparse: only open calls are in it.
     */
    public static final String OVERDUE_BY_ORGANIZATION_INDEX = "overdueByOrganization";

    private CallItemLayout() {
    }

    /** The item key of a record key ({@code <integration>:<callId>}). */
    public static Map<String, AttributeValue> key(String callKey) {
        return Map.of(KEY, AttributeValue.fromS(callKey));
    }

    /**
     * The record an item holds. Without a reported end, an inferred end stands in for it: {@code endedAt} is the
     * inferred time, {@code cause} {@code unknown} and {@code inferred} true.
     */
    public static CallRecord toRecord(Map<String, AttributeValue> item) {
        Map<String, String> attributes = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(ATTRIBUTE_PREFIX) && value.s() != null) {
                attributes.put(name.substring(ATTRIBUTE_PREFIX.length()), value.s());
            }
        });
        String direction = string(item, DIRECTION);
        String cause = string(item, CAUSE);
        AttributeValue done = item.get(DONE_BY_AGENT);
        Instant ended = Items.time(item, ENDED_AT);
        Instant inferredEnd = ended == null ? Items.time(item, INFERRED_ENDED_AT) : null;
        Instant expires = item.containsKey(EXPIRES_AT)
                ? Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())) : null;
        return new CallRecord(
                string(item, CALL_ID),
                string(item, SOURCE),
                stringSet(item, EVENTS),
                direction == null ? null : Direction.fromWire(direction),
                string(item, FROM),
                string(item, TO),
                string(item, QUEUE),
                stringSet(item, USERS),
                string(item, ANSWERED_BY),
                Items.time(item, FIRST_SEEN_AT),
                Items.time(item, RINGING_AT),
                Items.time(item, ANSWERED_AT),
                ended != null ? ended : inferredEnd,
                string(item, RAW_CAUSE),
                inferredEnd != null ? Cause.UNKNOWN : cause == null ? null : Cause.fromWire(cause),
                string(item, PREVIOUS_CALL_ID),
                stringSet(item, NEXT_CALL_IDS),
                attributes,
                done == null ? null : done.bool(),
                expires,
                string(item, ORGANIZATION_ID),
                inferredEnd != null,
                item.containsKey(BLOCKED) && Boolean.TRUE.equals(item.get(BLOCKED).bool()));
    }

    public static AttributeValue time(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }

    private static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasSs() ? Set.of() : new TreeSet<>(value.ss());
    }
}
