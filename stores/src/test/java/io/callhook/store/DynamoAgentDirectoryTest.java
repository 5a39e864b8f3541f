// DynamoAgentDirectory against the DynamoDB engine over HTTP, with the template's AgentsTable.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.agent.Agent;
import io.callhook.agent.Role;
import io.callhook.auth.TokenHashes;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.store.DynamoAgentDirectory.AgentConflictException;
import io.callhook.testing.LocalDynamo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoAgentDirectoryTest {

    static DynamoDbJsonClient dynamo;
    static String table;
    static DynamoAgentDirectory directory;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        table = local.createTables().get("AgentsTable");
        dynamo = local.client();
        directory = new DynamoAgentDirectory(dynamo, table);
    }

    static Agent agent(String id, String login, String email, String... phones) {
        return new Agent(id, login, email, Set.of(phones), "org-1");
    }

    @Test
    void anAgentIsFoundByTokenHashAndResolvedByEachOfItsNames() {
        Agent emma = agent("emma-1", "emma", "emma@chrispresso.com", "+4930111", "201");
        directory.create(emma, TokenHashes.hashOf("emma-token"));

        assertEquals(Optional.of(emma), directory.byTokenHash(TokenHashes.hashOf("emma-token")));
        assertEquals(Optional.empty(), directory.byTokenHash(TokenHashes.hashOf("wrong")));
        for (String name : List.of("+4930111", "201", "emma", "emma-1", "emma@chrispresso.com")) {
            assertEquals(Optional.of(emma), directory.resolve(name), name);
        }
        assertEquals(Optional.empty(), directory.resolve("+4930999"));
        assertEquals(Optional.of(emma), directory.get("emma-1"));
    }

    @Test
    void aNameResolvesWithinItsAgentsOrganizationOnly() {
        Agent bea = new Agent("bea-1", "bea", "bea@globex.example", Set.of("+4930787"), "org-b");
        directory.create(bea, TokenHashes.hashOf("bea-token"));
        for (String name : List.of("+4930787", "bea", "bea-1", "bea@globex.example")) {
            assertEquals(Optional.of(bea), directory.resolve(name, "org-b"), name);
            assertEquals(Optional.empty(), directory.resolve(name, "org-a"), name);
            assertEquals(Optional.empty(), directory.resolve(name, null), name);
            assertEquals(Optional.of(bea), directory.resolve(name), "the operators' lookup spans organizations");
        }
        assertEquals(Optional.empty(), directory.resolve("+4930998", "org-b"));
    }

    @Test
    void onlyTheHashOfTheTokenIsStored() {
        directory.create(agent("hash-1", "hash", null, "+4930222"), TokenHashes.hashOf("never-stored-token"));
        String everything = dynamo.scan(b -> b.tableName(table)).items().toString();
        assertFalse(everything.contains("never-stored-token"));
        assertTrue(everything.contains(TokenHashes.hashOf("never-stored-token")));
    }

    @Test
    void aNameOfAnotherAgentIsRefusedAndNothingOfTheNewAgentIsWritten() {
        directory.create(agent("first-1", "first", null, "+4930333"), TokenHashes.hashOf("first-token"));
        long before = itemCount();

        AgentConflictException phone = assertThrows(AgentConflictException.class, () -> directory.create(
                agent("second-1", "second", null, "+4930444", "+4930333"), TokenHashes.hashOf("second-token")));
        assertEquals("phone +4930333 is already used by agent first-1", phone.getMessage());
        AgentConflictException login = assertThrows(AgentConflictException.class, () -> directory.create(
                agent("second-1", "first-1", null), TokenHashes.hashOf("second-token")));
        assertEquals("login first-1 is already used by agent first-1", login.getMessage());

        assertEquals(before, itemCount());
        assertEquals(Optional.empty(), directory.get("second-1"));
        assertEquals(Optional.empty(), directory.resolve("+4930444"));
    }

    @Test
    void anExistingIdOrAnotherAgentsTokenIsRefused() {
        directory.create(agent("dup-1", "dup", null), TokenHashes.hashOf("dup-token"));
        assertEquals("agent dup-1 exists already", assertThrows(AgentConflictException.class,
                () -> directory.create(agent("dup-1", "dup2", null), TokenHashes.hashOf("x"))).getMessage());
        assertEquals("the token is already used by agent dup-1", assertThrows(AgentConflictException.class,
                () -> directory.create(agent("dup-2", "dup2", null), TokenHashes.hashOf("dup-token"))).getMessage());
        assertEquals(Optional.empty(), directory.get("dup-2"));
    }

    @Test
    void savingReplacesTheAgentAndReleasesNamesItNoLongerHas() {
        directory.save(agent("move-1", "mover", null, "+4930555"), TokenHashes.hashOf("move-token"));
        Agent moved = agent("move-1", "mover", "mover@example.com", "+4930556");
        directory.save(moved, TokenHashes.hashOf("move-token"));
        assertEquals(Optional.empty(), directory.resolve("+4930555"));
        assertEquals(Optional.of(moved), directory.resolve("+4930556"));
        assertEquals(Optional.of(moved), directory.resolve("mover@example.com"));

        Map<String, AttributeValue> stored = item("move-1");
        directory.save(moved, TokenHashes.hashOf("move-token"));
        assertEquals(stored, item("move-1"), "saving the same agent again writes nothing");

        directory.create(agent("taker-1", "taker", null, "+4930555"), TokenHashes.hashOf("taker-token"));
        assertEquals("taker-1", directory.resolve("+4930555").orElseThrow().id());
    }

    @Test
    void rotatingATokenRetiresTheOldOne() {
        directory.create(agent("rot-1", "rot", null), TokenHashes.hashOf("old-token"));
        assertTrue(directory.rotateToken("rot-1", TokenHashes.hashOf("new-token")));
        assertEquals(Optional.empty(), directory.byTokenHash(TokenHashes.hashOf("old-token")));
        assertEquals("rot-1", directory.byTokenHash(TokenHashes.hashOf("new-token")).orElseThrow().id());
        assertFalse(directory.rotateToken("nobody-1", TokenHashes.hashOf("other-token")));
        assertTrue(directory.get("nobody-1").isEmpty());
    }

    @Test
    void removingAnAgentRemovesItsNamesAndItsToken() {
        directory.create(agent("gone-1", "gone", null, "+4930666"), TokenHashes.hashOf("gone-token"));
        assertTrue(directory.remove("gone-1"));
        assertEquals(Optional.empty(), directory.get("gone-1"));
        assertEquals(Optional.empty(), directory.resolve("+4930666"));
        assertEquals(Optional.empty(), directory.resolve("gone"));
        assertEquals(Optional.empty(), directory.byTokenHash(TokenHashes.hashOf("gone-token")));
        assertFalse(directory.remove("gone-1"));
    }

    @Test
    void aTokenHashSharedByTwoAgentsAuthenticatesNobody() {
        String shared = TokenHashes.hashOf("shared-token");
        for (String id : List.of("twin-1", "twin-2")) {
            dynamo.putItem(b -> b.tableName(table).item(Map.of("agentId", AttributeValue.fromS(id),
                    "kind", AttributeValue.fromS("agent"), "login", AttributeValue.fromS(id),
                    "organizationId", AttributeValue.fromS("o"), "tokenHash", AttributeValue.fromS(shared),
                    "version", AttributeValue.fromN("1"))));
        }
        assertEquals(Optional.empty(), directory.byTokenHash(shared));
    }

    @Test
    void malformedAgentsAreRefusedBeforeAnythingIsWritten() {
        long before = itemCount();
        assertEquals("id must not contain '#'", assertThrows(IllegalArgumentException.class,
                () -> directory.create(agent("name#x", "x", null), TokenHashes.hashOf("t"))).getMessage());
        assertEquals("login is required", assertThrows(IllegalArgumentException.class,
                () -> directory.create(agent("x-1", " ", null), TokenHashes.hashOf("t"))).getMessage());
        assertEquals("a token hash is 64 lower-case hex digits (SHA-256)", assertThrows(
                IllegalArgumentException.class, () -> directory.create(agent("x-1", "x", null), "abc")).getMessage());
        assertEquals(before, itemCount());
    }

    @Test
    void listShowsEveryAgentButNoNameItems() {
        directory.create(agent("list-1", "lister", null, "+4930777"), TokenHashes.hashOf("list-token"));
        List<Agent> agents = directory.list();
        assertTrue(agents.contains(agent("list-1", "lister", null, "+4930777")));
        assertTrue(agents.stream().noneMatch(a -> a.id().startsWith("name#")));
    }

    @Test
    void theAdminApisWriteKeepsTheTokenAndStaysInItsOrganization() {
        Agent ann = new Agent("keep-1", "keep", "keep@example.com", Set.of(), "org-k", Role.AGENT);
        assertTrue(directory.saveKeepingToken(ann));
        assertEquals(Optional.of(new DynamoAgentDirectory.Stored(ann, false)), directory.stored("keep-1"));
        assertFalse(item("keep-1").containsKey("tokenHash"), "a new agent has no token");

        assertTrue(directory.rotateToken("keep-1", TokenHashes.hashOf("keep-token"), "org-k"));
        Agent renamed = new Agent("keep-1", "keep", "keep@example.com", Set.of("+4930987654"), "org-k", Role.SUPERVISOR,
                "Ann Keep");
        assertTrue(directory.saveKeepingToken(renamed));
        assertFalse(directory.saveKeepingToken(renamed), "saving it as stored changes nothing");
        assertEquals(Optional.of(renamed), directory.byTokenHash(TokenHashes.hashOf("keep-token")), "token kept");
        assertEquals(List.of(new DynamoAgentDirectory.Stored(renamed, true)), directory.list("org-k"));

        // another organization's admin API cannot take the id over, nor touch the agent
        long before = itemCount();
        AgentConflictException taken = assertThrows(AgentConflictException.class, () -> directory.saveKeepingToken(
                new Agent("keep-1", "other", null, Set.of(), "org-other", Role.ADMIN)));
        assertEquals("the id keep-1 is already used by another agent", taken.withoutHolder());
        AgentConflictException login = assertThrows(AgentConflictException.class, () -> directory.saveKeepingToken(
                new Agent("keep-2", "keep", null, Set.of(), "org-other", Role.AGENT)));
        assertEquals("login keep is already used by another agent", login.withoutHolder());
        assertFalse(directory.rotateToken("keep-1", TokenHashes.hashOf("stolen-token"), "org-other"));
        assertFalse(directory.revokeToken("keep-1", "org-other"));
        assertFalse(directory.remove("keep-1", "org-other"));
        assertEquals(before, itemCount());
        assertEquals(Optional.of(renamed), directory.byTokenHash(TokenHashes.hashOf("keep-token")));

        assertTrue(directory.revokeToken("keep-1", "org-k"));
        assertTrue(directory.revokeToken("keep-1", "org-k"), "revoking again changes nothing more");
        assertEquals(Optional.empty(), directory.byTokenHash(TokenHashes.hashOf("keep-token")));
        assertFalse(directory.stored("keep-1").orElseThrow().hasToken());
        assertFalse(directory.revokeToken("nobody-1", "org-k"));
    }

    @Test
    void anOrganizationKeepsAnAdmin() {
        Agent first = new Agent("adm-1", "adm1", null, Set.of(), "org-adm", Role.ADMIN);
        Agent second = new Agent("adm-2", "adm2", null, Set.of(), "org-adm", Role.ADMIN);
        directory.saveKeepingToken(first);
        directory.saveKeepingToken(second);
        // one of two admins may step down, the other one then not
        assertTrue(directory.saveKeepingToken(first.withRole(Role.SUPERVISOR)));
        long before = itemCount();
        DynamoAgentDirectory.LastAdminException last = assertThrows(DynamoAgentDirectory.LastAdminException.class,
                () -> directory.saveKeepingToken(second.withRole(Role.AGENT)));
        assertEquals("agent adm-2 is the last admin of organization org-adm; make another agent admin first",
                last.getMessage());
        assertThrows(DynamoAgentDirectory.LastAdminException.class, () -> directory.remove("adm-2", "org-adm"));
        assertEquals(before, itemCount());
        assertEquals(Role.ADMIN, directory.get("adm-2").orElseThrow().role());
        // an admin of another organization does not count; the operator's remove (no organization) is not held
        directory.saveKeepingToken(new Agent("adm-3", "adm3", null, Set.of(), "org-adm-other", Role.ADMIN));
        assertThrows(DynamoAgentDirectory.LastAdminException.class, () -> directory.remove("adm-2", "org-adm"));
        directory.saveKeepingToken(first);
        assertTrue(directory.remove("adm-2", "org-adm"), "with another admin again");
        assertTrue(directory.remove("adm-1", null));
    }

    private static Map<String, AttributeValue> item(String id) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("agentId", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
    }

    private static long itemCount() {
        return dynamo.scan(b -> b.tableName(table).select("COUNT")).count();
    }
}
