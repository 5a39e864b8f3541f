// AgentsCli commands run in-process against the engine's HTTP endpoint (--endpoint), with the template's tables.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.testing.LocalDynamo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsCliTest {

    LocalDynamo local;
    DynamoDbJsonClient dynamo;
    String table;
    DynamoAgentDirectory directory;
    String out;
    String err;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        local = LocalDynamo.shared();
        table = local.createTables().get("AgentsTable");
        dynamo = local.client();
        directory = new DynamoAgentDirectory(dynamo, table);
    }

    /** Runs the tool with the table and endpoint options first, as a user would type them. */
    int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--table", table, "--endpoint", local.endpoint()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new), Map.of());
    }

    int run(String[] args, Map<String, String> environment) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = AgentsCli.run(args, environment, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }

    @Test
    void addGeneratesATokenPrintsItOnceAndStoresOnlyItsHash() {
        assertEquals(0, cli("add", "--id", "c1", "--login", "jdoe", "--email", "jdoe@example.com", "--phone",
                "+4930111", "--phone", "201", "--org", "1"), err);
        assertTrue(out.startsWith("added agent c1\ntoken: "), out);
        String token = out.lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
        assertEquals(43, token.length());
        Agent expected = new Agent("c1", "jdoe", "jdoe@example.com", Set.of("+4930111", "201"), "1");
        assertEquals(Optional.of(expected), directory.byTokenHash(TokenHashes.hashOf(token)));
        assertEquals(Optional.of(expected), directory.resolve("201"));
        assertFalse(dynamo.scan(b -> b.tableName(table)).items().toString().contains(token));
    }

    @Test
    void aTokenThatCannotCarry128BitsOfRandomnessIsRefusedAndNothingIsWritten() {
        assertEquals(1, cli("add", "--id", "w1", "--login", "weak", "--org", "1", "--token", "given-token"));
        assertTrue(err.startsWith("error: --token: a token must carry at least 128 bits of randomness"), err);
        assertEquals(Optional.empty(), directory.get("w1"));
        assertEquals(0, cli("add", "--id", "w2", "--login", "strong", "--org", "1"), err);
        String items = dynamo.scan(b -> b.tableName(table)).items().toString();
        assertEquals(1, cli("rotate-token", "--id", "w2", "--token", "0123456789abcdef0123456789abcde"));
        assertTrue(err.contains("32 hex digits (this one has 31)"), err);
        assertEquals(items, dynamo.scan(b -> b.tableName(table)).items().toString());
    }

    @Test
    void addGivesTheRoleAndAnUnknownRoleIsAUsageErrorThatWritesNothing() {
        String items = dynamo.scan(b -> b.tableName(table)).items().toString();
        assertEquals(1, cli("add", "--id", "r9", "--login", "r9", "--org", "2", "--role", "owner"));
        assertTrue(err.contains("--role must be agent, supervisor or admin"), err);
        assertEquals(items, dynamo.scan(b -> b.tableName(table)).items().toString());
        assertEquals(0, cli("add", "--id", "r1", "--login", "rsup", "--org", "2", "--role", "supervisor"), err);
        assertEquals(0, cli("list"));
        assertTrue(out.contains("\"id\":\"r1\"") && out.contains("\"role\":\"supervisor\""), out);
    }

    @Test
    void addWithAGivenTokenListRotateAndRemove() {
        assertEquals(0, cli("add", "--id", "c2", "--login", "mmax", "--org", "2", "--token",
                "given-token-8Wd2Pz5Qn3L"), err);
        assertEquals("added agent c2\n", out);
        assertEquals(0, cli("list"));
        assertEquals("{\"id\":\"c2\",\"login\":\"mmax\",\"email\":null,\"phones\":[],\"organizationId\":\"2\","
                + "\"role\":\"agent\",\"name\":null}\n", out);

        assertEquals(0, cli("rotate-token", "--id", "c2", "--token", "next-token-3Rf9Ks6Tm1Hb"), err);
        assertEquals("rotated the token of agent c2; the old token no longer works\n", out);
        assertEquals(Optional.empty(), directory.byTokenHash(TokenHashes.hashOf("given-token-8Wd2Pz5Qn3L")));
        assertEquals("c2", directory.byTokenHash(TokenHashes.hashOf("next-token-3Rf9Ks6Tm1Hb")).orElseThrow().id());
        assertEquals(0, cli("rotate-token", "--id", "c2"), err);
        assertTrue(out.contains("token: "), out);
        assertEquals(Optional.empty(), directory.byTokenHash(TokenHashes.hashOf("next-token-3Rf9Ks6Tm1Hb")));

        String rotated = out.lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
        assertEquals(0, cli("revoke-token", "--id", "c2"), err);
        assertEquals("revoked the token of agent c2; it no longer works\n", out);
        assertEquals(Optional.empty(), directory.byTokenHash(TokenHashes.hashOf(rotated)));
        assertEquals("c2", directory.get("c2").orElseThrow().id(), "the agent stays");
        assertEquals(1, cli("revoke-token", "--id", "nobody"));
        assertEquals("error: no agent nobody\n", err);

        assertEquals(0, cli("remove", "--id", "c2"), err);
        assertEquals("removed agent c2\n", out);
        assertEquals(1, cli("remove", "--id", "c2"));
        assertEquals("error: no agent c2\n", err);
        assertEquals(0, cli("list"));
        assertEquals("", out);
    }

    @Test
    void conflictsAndBadInputFailWithAMessageAndWriteNothing() {
        assertEquals(0, cli("add", "--id", "c3", "--login", "erika", "--org", "1", "--phone", "+4930333"), err);
        int items = dynamo.scan(b -> b.tableName(table).select("COUNT")).count();

        assertEquals(1, cli("add", "--id", "c4", "--login", "other", "--org", "1", "--phone", "+4930333"));
        assertEquals("error: phone +4930333 is already used by agent c3\n", err);
        assertEquals(1, cli("add", "--id", "c4", "--org", "1"));
        assertEquals("error: --login is required\n", err);
        assertEquals(1, cli("add", "--id", "c#4", "--login", "x", "--org", "1"));
        assertEquals("error: id must not contain '#'\n", err);
        assertEquals(1, cli("rotate-token", "--id", "nobody"));
        assertEquals("error: no agent nobody\n", err);
        assertEquals(items, (int) dynamo.scan(b -> b.tableName(table).select("COUNT")).count());
    }

    @Test
    void loadReadsAnAgentsFile() throws IOException {
        Path file = Files.writeString(dir.resolve("agents.json"), """
                [{"id": "f1", "login": "one", "phones": ["+4930444"], "organizationId": "1",
                  "token": "file-token-1-Ah5Tq7Vx3"},
                 {"id": "f2", "login": "two", "organizationId": "1", "token": "file-token-2-Ah5Tq7Vx3"}]
                """);
        assertEquals(0, cli("load", "--file", file.toString()), err);
        assertEquals("loaded 2 agents: f1, f2\n", out);
        assertEquals("f1", directory.byTokenHash(TokenHashes.hashOf("file-token-1-Ah5Tq7Vx3")).orElseThrow().id());
        Files.writeString(file, "[{\"id\": \"f3\"}]");
        assertEquals(1, cli("load", "--file", file.toString()));
        assertEquals("error: agent 1 needs exactly one of token or tokenHash\n", err);
        assertEquals(Optional.empty(), directory.get("f3"));
    }

    @Test
    void aNameConflictStopsALoadAtThatAgentAndLoadingAgainAfterTheFixIsSafe() throws IOException {
        assertEquals(0, cli("add", "--id", "x1", "--login", "other", "--org", "1", "--phone", "+4930555"), err);
        String agents = """
                [{"id": "g1", "login": "one", "organizationId": "1", "token": "g-token-1-Ah5Tq7Vx3Mk9"},
                 {"id": "g2", "login": "two", "phones": ["%s"], "organizationId": "1",
                  "token": "g-token-2-Ah5Tq7Vx3Mk9"},
                 {"id": "g3", "login": "three", "organizationId": "1", "token": "g-token-3-Ah5Tq7Vx3Mk9"}]
                """;
        Path file = Files.writeString(dir.resolve("agents.json"), agents.formatted("+4930555"));
        assertEquals(1, cli("load", "--file", file.toString()));
        assertEquals("error: phone +4930555 is already used by agent x1\n", err);
        assertTrue(directory.get("g1").isPresent(), "the agent before the conflict is saved");
        assertEquals(Optional.empty(), directory.get("g2"));
        assertEquals(Optional.empty(), directory.get("g3"), "the load stops at the conflict");

        Files.writeString(file, agents.formatted("+4930666"));
        assertEquals(0, cli("load", "--file", file.toString()), err);
        assertEquals("loaded 3 agents: g1, g2, g3\n", out);
        int items = dynamo.scan(b -> b.tableName(table).select("COUNT")).count();
        assertEquals(0, cli("load", "--file", file.toString()), err);
        assertEquals(items, (int) dynamo.scan(b -> b.tableName(table).select("COUNT")).count());
        assertEquals("g2", directory.resolve("+4930666").orElseThrow().id());
        assertEquals("x1", directory.resolve("+4930555").orElseThrow().id());
    }

    @Test
    void usageErrorsExitWith2AndTheTableMayComeFromTheEnvironment() {
        assertEquals(2, cli());
        assertTrue(err.startsWith("error: a command is required\nusage: AgentsCli"), err);
        assertEquals(2, cli("list", "--colour", "red"));
        assertTrue(err.startsWith("error: unknown option --colour"), err);
        assertEquals(2, cli("fly"));
        assertTrue(err.startsWith("error: unknown command fly"), err);
        assertEquals(2, run(new String[] {"list"}, Map.of()));
        assertEquals("error: --table is required (or set AGENTS_TABLE)\n", err);
        assertEquals(0, run(new String[] {"--help"}, Map.of()));
        assertTrue(out.contains("rotate-token --id ID [--token TOKEN]"), out);

        assertEquals(0, run(new String[] {"--endpoint", local.endpoint(), "add", "--id", "e1", "--login", "env",
                "--org", "1", "--token", "env-token-6Jc4Xn8Gv2Pw5Lz"}, Map.of("AGENTS_TABLE", table)), err);
        assertEquals("e1", directory.byTokenHash(TokenHashes.hashOf("env-token-6Jc4Xn8Gv2Pw5Lz")).orElseThrow().id());
    }
}
