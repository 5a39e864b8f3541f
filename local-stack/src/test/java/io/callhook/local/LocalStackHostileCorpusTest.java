// End to end over real HTTP: the hostile-input corpus (src/test/resources/hostile/cases.json, written by
// generate.py beside it) sent to an in-process local stack with two organizations. Each case asserts its status,
// that the answer is a JSON object whose message holds the expected text, and, for every refusal, that no table of
// the engine changed.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.callhook.template.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class LocalStackHostileCorpusTest {

    private static final String PBX = "acme-" + UUID.randomUUID();
    private static final String GLOBEX = "globex-" + UUID.randomUUID();
    private static final String ALICE = "alice-" + UUID.randomUUID();
    private static final String BOB = "bob-" + UUID.randomUUID();
    private static final Map<String, String> PLACEHOLDERS = Map.of("{pbx}", PBX, "{agent}", ALICE, "{other}", BOB,
            "{call}", "acme:ring-1", "{otherCall}", "globex:ring-2");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;
    private static DynamoDbClient dynamo;

    @TempDir
    static Path dir;

    /** One request of the corpus and what it must answer. */
    record Case(String name, String method, String path, Map<String, String> headers, byte[] body, int status,
                String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        try (InputStream in = LocalStackHostileCorpusTest.class.getResourceAsStream("/hostile/cases.json")) {
            List<Object> entries = JSON.std.listFrom(in);
            List<Case> cases = new ArrayList<>();
            for (Object entry : entries) {
                Map<?, ?> c = (Map<?, ?>) entry;
                byte[] body = c.containsKey("bodyBase64") ? Base64.getDecoder().decode((String) c.get("bodyBase64"))
                        : c.containsKey("body") ? fill((String) c.get("body")).getBytes(StandardCharsets.UTF_8) : null;
                Map<String, String> headers = new TreeMap<>();
                ((Map<?, ?>) c.get("headers")).forEach((k, v) -> headers.put((String) k, fill((String) v)));
                cases.add(new Case((String) c.get("name"), (String) c.get("method"), fill((String) c.get("path")),
                        headers, body, ((Number) c.get("status")).intValue(), (String) c.get("error")));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fill(String text) {
        String filled = text;
        for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
            filled = filled.replace(placeholder.getKey(), placeholder.getValue());
        }
        return filled;
    }

    /** Whether a case was accepted since the stream readers last caught up (its change may still be on its way). */
    private static boolean acceptedSinceStreamsCaughtUp;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"alice\",\"login\":\"alice\",\"phones\":[\"+4930111\"],"
                + "\"organizationId\":\"org-a\",\"token\":\"" + ALICE + "\"},{\"id\":\"bob\",\"login\":\"bob\","
                + "\"phones\":[\"+4930222\"],\"organizationId\":\"org-b\",\"token\":\"" + BOB + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of("acme=" + PBX, "globex=" + GLOBEX))
                .withAgents(agents).withParameters(Map.of("IntegrationOrganizations", "acme:org-a,globex:org-b")),
                LOG.stream());
        dynamo = LocalStack.dynamoDbClient(stack.dynamoDbEndpoint());
        // ringing inbound calls only: the missed-calls function writes nothing for them and the caller-log marker's
        // reader raises each organization's marker once; the tables stay still between cases once both caught up
        for (String[] call : new String[][] {{PBX, "ring-1", "+4930500"}, {GLOBEX, "ring-2", "+4930600"}}) {
            HttpResponse<String> response = send(new Case("seed", "POST", "/api/v1/cti/" + call[0],
                    Map.of("content-type", "application/json"), ("{\"event\":\"newCall\",\"from\":\"+4922100\","
                    + "\"to\":\"" + call[2] + "\",\"direction\":\"in\",\"callId\":\"" + call[1] + "\"}")
                    .getBytes(StandardCharsets.UTF_8), 200, ""));
            assertEquals(200, response.statusCode(), response.body());
        }
        stack.awaitStreams();
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> send(Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + c.path()))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        c.headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every item of every table of the engine, in a stable order. */
    private static String tables() {
        return dynamo.listTables().tableNames().stream().map(table -> table + "="
                        + dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
                        .map(String::valueOf).sorted().collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n\n"));
    }

    @Test
    void theCorpusHasAtLeast300Cases() {
        assertTrue(cases().size() >= 300, String.valueOf(cases().size()));
        assertEquals(cases().size(), cases().stream().map(Case::name).distinct().count(), "case names are unique");
    }

    static Stream<Case> corpus() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachCaseAnswersAsExpectedAndARefusalWritesNothing(Case c) throws Exception {
        if (c.status() >= 400 && acceptedSinceStreamsCaughtUp) {
            // an accepted case's change reaches the stream readers later (the caller-log marker's raise)
            stack.awaitStreams();
            acceptedSinceStreamsCaughtUp = false;
        }
        String before = c.status() >= 400 ? tables() : null;
        HttpResponse<String> response = send(c);
        acceptedSinceStreamsCaughtUp |= response.statusCode() < 400;
        assertEquals(c.status(), response.statusCode(), c.name() + ": " + response.body());
        Object body = JSON.std.anyFrom(response.body());
        assertTrue(body instanceof Map<?, ?> || (c.status() < 400 && body instanceof List<?>),
                c.name() + ": the answer is not a JSON object: " + response.body());
        if (c.status() >= 400) {
            String message = ((Map<?, ?>) body).values().stream().filter(String.class::isInstance)
                    .map(String.class::cast).collect(Collectors.joining(" | "));
            assertTrue(!message.isEmpty(), c.name() + ": no error message in " + response.body());
            assertTrue(message.contains(c.error()), c.name() + ": expected \"" + c.error() + "\" in " + message);
            assertEquals(before, tables(), c.name() + ": a refused request changed the tables");
        }
    }
}
