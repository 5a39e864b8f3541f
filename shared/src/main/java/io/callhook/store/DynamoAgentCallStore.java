package io.callhook.store;

import static io.callhook.store.AgentCallItemLayout.ACTIVE_AT;
import static io.callhook.store.AgentCallItemLayout.AGENT_HANGUP_AT;
import static io.callhook.store.AgentCallItemLayout.AGENT_HANGUP_BY;
import static io.callhook.store.AgentCallItemLayout.ASSIGNED_AT;
import static io.callhook.store.AgentCallItemLayout.ASSIGNED_TO;
import static io.callhook.store.AgentCallItemLayout.BRIDGED_AT;
import static io.callhook.store.AgentCallItemLayout.BY_ASSIGNEE_INDEX;
import static io.callhook.store.AgentCallItemLayout.B_LEG;
import static io.callhook.store.AgentCallItemLayout.HELD;
import static io.callhook.store.AgentCallItemLayout.PARKED_AT;
import static io.callhook.store.CallItemLayout.ANSWERED_BY;
import static io.callhook.store.CallItemLayout.DIRECTION;
import static io.callhook.store.CallItemLayout.ENDED_AT;
import static io.callhook.store.CallItemLayout.FIRST_SEEN_AT;
import static io.callhook.store.CallItemLayout.KEY;
import static io.callhook.store.CallItemLayout.NEXT_CALL_IDS;
import static io.callhook.store.CallItemLayout.ORGANIZATION_ID;
import static io.callhook.store.CallItemLayout.RINGING_AT;

import io.callhook.agent.Agent;
import io.callhook.agent.Requirement;
import io.callhook.call.AgentCall;
import io.callhook.call.Direction;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.CancellationReason;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.GetItemResponse;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.QueryResponse;
import io.callhook.dynamodb.ReturnValue;
import io.callhook.dynamodb.ReturnValuesOnConditionCheckFailure;
import io.callhook.dynamodb.TransactionCanceledException;
import io.callhook.dynamodb.UpdateItemRequest;
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
import java.util.stream.Collectors;

/**
 * The agents' side of the calls table. Each change is one {@code UpdateItem} whose condition is the operation's
 * {@link Requirement}s written as DynamoDB conditions; a refused write returns the item as it was
 * ({@code ALL_OLD}), and the same requirements evaluated on that call tell which one failed. Writes name only
 * {@link AgentCallItemLayout} attributes, never a provider fact.
 *
 * <p>Every read and write is limited to the agent's organization: the {@link Requirement#EXISTS} condition of
 * every write names it, and a call of another organization reads as no call: its refusals carry no call, as for
 * a call that does not exist, and {@link #updateOrRepeat} never finds an operation done on it. Lists read two
 * indexes within a bounded window back from now ({@code firstSeenAt}): {@code byAssignee} for the agent's calls and
 * {@code byOrganization} (every shard of the agent's organization, merged) for calls no agent took yet.
 */
public final class DynamoAgentCallStore implements AgentCallStore {

    /** The {@code Limit} of each index page a list reads. */
    static final int PAGE_SIZE = 1000;

    private static final List<String> FINISH_FACTS = List.of(ENDED_AT, AGENT_HANGUP_AT, B_LEG, NEXT_CALL_IDS);

    private final DynamoDbJsonClient dynamo;
    private final String table;
    private final Duration window;
    private final Duration maxRing;
    private final int shards;

    /**
     * @param window  how far back lists look ({@code firstSeenAt})
     * @param maxRing the longest a call nobody has may have been ringing and still be waiting
     * @param shards  the index shard count the calls were written with ({@link DynamoCallStore#shards})
     */
    public DynamoAgentCallStore(DynamoDbJsonClient dynamo, String table, Duration window, Duration maxRing,
                                int shards) {
        this.dynamo = dynamo;
        this.table = table;
        this.window = window;
        this.maxRing = maxRing;
        this.shards = shards;
    }

