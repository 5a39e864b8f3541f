package io.callhook.store;

import static io.callhook.store.Items.string;
import static io.callhook.store.Items.time;

import io.callhook.call.AgentActions;
import io.callhook.call.AgentCall;
import io.callhook.dynamodb.AttributeValue;
import java.util.HashMap;
import java.util.Map;

/**
 * The attributes agents write on a call item, beside the provider facts of {@link CallItemLayout}. Webhook writes never
 * name these attributes, and agent writes name nothing else. Times are epoch milliseconds.
 */
public final class AgentCallItemLayout {

    public static final String ASSIGNED_TO = "assignedTo";
    public static final String ASSIGNED_AT = "assignedAt";
    public static final String HELD = "held";
    public static final String PARKED_AT = "parkedAt";
    public static final String ACTIVE_AT = "activeAt";
    public static final String B_LEG = "bLeg";
    public static final String BRIDGED_AT = "bridgedAt";
    public static final String AGENT_HANGUP_AT = "agentHangupAt";
    public static final String AGENT_HANGUP_BY = "agentHangupBy";
    /** A map of string values: data attached while the call was active. */
    public static final String USER_DATA = "userData";
    /** A map of string values: dispositions set after the call was released. */
    public static final String DISPOSITIONS = "dispositions";

    /** An agent's calls: {@link #ASSIGNED_TO} and {@link CallItemLayout#FIRST_SEEN_AT}. */
    public static final String BY_ASSIGNEE_INDEX = "byAssignee";

    private AgentCallItemLayout() {
    }

    /** The call with its agent actions; an empty item is a call with no record. */
    public static AgentCall toAgentCall(Map<String, AttributeValue> item) {
        return new AgentCall(CallItemLayout.toRecord(item), toActions(item));
    }

    public static AgentActions toActions(Map<String, AttributeValue> item) {
        AttributeValue held = item.get(HELD);
        return new AgentActions(
                string(item, ASSIGNED_TO),
                time(item, ASSIGNED_AT),
                held != null && Boolean.TRUE.equals(held.bool()),
                time(item, PARKED_AT),
                time(item, ACTIVE_AT),
                string(item, B_LEG),
                time(item, BRIDGED_AT),
                time(item, AGENT_HANGUP_AT),
                string(item, AGENT_HANGUP_BY),
                stringMap(item, USER_DATA),
                stringMap(item, DISPOSITIONS));
    }

    private static Map<String, String> stringMap(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        Map<String, String> result = new HashMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((key, entry) -> {
                if (entry.s() != null) {
                    result.put(key, entry.s());
                }
            });
        }
        return result;
    }
}
