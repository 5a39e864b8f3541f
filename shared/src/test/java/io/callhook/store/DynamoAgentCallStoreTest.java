// DynamoAgentCallStore against the DynamoDB engine over HTTP (callhook's own client): an agent of another
// organization (moved there, or its id reused there) meets every call of its old organization exactly as a call that
// does not exist, whether or not the operation had been done before.
package io.callhook.store;

import static io.callhook.agent.Requirement.EXISTS;
import static io.callhook.agent.Requirement.HELD;
import static io.callhook.agent.Requirement.MINE;
import static io.callhook.agent.Requirement.MINE_OR_NOBODYS;
import static io.callhook.agent.Requirement.NOT_FINISHED;
import static io.callhook.agent.Requirement.NOT_HELD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.agent.Agent;
import io.callhook.agent.Requirement;
import io.callhook.call.CallEvent;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.store.AgentCallStore.Change;
import io.callhook.store.AgentCallStore.Done;
import io.callhook.store.AgentCallStore.Refused;
import io.callhook.testing.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DynamoAgentCallStoreTest {

    static final Instant NOW = Instant.parse("2025-11-23T12:00:00Z");
    /** Agent a1 of organization 1, whose calls the store's integration writes. */
    static final Agent A1 = new Agent("a1", "jdoe", "jdoe@example.com", Set.of("+4930111"), "1");
    /** The same agent id, names and all, in organization 2: moved there, or the id reused there. */
    static final Agent MOVED = new Agent("a1", "jdoe", "jdoe@example.com", Set.of("+4930111"), "2");

    static DynamoDbJsonClient dynamo;
    static String table;
    static DynamoCallStore calls;
    static DynamoAgentCallStore agentCalls;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        table = local.createTables().get("CallsTable");
        dynamo = local.client();
        calls = new DynamoCallStore(dynamo, table, Duration.ofDays(365));
        agentCalls = new DynamoAgentCallStore(dynamo, table, Duration.ofMinutes(720), Duration.ofSeconds(900), 1);
    }

    /** An operation a client may send again, what must be done first for it to be a repeat, and its name. */
    record Repeatable(String name, List<Change> before, List<Requirement> requirements, Change change, Done done) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Repeatable> repeatables() {
        List<Requirement> park = List.of(EXISTS, MINE, NOT_FINISHED, NOT_HELD);
        return Stream.of(
                new Repeatable("park", List.of(Change.PARK), park, Change.PARK, Done.HELD_BY_ME),
                new Repeatable("retrieve", List.of(Change.PARK, Change.RETRIEVE),
                        List.of(EXISTS, MINE, NOT_FINISHED, HELD), Change.RETRIEVE, Done.RETRIEVED_BY_ME),
                new Repeatable("hangup", List.of(Change.HANGUP), List.of(EXISTS, MINE_OR_NOBODYS, NOT_FINISHED),
                        Change.HANGUP, Done.HUNG_UP_BY_ME));
    }

    /** An inbound call of organization 1 answered on a1's phone. */
    static String answeredByA1(String callId) {
        calls.apply(CallEvent.builder(callId, "pbx", EventType.NEW_CALL, NOW.minusSeconds(60))
                .direction(Direction.IN).from("+4922100").to("+4930500").ringingAt(NOW.minusSeconds(60)).build());
        calls.apply(CallEvent.builder(callId, "pbx", EventType.ANSWER, NOW.minusSeconds(30))
                .answeredAt(NOW.minusSeconds(30)).answeredBy("+4930111").build());
        return "pbx:" + callId;
    }

    static Map<String, AttributeValue> item(String id) {
        return dynamo.getItem(b -> b.tableName(table).key(CallItemLayout.key(id)).consistentRead(true)).item();
    }

    static Refused refused(String id, Agent me, Repeatable op) {
        return assertThrows(Refused.class,
                () -> agentCalls.updateOrRepeat(id, me, op.requirements(), op.change(), NOW, op.done()));
    }

    /** The refusal for a call that does not exist: every other-organization refusal must be exactly this. */
    static Refused unknown(Repeatable op) {
        Refused unknown = refused("pbx:never-" + op.name(), MOVED, op);
        assertEquals(EXISTS, unknown.requirement());
        assertFalse(unknown.old().exists());
        return unknown;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repeatables")
    void anOperationDoneBeforeIsNoRepeatForTheSameAgentIdInAnotherOrganization(Repeatable op) {
        String done = answeredByA1("done-" + op.name());
        for (Change change : op.before()) {
            List<Requirement> requirements = change == Change.RETRIEVE ? List.of(EXISTS, MINE, NOT_FINISHED, HELD)
                    : List.of(EXISTS, MINE_OR_NOBODYS, NOT_FINISHED);
            agentCalls.update(done, A1, requirements, change, NOW);
        }
        Map<String, AttributeValue> afterFirstTime = item(done);
        assertTrue(agentCalls.updateOrRepeat(done, A1, op.requirements(), op.change(), NOW, op.done()).repeat(),
                "its own organization's agent repeats it");
        assertTrue(op.done().in(AgentCallItemLayout.toAgentCall(afterFirstTime), MOVED),
                "the effect is in place for the same agent id, so only the organization can refuse it");

        Refused repeat = refused(done, MOVED, op);
        Refused unknown = unknown(op);
        assertEquals(unknown.requirement(), repeat.requirement());
        assertEquals(unknown.old(), repeat.old(), "the refusal carries nothing of the call");
        assertEquals(afterFirstTime, item(done), "nothing is written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repeatables")
    void aFirstOperationOnAnotherOrganizationsCallIsRefusedAsOneOnACallThatDoesNotExist(Repeatable op) {
        String fresh = answeredByA1("fresh-" + op.name());
        Map<String, AttributeValue> untouched = item(fresh);
        Refused first = refused(fresh, MOVED, op);
        Refused unknown = unknown(op);
        assertEquals(unknown.requirement(), first.requirement());
        assertEquals(unknown.old(), first.old(), "the refusal carries nothing of the call");
        assertEquals(untouched, item(fresh));
    }
}
