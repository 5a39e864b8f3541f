// Requirement: the engine's evaluation of each condition the store writes against the Java predicate on the
// canonical call, over many item shapes.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.agent.Agent;
import io.callhook.agent.Requirement;
import io.callhook.call.AgentCall;
import io.callhook.call.AgentCallState;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionCheck;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.dynamodb.TransactionCanceledException;
import io.callhook.testing.LocalDynamo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RequirementTest {

    static final Agent ME = new Agent("a1", "jdoe", "jdoe@example.com", Set.of("+4930111", "201"), "1");

    /**
     * Every combination of organization, owner, answering name, finishing fact, hold flag and direction; plus no item
     * at all.
     */
    static List<Map<String, AttributeValue>> shapes() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String[] owners = {null, "a1", "a2"};
        String[] answeredBy = {null, "+4930111", "jdoe@example.com", "mmax", "+4930999"};
        String[] finish = {null, "endedAt", "agentHangupAt", "bLeg", "nextCallIds"};
        Boolean[] held = {null, false, true};
        String[] direction = {"in", "out"};
        String[] organizations = {"1", "2", null};
        int n = 0;
        for (String organization : organizations) {
            for (String owner : owners) {
                for (String answerer : answeredBy) {
                    for (String fact : finish) {
                        for (Boolean hold : held) {
                            for (String dir : direction) {
                                Map<String, AttributeValue> item = new HashMap<>();
                                item.put("pk", AttributeValue.fromS("pbx:shape-" + n));
                                item.put("callId", AttributeValue.fromS("shape-" + n++));
                                item.put("source", AttributeValue.fromS("pbx"));
                                if (organization != null) {
                                    item.put("organizationId", AttributeValue.fromS(organization));
                                }
                                item.put("firstSeenAt", AttributeValue.fromN("1000"));
                                item.put("ringingAt", AttributeValue.fromN("1000"));
                                item.put("direction", AttributeValue.fromS(dir));
                                if (owner != null) {
                                    item.put("assignedTo", AttributeValue.fromS(owner));
                                }
                                if (answerer != null) {
                                    item.put("answeredBy", AttributeValue.fromS(answerer));
                                    item.put("answeredAt", AttributeValue.fromN("2000"));
                                }
                                if (fact != null) {
                                    item.put(fact, fact.equals("nextCallIds") ? AttributeValue.fromSs(List.of("x"))
                                            : fact.equals("bLeg") ? AttributeValue.fromS("x")
                                            : AttributeValue.fromN("3000"));
                                }
                                if (hold != null) {
                                    item.put("held", AttributeValue.fromBool(hold));
                                }
                                items.add(item);
                            }
                        }
                    }
                }
            }
        }
        return items;
    }

    /**
     * For each requirement, the DynamoDB engine selects the items meeting it (the condition as a scan filter: the same
     * expression language) and the Java predicate must select exactly those; an unknown call is checked with a
     * condition check.
     */
    @Test
    void dynamoDbAndTheJavaPredicateAgreeOnEveryRequirementAndItemShape() {
        LocalDynamo local = LocalDynamo.shared();
        String table = local.createTables().get("CallsTable");
        DynamoDbJsonClient dynamo = local.client();
        List<Map<String, AttributeValue>> items = shapes();
        items.forEach(item -> dynamo.putItem(b -> b.tableName(table).item(item)));
        for (Requirement requirement : Requirement.values()) {
            UpdateExpression e = new UpdateExpression();
            String condition = DynamoAgentCallStore.condition(requirement, e, ME);
            Map<String, AttributeValue> values = e.values().isEmpty() ? null : e.values();
            Set<String> dynamoSays = new TreeSet<>();
            dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true).filterExpression(condition)
                    .expressionAttributeNames(e.names()).expressionAttributeValues(values))
                    .items().forEach(item -> dynamoSays.add(item.get("callId").s()));
            Set<String> javaSays = new TreeSet<>();
            items.stream().filter(item -> requirement.holds(AgentCallItemLayout.toAgentCall(item), ME))
                    .forEach(item -> javaSays.add(item.get("callId").s()));
            assertEquals(javaSays, dynamoSays, requirement.toString());
            assertTrue(!javaSays.isEmpty() && javaSays.size() < items.size(), requirement + " tells items apart");

            boolean unknownPasses;
            try {
                dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                        .conditionCheck(ConditionCheck.builder().tableName(table)
                                .key(Map.of("pk", AttributeValue.fromS("pbx:never-stored")))
                                .conditionExpression(condition).expressionAttributeNames(e.names())
                                .expressionAttributeValues(values).build()).build()));
                unknownPasses = true;
            } catch (TransactionCanceledException refused) {
                unknownPasses = false;
            }
            assertEquals(unknownPasses, requirement.holds(AgentCallItemLayout.toAgentCall(Map.of()), ME),
                    requirement + " on an unknown call");
        }
    }

    @Test
    void theRequirementsMeanWhatTheStateModelSays() {
        for (Map<String, AttributeValue> item : shapes()) {
            AgentCall call = AgentCallItemLayout.toAgentCall(item);
            AgentCallState state = call.state();
            assertEquals(!state.isFinished(), Requirement.NOT_FINISHED.holds(call, ME), item.toString());
            boolean parkable = Requirement.MINE.holds(call, ME) && Requirement.NOT_FINISHED.holds(call, ME)
                    && Requirement.NOT_HELD.holds(call, ME);
            if (parkable) {
                assertTrue(state.isTalking(), state + " " + item);
            }
            if (Requirement.HELD.holds(call, ME) && Requirement.NOT_FINISHED.holds(call, ME)) {
                assertEquals(AgentCallState.PARKED, state, item.toString());
            }
            boolean nobodys = !item.containsKey("assignedTo") && !item.containsKey("answeredBy");
            if (nobodys && Requirement.NOT_FINISHED.holds(call, ME) && !item.containsKey("held")) {
                assertTrue(state.isWaiting(), state + " " + item);
            }
        }
    }
}