    @Override
    public Optional<AgentCall> find(String callId, Agent me) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).key(CallItemLayout.key(callId))
                .consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        AgentCall call = AgentCallItemLayout.toAgentCall(response.item());
        return Requirement.EXISTS.holds(call, me) ? Optional.of(call) : Optional.empty();
    }

    @Override
    public AgentCall update(String callId, Agent me, List<Requirement> requirements, Change change, Instant now) {
        try {
            return AgentCallItemLayout.toAgentCall(write(callId, me, requirements, changes(change, me, now), null));
        } catch (ItemRefused refused) {
            throw refused.refused();
        }
    }

    @Override
    public Outcome updateOrRepeat(String callId, Agent me, List<Requirement> requirements, Change change,
                                  Instant now, Done done) {
        try {
            return new Outcome(update(callId, me, requirements, change, now), false);
        } catch (Refused refused) {
            // only a call of my organization can show my operation done; another's is refused as unknown
            if (Requirement.EXISTS.holds(refused.old(), me) && done.in(refused.old(), me)) {
                return new Outcome(refused.old(), true);
            }
            throw refused;
        }
    }

    /**
     * The limit is kept in every write's condition:
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
     */
    @Override
    public AgentCall putEntries(String callId, Agent me, List<Requirement> requirements, DataMap dataMap,
                                Map<String, String> entries, boolean ifAbsent, int maxKeys) {
        String map = attribute(dataMap);
        Map<String, AttributeValue> values = new HashMap<>();
        entries.forEach((k, v) -> values.put(k, AttributeValue.fromS(v)));
        Set<String> present = Set.of();
        for (int attempt = 0; attempt < 3; attempt++) {
            Set<String> held = present;
            int added = values.size() - held.size();
            try {
                return AgentCallItemLayout.toAgentCall(write(callId, me, requirements,
                        e -> values.forEach((k, v) -> e.setEntry(map, k, v, ifAbsent)),
                        e -> fitting(e, map, held, maxKeys - added)));
            } catch (ItemRefused refused) {
                if (refused.requirement != null) {
                    throw refused.refused();
                }
                AttributeValue old = refused.item.get(map);
                if (old != null) {
                    Set<String> stored = old.hasM() ? old.m().keySet() : Set.of();
                    present = new HashSet<>(values.keySet());
                    present.retainAll(stored);
                    if (stored.size() + values.size() - present.size() > maxKeys) {
                        throw refused.refused();
                    }
                    continue;
                }
            }
            try {
                return AgentCallItemLayout.toAgentCall(write(callId, me, requirements,
                        e -> e.set(map, AttributeValue.fromM(values)),
                        e -> "attribute_not_exists(" + e.name(map) + ")"));
            } catch (ItemRefused refused) {
                if (refused.requirement != null) {
                    throw refused.refused();
                }
                present = Set.of();
            }
        }
        throw new IllegalStateException("the " + map + " map of " + callId + " kept changing");
    }

    @Override
    public AgentCall removeEntry(String callId, Agent me, List<Requirement> requirements, DataMap dataMap,
                                 String key) {
        String map = attribute(dataMap);
        try {
            return AgentCallItemLayout.toAgentCall(write(callId, me, requirements, e -> e.removeEntry(map, key),
                    e -> "attribute_exists(" + e.name(map) + ")"));
        } catch (ItemRefused refused) {
            if (refused.requirement != null) {
                throw refused.refused();
            }
            return AgentCallItemLayout.toAgentCall(refused.item);
        }
    }

    @Override
    public void bridge(Agent me, String destination, List<Requirement> destinationRequires, String source,
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
                    AgentCall old = AgentCallItemLayout.toAgentCall(reasons.get(i).hasItem() ? reasons.get(i).item()
                            : Map.of());
                    List<Requirement> requires = i == 0 ? destinationRequires : sourceRequires;
                    Requirement failed = Requirement.firstFailing(requires, old, me);
                    throw new BridgeRefused(i == 0, new Refused(failed,
                            failed == Requirement.EXISTS ? AgentCallItemLayout.toAgentCall(Map.of()) : old));
                }
            }
            throw e;
        }
    }

    @Override
    public List<AgentCall> assignedTo(Agent me, Instant now) {
        UpdateExpression e = new UpdateExpression();
        String key = e.name(ASSIGNED_TO) + " = " + e.value(AttributeValue.fromS(me.id())) + " AND "
                + e.name(FIRST_SEEN_AT) + " >= " + e.value(CallItemLayout.time(now.minus(window)));
        String filter = condition(Requirement.EXISTS, e, me) + " AND " + condition(Requirement.NOT_FINISHED, e, me);
        return query(BY_ASSIGNEE_INDEX, key, filter, e, false);
    }

    @Override
    public List<AgentCall> answeredUnderNameOf(Agent me, Instant now) {
        UpdateExpression e = new UpdateExpression();
        String since = e.value(CallItemLayout.time(now.minus(window)));
        String filter = "attribute_not_exists(" + e.name(ASSIGNED_TO) + ") AND "
                + condition(Requirement.NOT_FINISHED, e, me) + " AND " + condition(Requirement.MINE, e, me);
        return ofOrganization(me, since, filter, e, false);
    }

    @Override
    public List<AgentCall> nobodys(Agent me, Instant now) {
        Instant since = now.minus(maxRing).isAfter(now.minus(window)) ? now.minus(maxRing) : now.minus(window);
        UpdateExpression e = new UpdateExpression();
        String cutoff = e.value(CallItemLayout.time(since));
        // the key bounds firstSeenAt (when callhook first heard of the call), the filter the provider's ringingAt
        // (usually a little earlier): a call whose ring started before the cutoff is left out either way
        String filter = "attribute_not_exists(" + e.name(ASSIGNED_TO) + ") AND attribute_not_exists("
                + e.name(ANSWERED_BY) + ") AND " + condition(Requirement.NOT_FINISHED, e, me)
                + " AND (attribute_not_exists(" + e.name(RINGING_AT) + ") OR " + e.name(RINGING_AT) + " >= "
                + cutoff + ")";
        return ofOrganization(me, cutoff, filter, e, true);
    }

    /**
     * Calls of my organization first seen at or after {@code since} (a placeholder of {@code e}) that pass
     * {@code filter}: every shard, merged, at most {@link #MAX_PAGES} index pages per shard.
     */
    private List<AgentCall> ofOrganization(Agent me, String since, String filter, UpdateExpression e,
                                           boolean oldestFirst) {
        String key = "#p = :p AND " + e.name(FIRST_SEEN_AT) + " >= " + since;
        Map<String, String> names = new HashMap<>(e.names());
        names.put("#p", CallItemLayout.ORGANIZATION_SHARD);
        MergedQuery query = DynamoCallStore.organizationQuery(dynamo, table, shards, me.organizationId(), key, names,
                e.values(), filter, oldestFirst, PAGE_SIZE, MAX_PAGES * shards, null);
        return query.take(AgentCallItemLayout::toAgentCall, Integer.MAX_VALUE, Long.MAX_VALUE, call -> 0);
    }

    /** A requirement as a DynamoDB condition for {@code me}, with its placeholders added to {@code e}. */
    static String condition(Requirement requirement, UpdateExpression e, Agent me) {
        return switch (requirement) {
            case EXISTS -> "(attribute_exists(" + e.name(KEY) + ") AND " + e.name(ORGANIZATION_ID) + " = "
                    + e.value(AttributeValue.fromS(me.organizationId())) + ")";
            case MINE -> "(" + e.name(ASSIGNED_TO) + " = " + e.value(AttributeValue.fromS(me.id())) + " OR ("
                    + "attribute_not_exists(" + e.name(ASSIGNED_TO) + ") AND " + answeredByMe(e, me) + "))";
            case MINE_OR_NOBODYS -> "(" + e.name(ASSIGNED_TO) + " = " + e.value(AttributeValue.fromS(me.id()))
                    + " OR (attribute_not_exists(" + e.name(ASSIGNED_TO) + ") AND (attribute_not_exists("
                    + e.name(ANSWERED_BY) + ") OR " + answeredByMe(e, me) + ")))";
            case NOT_FINISHED -> FINISH_FACTS.stream().map(f -> "attribute_not_exists(" + e.name(f) + ")")
                    .collect(Collectors.joining(" AND ", "(", ")"));
            case FINISHED -> FINISH_FACTS.stream().map(f -> "attribute_exists(" + e.name(f) + ")")
                    .collect(Collectors.joining(" OR ", "(", ")"));
            case NOT_HELD -> "(attribute_not_exists(" + e.name(HELD) + ") OR " + e.name(HELD) + " = "
                    + e.value(AttributeValue.fromBool(false)) + ")";
            case HELD -> e.name(HELD) + " = " + e.value(AttributeValue.fromBool(true));
            case OUTBOUND -> e.name(DIRECTION) + " = " + e.value(AttributeValue.fromS(Direction.OUT.wire()));
        };
    }

    private static String answeredByMe(UpdateExpression e, Agent me) {
        return e.name(ANSWERED_BY) + " IN (" + me.identities().stream().map(n -> e.value(AttributeValue.fromS(n)))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String attribute(DataMap map) {
        return switch (map) {
            case USER_DATA -> AgentCallItemLayout.USER_DATA;
            case DISPOSITIONS -> AgentCallItemLayout.DISPOSITIONS;
        };
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

    /** What every call-control write sets: the call becomes the agent's. Its organization is never an agent's. */
    private static void claim(UpdateExpression e, Agent me, Instant now) {
        e.set(ASSIGNED_TO, AttributeValue.fromS(me.id())).setIfAbsent(ASSIGNED_AT, CallItemLayout.time(now));
    }

    private static Consumer<UpdateExpression> changes(Change change, Agent me, Instant now) {
        return switch (change) {
            case PICKUP -> e -> {
                claim(e, me, now);
                e.set(HELD, AttributeValue.fromBool(false)).set(ACTIVE_AT, CallItemLayout.time(now));
            };
            case PARK -> e -> {
                claim(e, me, now);
                e.set(HELD, AttributeValue.fromBool(true)).set(PARKED_AT, CallItemLayout.time(now));
            };
            case RETRIEVE -> e -> e.set(HELD, AttributeValue.fromBool(false)).set(ACTIVE_AT, CallItemLayout.time(now));
            case HANGUP -> e -> {
                claim(e, me, now);
                e.set(AGENT_HANGUP_AT, CallItemLayout.time(now)).set(AGENT_HANGUP_BY, AttributeValue.fromS(me.id()));
            };
        };
    }

    private static Consumer<UpdateExpression> bridgeTo(Agent me, String other, Instant now) {
        return e -> {
            claim(e, me, now);
            e.set(B_LEG, AttributeValue.fromS(other)).set(BRIDGED_AT, CallItemLayout.time(now))
                    .set(HELD, AttributeValue.fromBool(false));
        };
    }

    private Map<String, AttributeValue> write(String callId, Agent me, List<Requirement> requirements,
                                              Consumer<UpdateExpression> changes, ExtraCondition extra) {
        try {
            return dynamo.updateItem(request(callId, me, requirements, changes, extra)).attributes();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            Requirement failed = Requirement.firstFailing(requirements, AgentCallItemLayout.toAgentCall(old), me);
            throw new ItemRefused(failed, failed == Requirement.EXISTS ? Map.of() : old);
        }
    }

    private UpdateItemRequest request(String callId, Agent me, List<Requirement> requirements,
                                      Consumer<UpdateExpression> changes, ExtraCondition extra) {
        UpdateExpression e = new UpdateExpression();
        changes.accept(e);
        String condition = requirements.stream().map(r -> condition(r, e, me)).collect(Collectors.joining(" AND "));
        if (extra != null) {
            condition = condition + " AND " + extra.condition(e);
        }
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(CallItemLayout.key(callId))
                .updateExpression(e.update())
                .conditionExpression(condition)
                .expressionAttributeNames(e.names())
                .expressionAttributeValues(e.values())
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private List<AgentCall> query(String index, String key, String filter, UpdateExpression e,
                                  boolean oldestFirst) {
        List<AgentCall> calls = new ArrayList<>();
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
            response.items().forEach(item -> calls.add(AgentCallItemLayout.toAgentCall(item)));
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                break;
            }
            start = response.lastEvaluatedKey();
        }
        return calls;
    }

    /** A condition beyond the requirements, on the attribute being written. */
    @FunctionalInterface
    private interface ExtraCondition {
        String condition(UpdateExpression e);
    }

    /** A refused write with the item as it was, for the writes that look at more than the canonical call. */
    private static final class ItemRefused extends RuntimeException {
        private final transient Requirement requirement;
        private final transient Map<String, AttributeValue> item;

        ItemRefused(Requirement requirement, Map<String, AttributeValue> item) {
            super(null, null, false, false);
            this.requirement = requirement;
            this.item = item;
        }

        Refused refused() {
            return new Refused(requirement, AgentCallItemLayout.toAgentCall(item));
        }
    }
}
