package io.callhook.store;

import static io.callhook.store.Items.string;
import static io.callhook.store.Items.time;

import io.callhook.worklist.CallbackClosure;
import io.callhook.worklist.CallbackFact;
import io.callhook.worklist.CallbackItem;
import io.callhook.dynamodb.AttributeValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of the callbacks table (see README, Keys). One partition per organization, line and number (a
 * "group", {@code pk = g#<org>#<subject length>:<subject>#<line>}) holds the group's head ({@code sk = h}, the
 * version every recomputation checks and raises), its facts ({@code f#<call id>}), its closures
 * ({@code x#<item key>}) and its items ({@code i#<item key>}). A call's index ({@code pk = c#<org>#<call key>},
 * {@code sk = c}) holds the version of the call last stored and the group its fact is in. Open and resolved items
 * carry the {@code byList} index's keys: {@code list = open#<org>#<shard>#<line>} (sorted by first miss) or
 * {@code resolved#<org>#<shard>#<line>#<yyyy-mm-dd>} (sorted by resolution time).
 */
final class CallbackItemLayout {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String HEAD = "h";
    static final String FACT = "f#";
    static final String CLOSURE = "x#";
    static final String ITEM = "i#";
    static final String CALL = "c";
    static final String VERSION = "ver";
    static final String LIST = "list";
    static final String LIST_AT = "listAt";
    static final String STATE = "state";
    static final String HOLDER = "claimedBy";
    static final String CLAIMED_AT = "claimedAt";
    static final String ANNOUNCED = "announced";
    static final String EXPIRES_AT = "expiresAt";
    /** An item's version: the head version of the write that last set it (in-order writes are conditional on it). */
    static final String ITEM_VERSION = "iv";
    /** The head's tail ({@link io.callhook.worklist.WorklistFromFacts.Tail}): newest point, next key, open run. */
    static final String TAIL = "tail";
    static final String TAIL_KEY = "cur";
    static final String TAIL_PENDING = "pending";
    /** On a call's index: the fact its group holds for it (what {@code ver} describes), once the group took it. */
    static final String APPLIED = "fact";
    /** On a call's index: its fact's sort key in its group (indexes from before facts sorted by time lack it). */
    static final String FACT_KEY = "fsk";
    /** The computed attributes of an item: every recomputation sets or removes each of them, and nothing else. */
    static final List<String> COMPUTED = List.of("organizationId", "line", "subject", "key", STATE, "misses",
            "missCount", "lastMissedAt", "attempts", "lastAttemptAt", "how", "resolvedBy", "resolvedByAgent",
            "resolvedAt", "secondsToResolve", "closedKey", "closedAt", "closeReason", "closedBy", EXPIRES_AT, LIST,
            LIST_AT);

    private CallbackItemLayout() {
    }

    /** One organization's line and number: the partition of its facts and items. */
    record Group(String organizationId, String line, String subject) {

        static Group of(CallbackFact fact) {
            return new Group(fact.organizationId(), fact.line(), fact.subject());
        }

        String pk() {
            return "g#" + organizationId + "#" + subject.length() + ":" + subject + "#" + line;
        }

        static Group parse(String pk) {
            int hash = pk.indexOf('#', 2);
            int colon = pk.indexOf(':', hash);
            int length = Integer.parseInt(pk.substring(hash + 1, colon));
            String subject = pk.substring(colon + 1, colon + 1 + length);
            return new Group(pk.substring(2, hash), pk.substring(colon + 2 + length), subject);
        }
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    static Map<String, AttributeValue> callKey(String organizationId, String callKey) {
        return key("c#" + organizationId + "#" + callKey, CALL);
    }

    /** The sort key of a fact: its place on the time axis, so a group's facts sort by call time. */
    static String factKey(CallbackFact fact) {
        return FACT + io.callhook.worklist.WorklistFromFacts.order(fact);
    }

    /** A fact item, with the version of the call image it was taken from. */
    static Map<String, AttributeValue> fact(Group group, CallbackFact fact, String version) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(group.pk(), factKey(fact)));
        item.put(VERSION, AttributeValue.fromS(version));
        item.put("kind", AttributeValue.fromS(fact.kind().wire()));
        item.put("callId", AttributeValue.fromS(fact.callId()));
        item.put("at", CallItemLayout.time(fact.at()));
        putTime(item, "connectedAt", fact.connectedAt());
        putString(item, "agent", fact.agent());
        putSeconds(item, EXPIRES_AT, fact.expiresAt());
        return item;
    }

    static CallbackFact fact(Group group, Map<String, AttributeValue> item) {
        return new CallbackFact(CallbackFact.Kind.fromWire(string(item, "kind")), group.organizationId(),
                group.line(), group.subject(), string(item, "callId"), time(item, "at"), time(item, "connectedAt"),
                string(item, "agent"), seconds(item, EXPIRES_AT));
    }

    static Map<String, AttributeValue> closure(Group group, CallbackClosure closure, Instant expiresAt) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(group.pk(), CLOSURE + closure.itemKey()));
        item.put("itemKey", AttributeValue.fromS(closure.itemKey()));
        item.put("at", CallItemLayout.time(closure.at()));
        item.put("reason", AttributeValue.fromS(closure.reason()));
        putString(item, "agent", closure.agent());
        putSeconds(item, EXPIRES_AT, expiresAt);
        return item;
    }

    static CallbackClosure closure(Map<String, AttributeValue> item) {
        return new CallbackClosure(string(item, "itemKey"), time(item, "at"), string(item, "reason"),
                string(item, "agent"));
    }

    /** The computed attributes of an item ({@link #COMPUTED}; absent ones are to be removed). */
    static Map<String, AttributeValue> computed(CallbackItem item, int shards) {
        Map<String, AttributeValue> a = new LinkedHashMap<>();
        a.put("organizationId", AttributeValue.fromS(item.organizationId()));
        a.put("line", AttributeValue.fromS(item.line()));
        a.put("subject", AttributeValue.fromS(item.subject()));
        a.put("key", AttributeValue.fromS(item.key()));
        a.put(STATE, AttributeValue.fromS(item.state().wire()));
        a.put("misses", AttributeValue.fromL(item.misses().stream().map(m -> AttributeValue.fromM(Map.of(
                "c", AttributeValue.fromS(m.callId()), "t", CallItemLayout.time(m.at())))).toList()));
        a.put("missCount", AttributeValue.fromN(Integer.toString(item.missCount())));
        putTime(a, "lastMissedAt", item.lastMissedAt());
        a.put("attempts", AttributeValue.fromN(Integer.toString(item.attempts())));
        putTime(a, "lastAttemptAt", item.lastAttemptAt());
        CallbackItem.Resolution resolution = item.resolution();
        if (resolution != null) {
            a.put("how", AttributeValue.fromS(resolution.how().wire()));
            a.put("resolvedBy", AttributeValue.fromS(resolution.callId()));
            putString(a, "resolvedByAgent", resolution.agent());
            a.put("resolvedAt", CallItemLayout.time(resolution.at()));
            a.put("secondsToResolve", AttributeValue.fromN(Long.toString(resolution.secondsToResolve())));
        }
        CallbackClosure closure = item.closure();
        if (closure != null) {
            a.put("closedKey", AttributeValue.fromS(closure.itemKey()));
            a.put("closedAt", CallItemLayout.time(closure.at()));
            a.put("closeReason", AttributeValue.fromS(closure.reason()));
            putString(a, "closedBy", closure.agent());
        }
        putSeconds(a, EXPIRES_AT, item.expiresAt());
        String list = listOf(item, shards);
        if (list != null) {
            a.put(LIST, AttributeValue.fromS(list));
            a.put(LIST_AT, CallItemLayout.time(item.state() == CallbackItem.State.OPEN ? item.firstMissedAt()
                    : resolution.at()));
        }
        return a;
    }

    /** The {@code byList} partition an item is listed in: open and resolved items only. */
    private static String listOf(CallbackItem item, int shards) {
        Group group = new Group(item.organizationId(), item.line(), item.subject());
        int shard = CallKeys.shardOf(group.pk(), shards);
        if (item.state() == CallbackItem.State.OPEN) {
            return openList(item.organizationId(), shard, item.line());
        }
        if (item.state() == CallbackItem.State.RESOLVED) {
            return resolvedList(item.organizationId(), shard, item.line(),
                    LocalDate.ofInstant(item.resolution().at(), ZoneOffset.UTC));
        }
        return null;
    }

    static String openList(String organizationId, int shard, String line) {
        return "open#" + organizationId + "#" + shard + "#" + line;
    }

    static String resolvedList(String organizationId, int shard, String line, LocalDate day) {
        return "resolved#" + organizationId + "#" + shard + "#" + line + "#" + day;
    }

    static CallbackItem item(Map<String, AttributeValue> a) {
        CallbackItem.Resolution resolution = a.containsKey("how") ? new CallbackItem.Resolution(
                CallbackFact.Kind.fromWire(string(a, "how")), string(a, "resolvedBy"), string(a, "resolvedByAgent"),
                time(a, "resolvedAt"), Long.parseLong(a.get("secondsToResolve").n())) : null;
        CallbackClosure closure = a.containsKey("closedKey") ? new CallbackClosure(string(a, "closedKey"),
                time(a, "closedAt"), string(a, "closeReason"), string(a, "closedBy")) : null;
        List<CallbackItem.Miss> misses = a.get("misses").l().stream().map(m -> new CallbackItem.Miss(
                m.m().get("c").s(), Instant.ofEpochMilli(Long.parseLong(m.m().get("t").n())))).toList();
        // items stored before misses were counted apart list them all
        int missCount = a.containsKey("missCount") ? Integer.parseInt(a.get("missCount").n()) : misses.size();
        Instant lastMissedAt = a.containsKey("lastMissedAt") ? time(a, "lastMissedAt")
                : misses.isEmpty() ? null : misses.get(misses.size() - 1).at();
        return new CallbackItem(string(a, "organizationId"), string(a, "line"), string(a, "subject"),
                string(a, "key"), CallbackItem.State.fromWire(string(a, STATE)), misses, missCount, lastMissedAt,
                Integer.parseInt(a.get("attempts").n()), time(a, "lastAttemptAt"), resolution, closure,
                seconds(a, EXPIRES_AT));
    }

    static CallbackStore.Entry entry(Map<String, AttributeValue> a) {
        return new CallbackStore.Entry(item(a), string(a, HOLDER), time(a, CLAIMED_AT), string(a, ANNOUNCED));
    }

    private static void putString(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static void putTime(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, CallItemLayout.time(value));
        }
    }

    private static void putSeconds(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, AttributeValue.fromN(Long.toString(value.getEpochSecond())));
        }
    }

    private static Instant seconds(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Instant.ofEpochSecond(Long.parseLong(value.n()));
    }
}
