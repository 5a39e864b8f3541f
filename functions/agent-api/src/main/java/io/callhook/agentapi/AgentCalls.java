package io.callhook.agentapi;

import static io.callhook.store.AgentCallItems.ACTIVE_AT;
import static io.callhook.store.AgentCallItems.AGENT_HANGUP_AT;
import static io.callhook.store.AgentCallItems.AGENT_HANGUP_BY;
import static io.callhook.store.AgentCallItems.ASSIGNED_AT;
import static io.callhook.store.AgentCallItems.ASSIGNED_TO;
import static io.callhook.store.AgentCallItems.BRIDGED_AT;
import static io.callhook.store.AgentCallItems.BY_ASSIGNEE_INDEX;
import static io.callhook.store.AgentCallItems.B_LEG;
import static io.callhook.store.AgentCallItems.HELD;
import static io.callhook.store.AgentCallItems.ORGANIZATION_ID;
import static io.callhook.store.AgentCallItems.PARKED_AT;
import static io.callhook.store.CallItems.ANSWERED_BY;
import static io.callhook.store.CallItems.BY_TIME_INDEX;
import static io.callhook.store.CallItems.FIRST_SEEN_AT;
import static io.callhook.store.CallItems.KIND;
import static io.callhook.store.CallItems.KIND_CALL;
import static io.callhook.store.CallItems.RINGING_AT;

