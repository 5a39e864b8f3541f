package io.callhook.agentapi;

import static io.callhook.store.AgentCallItems.AGENT_HANGUP_AT;
import static io.callhook.store.AgentCallItems.ASSIGNED_TO;
import static io.callhook.store.AgentCallItems.B_LEG;
import static io.callhook.store.CallItems.ANSWERED_BY;
import static io.callhook.store.CallItems.CALL_ID;
import static io.callhook.store.CallItems.DIRECTION;
import static io.callhook.store.CallItems.ENDED_AT;
import static io.callhook.store.CallItems.NEXT_CALL_IDS;

import io.callhook.agent.Agent;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.call.Direction;
import io.callhook.store.AgentCallItems;
import io.callhook.store.UpdateExpression;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a call item must be for an agent operation to apply. Each requirement is both a DynamoDB condition, so the
 * write itself enforces it (never check-then-write), and the same predicate in Java, so a refused write's old item
 * ({@code ReturnValuesOnConditionCheckFailure ALL_OLD}) tells which requirement failed.
 *
 * <p>Ownership: a call is <em>mine</em> when {@code assignedTo} is my id, or when no agent acted on it yet
 * ({@code assignedTo} absent) and the PBX named one of my names (id, login, e-mail, phone) in {@code answeredBy}
 * (CTI {@code answeringNumber}). It is <em>nobody's</em> when it has neither. The webhook never looks agents up,
 * so this is where an answering number becomes an agent.
 */
enum Requirement {
    /** The call is known. */
    EXISTS,
    /** Mine, or nobody's yet. */
    MINE_OR_NOBODYS,
    /** Mine. */
    MINE,
    /** Not ended, hung up by an agent, bridged or continued by another call ({@code AgentCallState.isFinished}). */
    NOT_FINISHED,
    /** The opposite of {@link #NOT_FINISHED}. */
    FINISHED,
    /** Not parked. */
    NOT_HELD,
    /** Parked. */
    HELD,
    /** Outbound. */
    OUTBOUND;

    private static final String HELD_FLAG = AgentCallItems.HELD;
    private static final List<String> FINISH_FACTS = List.of(ENDED_AT, AGENT_HANGUP_AT, B_LEG, NEXT_CALL_IDS);

    /** This requirement as a DynamoDB condition for {@code me}, with its placeholders added to {@code e}. */
    String condition(UpdateExpression e, Agent me) {
        return switch (this) {
            case EXISTS -> "attribute_exists(" + e.name(CALL_ID) + ")";
            case MINE -> "(" + e.name(ASSIGNED_TO) + " = " + e.value(AttributeValue.fromS(me.id())) + " OR ("
                    + "attribute_not_exists(" + e.name(ASSIGNED_TO) + ") AND " + answeredByMe(e, me) + "))";
            case MINE_OR_NOBODYS -> "(" + e.name(ASSIGNED_TO) + " = " + e.value(AttributeValue.fromS(me.id()))
                    + " OR (attribute_not_exists(" + e.name(ASSIGNED_TO) + ") AND (attribute_not_exists("
                    + e.name(ANSWERED_BY) + ") OR " + answeredByMe(e, me) + ")))";
            case NOT_FINISHED -> FINISH_FACTS.stream().map(f -> "attribute_not_exists(" + e.name(f) + ")")
                    .collect(Collectors.joining(" AND ", "(", ")"));
            case FINISHED -> FINISH_FACTS.stream().map(f -> "attribute_exists(" + e.name(f) + ")")
                    .collect(Collectors.joining(" OR ", "(", ")"));
            case NOT_HELD -> "(attribute_not_exists(" + e.name(HELD_FLAG) + ") OR " + e.name(HELD_FLAG) + " = "
                    + e.value(AttributeValue.fromBool(false)) + ")";
            case HELD -> e.name(HELD_FLAG) + " = " + e.value(AttributeValue.fromBool(true));
            case OUTBOUND -> e.name(DIRECTION) + " = " + e.value(AttributeValue.fromS(Direction.OUT.wire()));
        };
    }

    /** The same requirement evaluated on an item in Java; an empty item is an unknown call. */
    boolean holds(Map<String, AttributeValue> item, Agent me) {
        return switch (this) {
            case EXISTS -> !item.isEmpty();
            case MINE -> me.id().equals(string(item, ASSIGNED_TO))
                    || (!item.containsKey(ASSIGNED_TO) && names(me).contains(string(item, ANSWERED_BY)));
            case MINE_OR_NOBODYS -> me.id().equals(string(item, ASSIGNED_TO))
                    || (!item.containsKey(ASSIGNED_TO) && (!item.containsKey(ANSWERED_BY)
                    || names(me).contains(string(item, ANSWERED_BY))));
            case NOT_FINISHED -> FINISH_FACTS.stream().noneMatch(item::containsKey);
            case FINISHED -> FINISH_FACTS.stream().anyMatch(item::containsKey);
            case NOT_HELD -> !item.containsKey(HELD_FLAG) || Boolean.FALSE.equals(item.get(HELD_FLAG).bool());
            case HELD -> item.containsKey(HELD_FLAG) && Boolean.TRUE.equals(item.get(HELD_FLAG).bool());
            case OUTBOUND -> Direction.OUT.wire().equals(string(item, DIRECTION));
        };
    }

    /** The first requirement the item does not meet, or {@code null} when it meets them all. */
    static Requirement firstFailing(List<Requirement> requirements, Map<String, AttributeValue> item, Agent me) {
        for (Requirement requirement : requirements) {
            if (!requirement.holds(item, me)) {
                return requirement;
            }
        }
        return null;
    }

    /** All requirements as one condition. */
    static String conditions(List<Requirement> requirements, UpdateExpression e, Agent me) {
        return requirements.stream().map(r -> r.condition(e, me)).collect(Collectors.joining(" AND "));
    }

    /** The names a PBX may give for this agent: exactly those {@code resolve} maps to it. */
    static Set<String> names(Agent me) {
        return DynamoAgentDirectory.names(me).keySet();
    }

    private static String answeredByMe(UpdateExpression e, Agent me) {
        return e.name(ANSWERED_BY) + " IN (" + names(me).stream().map(n -> e.value(AttributeValue.fromS(n)))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
