// AgentsFile parsing (pure) and loading into the template's AgentsTable on the DynamoDB engine.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import io.callhook.agent.Agent;

import io.callhook.auth.TokenHashes;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.testing.LocalDynamo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsFileTest {

    static final String FILE = """
            [
              {"id": "a1", "login": "jdoe", "email": "jdoe@example.com", "phones": ["+4930123456", "201"],
               "organizationId": "1", "token": "local-agent-token-4d7Qx9Lm2Rb8"},
              {"id": "a2", "login": "mmax", "organizationId": 2,
               "tokenHash": "%s"}
            ]
            """.formatted(TokenHashes.hashOf("second-token").toUpperCase());

    static DynamoDbJsonClient dynamo;
    static String table;
    static DynamoAgentDirectory directory;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        table = local.createTables().get("AgentsTable");
        dynamo = local.client();
        directory = new DynamoAgentDirectory(dynamo, table);
    }

    @Test
    void parsesTokensIntoHashesAndNumbersIntoIds() {
        List<AgentsFile.Entry> entries = AgentsFile.parse(FILE);
        assertEquals(2, entries.size());
        assertEquals(new Agent("a1", "jdoe", "jdoe@example.com", Set.of("+4930123456", "201"), "1"),
                entries.get(0).agent());
        assertEquals(TokenHashes.hashOf("local-agent-token-4d7Qx9Lm2Rb8"), entries.get(0).tokenHash());
        assertEquals(new Agent("a2", "mmax", null, Set.of(), "2"), entries.get(1).agent());
        assertEquals(TokenHashes.hashOf("second-token"), entries.get(1).tokenHash());
    }

    @Test
    void loadingWritesEveryAgentAndLoadingAgainChangesNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("agents.json"), FILE);
        assertEquals(List.of("a1", "a2"), AgentsFile.load(file, directory));
        long items = itemCount();
        assertEquals(List.of("a1", "a2"), AgentsFile.load(file, directory));
        assertEquals(items, itemCount());
        assertEquals("a1",
                directory.byTokenHash(TokenHashes.hashOf("local-agent-token-4d7Qx9Lm2Rb8")).orElseThrow().id());
        assertEquals("a1", directory.resolve("201").orElseThrow().id());
        assertEquals("a2", directory.byTokenHash(TokenHashes.hashOf("second-token")).orElseThrow().id());
    }

    private static final String T = "tok-t-Ah5Tq7Vx3Mk9Wd2Pz5Qn3";
    private static final String U = "tok-u-Ah5Tq7Vx3Mk9Wd2Pz5Qn3";

    @Test
    void aTokenThatCannotCarry128BitsOfRandomnessIsRefused() throws IOException {
        assertRefused("[{\"id\":\"w1\",\"login\":\"w\",\"organizationId\":\"1\",\"token\":\"local-agent-token\"}]",
                "agent 1: token: a token must carry at least 128 bits of randomness: at least 22 base64url "
                        + "characters or 32 hex digits (this one has 17); generate one with: openssl rand -base64 32 "
                        + "| tr '+/' '-_' | tr -d '='");
        assertRefused("[{\"id\":\"w1\",\"login\":\"w\",\"organizationId\":\"1\","
                        + "\"token\":\"has spaces in a long token\"}]",
                "agent 1: token: a token may only hold letters, digits and - _ . ~ + / =");
        assertEquals(Optional.empty(), directory.get("w1"));
    }

    @Test
    void aBadFileIsRefusedWithTheEntryAndProblemNamedAndNothingIsWritten() throws IOException {
        assertRefused("[{\"id\":\"b1\",\"login\":\"b\",\"organizationId\":\"1\",\"token\":\"" + T
                        + "\",\"phone\":\"1\"}]",
                "agent 1 has an unknown field \"phone\"; fields are id, login, email, phones, organizationId, "
                        + "token, tokenHash");
        assertRefused("[{\"id\":\"b1\",\"login\":\"b\",\"organizationId\":\"1\"}]",
                "agent 1 needs exactly one of token or tokenHash");
        assertRefused("[{\"id\":\"b1\",\"login\":\"b\",\"organizationId\":\"1\",\"token\":\"" + T + "\"},"
                        + "{\"id\":\"b2\",\"login\":\"b1\",\"organizationId\":\"1\",\"token\":\"" + U + "\"}]",
                "agent 2: b1 is already a name of agent b1");
        assertRefused("[{\"id\":\"b1\",\"login\":\"b\",\"organizationId\":\"1\",\"token\":\"" + T + "\"},"
                        + "{\"id\":\"b1\",\"login\":\"c\",\"organizationId\":\"1\",\"token\":\"" + U + "\"}]",
                "agent 2: id b1 appears twice");
        assertRefused("[{\"id\":\"b1\",\"organizationId\":\"1\",\"token\":\"" + T + "\"}]",
                "agent 1: login is required");
        assertRefused("{\"id\":\"b1\"}", "agents file must be a JSON array of agent objects");
        assertRefused("[{\"id\":", "agents file is not valid JSON");
        assertEquals(Optional.empty(), directory.get("b1"));
    }

    private void assertRefused(String text, String message) throws IOException {
        long before = itemCount();
        Path file = Files.writeString(dir.resolve("bad.json"), text);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> AgentsFile.load(file, directory));
        assertEquals(message, refused.getMessage());
        assertEquals(before, itemCount());
    }

    private static long itemCount() {
        return dynamo.scan(b -> b.tableName(table).select("COUNT")).count();
    }
}