import io.callhook.agent.Agent;
import io.callhook.store.CallItems;
import io.callhook.store.Transactions;
import io.callhook.store.UpdateExpression;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Agent operations on the calls table. Every change is one conditional write whose condition carries the
 * operation's {@link Requirement}s, so ownership and state are enforced by DynamoDB at the moment of the write; a
 * refused write returns the item as it was ({@code ALL_OLD}) inside {@link Refused}. Writes name only
 * {@link io.callhook.store.AgentCallItems} attributes, never a provider fact.
 *
 * <p>Lists read two indexes within a bounded window back from now ({@code firstSeenAt}), at most
 * {@link #MAX_PAGES} pages per query: {@code byAssignee} for the agent's calls and {@code byTime} for calls no agent
 * took yet. A call nobody has is waiting only if it started ringing within the maximum ring age (a call whose
 * hangup never arrived stops waiting then); those are read oldest first, so the page cap never hides the call that
 * has waited longest. No request scans the table.
 */
final class AgentCalls {

    /** The most index pages one list reads from each index. */
    static final int MAX_PAGES = 10;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration window;
    private final Duration maxRing;

    /**
     * @param window  how far back lists look ({@code firstSeenAt})
     * @param maxRing the longest a call nobody has may have been ringing and still be waiting
     */
    AgentCalls(DynamoDbClient dynamo, String table, Duration window, Duration maxRing) {
        this.dynamo = dynamo;
        this.table = table;
        this.window = window;
        this.maxRing = maxRing;
    }

    Optional<Map<String, AttributeValue>> find(String callId) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).key(CallItems.key(callId))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * One conditional write: {@code changes} applied when the call meets every requirement.
     *
     * @return the item after the write
     * @throws Refused with the item as it was when a requirement failed; nothing was written
     */
    Map<String, AttributeValue> update(String callId, Agent me, List<Requirement> requirements,
                                       Consumer<UpdateExpression> changes) {
        return write(callId, me, requirements, changes, null);
    }

    /**
     * {@link #update} for an operation a client may send again (after a timeout, or a 503 asking it to): when the
     * write is refused and the item as it was at that moment ({@code ALL_OLD}) shows the operation's effect already
     * in place for {@code me}, that item is the result and nothing is written. Ownership stays with the write's
     * condition: {@code done} only ever turns a refusal into "already done", never lets a write through.
     *
     * @return the item after the write, or as it was when the operation had already been done
     * @throws Refused with the item as it was when a requirement failed and the effect is not in place for me
     */
    Outcome updateOrRepeat(String callId, Agent me, List<Requirement> requirements, Consumer<UpdateExpression> changes,
                           Done done) {
        try {
            return new Outcome(update(callId, me, requirements, changes), false);
        } catch (Refused refused) {
            if (done.in(refused.old(), me)) {
                return new Outcome(refused.old(), true);
            }
            throw refused;
        }
    }

    /** The item an operation leaves, and whether the operation had been done before (a repeat). */
    record Outcome(Map<String, AttributeValue> item, boolean repeat) {
    }

    /** What a repeated operation finds when its effect is in place for the agent. */
    @FunctionalInterface
    interface Done {
        /** Held by me and live: what a hold or park leaves. */
        Done HELD_BY_ME = (item, me) -> Requirement.MINE.holds(item, me) && Requirement.NOT_FINISHED.holds(item, me)
                && Requirement.HELD.holds(item, me);
        /** Mine, live, parked before and no longer held: what a retrieve leaves. */
        Done RETRIEVED_BY_ME = (item, me) -> Requirement.MINE.holds(item, me)
                && Requirement.NOT_FINISHED.holds(item, me) && Requirement.NOT_HELD.holds(item, me)
                && item.containsKey(PARKED_AT);
        /** Hung up by me: what a hangup leaves (whatever the PBX reported since). */
        Done HUNG_UP_BY_ME = (item, me) -> me.id().equals(string(item, AGENT_HANGUP_BY))
                && me.id().equals(string(item, ASSIGNED_TO));

        boolean in(Map<String, AttributeValue> item, Agent me);
    }

    /**
     * Sets keys of a string map attribute ({@code userData}, {@code dispositions}) when the call meets every
     * requirement, keeping the map at {@code maxKeys} keys at most. With {@code ifAbsent}, keys already there keep
     * their value. Only keys the map does not hold yet count against the limit, and the limit is part of every
     * write's condition:
     * <ol>
     *   <li>the first write counts every key sent as new: {@code size(map) <= maxKeys - sent};</li>
     *   <li>when the map holds more than that, the old item ({@code ALL_OLD}) tells which keys it holds; if the new
     *       ones fit, the write is sent again counting only those, on condition that the map is still no larger
     *       than {@code maxKeys - new} and still holds every key counted as present (so a concurrent writer that
     *       removes one of them, or adds keys, makes this write fail rather than exceed the limit) and the count
     *       is made again from that refusal;</li>
     *   <li>a call without the map gets it created by a write conditioned on its absence; a write that finds the
     *       map created meanwhile is counted again.</li>
     * </ol>
     * At most three rounds, each a conditional write.
     *
     * @throws Refused when a requirement failed ({@code requirement} set), or the map would hold more than
     *                 {@code maxKeys} keys ({@code requirement} null)
     */
    Map<String, AttributeValue> putEntries(String callId, Agent me, List<Requirement> requirements, String map,
                                           Map<String, String> entries, boolean ifAbsent, int maxKeys) {
        Map<String, AttributeValue> values = new HashMap<>();
        entries.forEach((k, v) -> values.put(k, AttributeValue.fromS(v)));
        Set<String> present = Set.of();
        for (int attempt = 0; attempt < 3; attempt++) {
            Set<String> held = present;
            int added = values.size() - held.size();
            try {
                return write(callId, me, requirements, e -> values.forEach((k, v) -> e.setEntry(map, k, v, ifAbsent)),
                        e -> fitting(e, map, held, maxKeys - added));
            } catch (Refused refused) {
                if (refused.requirement() != null) {
                    throw refused;
                }
                AttributeValue old = refused.old().get(map);
                if (old != null) {
                    Set<String> stored = old.hasM() ? old.m().keySet() : Set.of();
                    present = new HashSet<>(values.keySet());
                    present.retainAll(stored);
                    if (stored.size() + values.size() - present.size() > maxKeys) {
                        throw refused;
                    }
                    continue;
                }
            }
            try {
                return write(callId, me, requirements, e -> e.set(map, AttributeValue.fromM(values)),
                        e -> "attribute_not_exists(" + e.name(map) + ")");
            } catch (Refused refused) {
                if (refused.requirement() != null) {
                    throw refused;
                }
                present = Set.of();
            }
        }
        throw new IllegalStateException("the " + map + " map of " + callId + " kept changing");
    }

    /** The map exists, has at most {@code most} keys, and holds each of {@code held}. */
    private static String fitting(UpdateExpression e, String map, Set<String> held, int most) {
        StringBuilder condition = new StringBuilder("attribute_exists(" + e.name(map) + ") AND size(" + e.name(map)
                + ") <= " + e.value(AttributeValue.fromN(Integer.toString(most))));
        for (String key : held) {
            condition.append(" AND attribute_exists(").append(e.name(map)).append('.').append(e.name(key)).append(')');
        }
        return condition.toString();
    }

    /**
     * Removes one key of a map attribute when the call meets every requirement; a call without the map is left as
     * it is (and returned).
     *
     * @throws Refused when a requirement failed
     */
    Map<String, AttributeValue> removeEntry(String callId, Agent me, List<Requirement> requirements, String map,
                                            String key) {
        try {
            return write(callId, me, requirements, e -> e.removeEntry(map, key),
                    e -> "attribute_exists(" + e.name(map) + ")");
        } catch (Refused refused) {
            if (refused.requirement() != null) {
                throw refused;
            }
            return refused.old();
        }
    }

    /**
     * Bridges two calls in one transaction: each gets the other as {@code bLeg}, both become the agent's and are
     * no longer held. Nothing is written unless both meet their requirements.
     *
     * @throws BridgeRefused naming which call failed which requirement, with its old item
     */
    void bridge(Agent me, String destination, List<Requirement> destinationRequires, String source,
                List<Requirement> sourceRequires, Instant now) {
        UpdateItemRequest first = request(destination, me, destinationRequires, bridgeTo(me, source, now), null);
        UpdateItemRequest second = request(source, me, sourceRequires, bridgeTo(me, destination, now), null);
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    Transactions.update(first, ReturnValuesOnConditionCheckFailure.ALL_OLD),
                    Transactions.update(second, ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        } catch (TransactionCanceledException e) {
            if (!e.hasCancellationReasons()) {
                throw e;
            }
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    Map<String, AttributeValue> old = reasons.get(i).hasItem() ? reasons.get(i).item() : Map.of();
                    List<Requirement> requires = i == 0 ? destinationRequires : sourceRequires;
                    throw new BridgeRefused(i == 0, new Refused(Requirement.firstFailing(requires, old, me), old));
                }
            }
            throw e;
        }
    }

    /** The agent's calls in the window that are not finished, newest first. */
    List<Map<String, AttributeValue>> assignedTo(Agent me, Instant now) {
        UpdateExpression e = new UpdateExpression();
        String key = e.name(ASSIGNED_TO) + " = " + e.value(AttributeValue.fromS(me.id())) + " AND "
                + e.name(FIRST_SEEN_AT) + " >= " + e.value(CallItems.time(now.minus(window)));
        String filter = Requirement.NOT_FINISHED.condition(e, me);
        return query(BY_ASSIGNEE_INDEX, key, filter, e, false);
    }

    /**
     * Calls in the window that no agent acted on, that are not finished and that the PBX answered under one of the
     * agent's names: the agent's calls the webhook did not assign. Newest first.
     */
    List<Map<String, AttributeValue>> answeredUnderNameOf(Agent me, Instant now) {
        UpdateExpression e = new UpdateExpression();
        String key = e.name(KIND) + " = " + e.value(AttributeValue.fromS(KIND_CALL)) + " AND "
                + e.name(FIRST_SEEN_AT) + " >= " + e.value(CallItems.time(now.minus(window)));
        String filter = "attribute_not_exists(" + e.name(ASSIGNED_TO) + ") AND "
                + Requirement.NOT_FINISHED.condition(e, me) + " AND " + Requirement.MINE.condition(e, me);
        return query(BY_TIME_INDEX, key, filter, e, false);
    }

    /**
     * Calls nobody has (no agent acted on them, the PBX named no answerer) that are not finished and started
     * ringing ({@code ringingAt}, else {@code firstSeenAt}) within the maximum ring age and the window; oldest
     * first. Whether each is ringing or queued (and so waiting) is for the caller to tell from its state.
     */
    List<Map<String, AttributeValue>> nobodys(Agent me, Instant now) {
        Instant since = now.minus(maxRing).isAfter(now.minus(window)) ? now.minus(maxRing) : now.minus(window);
        UpdateExpression e = new UpdateExpression();
        AttributeValue cutoff = CallItems.time(since);
        // the key bounds firstSeenAt (when callhook first heard of the call), the filter the provider's ringingAt
        // (usually a little earlier): a call whose ring started before the cutoff is left out either way
        String key = e.name(KIND) + " = " + e.value(AttributeValue.fromS(KIND_CALL)) + " AND "
                + e.name(FIRST_SEEN_AT) + " >= " + e.value(cutoff);
        String filter = "attribute_not_exists(" + e.name(ASSIGNED_TO) + ") AND attribute_not_exists("
                + e.name(ANSWERED_BY) + ") AND " + Requirement.NOT_FINISHED.condition(e, me)
                + " AND (attribute_not_exists(" + e.name(RINGING_AT) + ") OR " + e.name(RINGING_AT) + " >= "
                + e.value(cutoff) + ")";
        return query(BY_TIME_INDEX, key, filter, e, true);
    }

    /** What every call-control write sets: the call becomes the agent's (and its organisation's). */
    static void claim(UpdateExpression e, Agent me, Instant now) {
        e.set(ASSIGNED_TO, AttributeValue.fromS(me.id()))
                .setIfAbsent(ASSIGNED_AT, CallItems.time(now))
                .setIfAbsent(ORGANIZATION_ID, AttributeValue.fromS(me.organizationId()));
    }

    static Consumer<UpdateExpression> pickup(Agent me, Instant now) {
        return e -> {
            claim(e, me, now);
            e.set(HELD, AttributeValue.fromBool(false)).set(ACTIVE_AT, CallItems.time(now));
        };
    }

    static Consumer<UpdateExpression> park(Agent me, Instant now) {
        return e -> {
            claim(e, me, now);
            e.set(HELD, AttributeValue.fromBool(true)).set(PARKED_AT, CallItems.time(now));
        };
    }

    static Consumer<UpdateExpression> hangup(Agent me, Instant now) {
        return e -> {
            claim(e, me, now);
            e.set(AGENT_HANGUP_AT, CallItems.time(now)).set(AGENT_HANGUP_BY, AttributeValue.fromS(me.id()));
        };
    }

    private static Consumer<UpdateExpression> bridgeTo(Agent me, String other, Instant now) {
        return e -> {
            claim(e, me, now);
            e.set(B_LEG, AttributeValue.fromS(other)).set(BRIDGED_AT, CallItems.time(now))
                    .set(HELD, AttributeValue.fromBool(false));
        };
    }

    private Map<String, AttributeValue> write(String callId, Agent me, List<Requirement> requirements,
                                              Consumer<UpdateExpression> changes, ExtraCondition extra) {
        try {
            return dynamo.updateItem(request(callId, me, requirements, changes, extra)).attributes();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            throw new Refused(Requirement.firstFailing(requirements, old, me), old);
        }
    }

    private UpdateItemRequest request(String callId, Agent me, List<Requirement> requirements,
                                      Consumer<UpdateExpression> changes, ExtraCondition extra) {
        UpdateExpression e = new UpdateExpression();
        changes.accept(e);
        String condition = Requirement.conditions(requirements, e, me);
        if (extra != null) {
            condition = condition + " AND " + extra.condition(e);
        }
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(CallItems.key(callId))
                .updateExpression(e.update())
                .conditionExpression(condition)
                .expressionAttributeNames(e.names())
                .expressionAttributeValues(e.values())
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private List<Map<String, AttributeValue>> query(String index, String key, String filter, UpdateExpression e,
                                                    boolean oldestFirst) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(index)
                    .keyConditionExpression(key).filterExpression(filter)
                    .expressionAttributeNames(e.names()).expressionAttributeValues(e.values())
                    .scanIndexForward(oldestFirst);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(request.build());
            items.addAll(response.items());
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                break;
            }
            start = response.lastEvaluatedKey();
        }
        return items;
    }

    /** A condition beyond the requirements, on the attribute being written. */
    @FunctionalInterface
    private interface ExtraCondition {
        String condition(UpdateExpression e);
    }

    /**
     * A write was refused: {@code requirement} is the first requirement the old item fails, or {@code null} when it
     * met them all and only the write's own extra condition failed. {@code old} is empty for an unknown call.
     */
    static final class Refused extends RuntimeException {
        private final transient Requirement requirement;
        private final transient Map<String, AttributeValue> old;

        Refused(Requirement requirement, Map<String, AttributeValue> old) {
            super(requirement == null ? "condition" : requirement.name(), null, false, false);
            this.requirement = requirement;
            this.old = old;
        }

        Requirement requirement() {
            return requirement;
        }

        /** The requirement that failed, for writes without an extra condition (where one always did). */
        Requirement failed() {
            if (requirement == null) {
                throw new IllegalStateException("DynamoDB refused a write whose requirements the old item meets");
            }
            return requirement;
        }

        Map<String, AttributeValue> old() {
            return old;
        }
    }

    /** A bridge was refused: by the destination (the agent's current call) or by the source. */
    static final class BridgeRefused extends RuntimeException {
        private final boolean destination;
        private final transient Refused refused;

        BridgeRefused(boolean destination, Refused refused) {
            super(refused.getMessage(), null, false, false);
            this.destination = destination;
            this.refused = refused;
        }

        boolean destination() {
            return destination;
        }

        Refused refused() {
            return refused;
        }
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
