// End to end over real HTTP: settings written to the local stack's config table with ConfigCli (through callhook's
// client, against the project's engine) reach the running functions at their next request: a token added there is
// accepted, its organization applies, a token removed there is refused; the --token seed keeps working.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.agentapi.ConfigCli;
import io.callhook.auth.TokenHashes;
import io.callhook.template.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LocalStackConfigTableTest {

    private static final String SEEDED = "seeded-" + UUID.randomUUID();
    private static final String TABLED = "tabled-" + UUID.randomUUID();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of("seeded=" + SEEDED))
                .withParameters(Map.of("ConfigCacheSeconds", "0")), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static void config(String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = new String[command.length + 4];
        args[0] = "--endpoint";
        args[1] = stack.dynamoDbEndpoint();
        args[2] = "--table";
        args[3] = "ConfigTable";
        System.arraycopy(command, 0, args, 4, command.length);
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, ConfigCli.run(args, Map.of("AWS_REGION", "us-east-1"), print, print),
                out.toString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> newCall(String token, String callId) throws Exception {
        return TestStacks.send(stack, "POST", "/api/v1/cti/" + token, null, "{\"event\":\"newCall\","
                + "\"from\":\"+4922100\",\"to\":\"+4930500\",\"direction\":\"in\",\"callId\":\"" + callId + "\"}");
    }

    static String organizationOf(String key) {
        try (DynamoDbClient dynamo = LocalStack.dynamoDbClient(stack.dynamoDbEndpoint())) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("CallsTable")
                    .key(Map.of("pk", AttributeValue.fromS(key))).consistentRead(true)).item();
            return item.isEmpty() ? null : item.get("organizationId").s();
        }
    }

    @Test
    void tokensAndOrganizationsFromTheConfigTableApplyAtTheNextRequest() throws Exception {
        assertEquals(401, newCall(TABLED, "c0").statusCode(), "not configured yet");
        config("add", "--setting", "WebhookTokenHashes", "--entry", "tabled:" + TokenHashes.hashOf(TABLED));
        assertEquals(200, newCall(TABLED, "c1").statusCode());
        assertEquals("1", organizationOf("tabled:c1"), "no mapping anywhere: the default organization");
        assertEquals(200, newCall(SEEDED, "c1").statusCode(), "the --token seed still works");

        // tabled has a call in organization 1, and ConfigCli is given no calls table to look in: a move needs force
        config("add", "--setting", "IntegrationOrganizations", "--entry", "tabled:org-t", "--force", "true");
        assertEquals(200, newCall(TABLED, "c2").statusCode());
        assertEquals("org-t", organizationOf("tabled:c2"));
        HttpResponse<String> unmapped = newCall(SEEDED, "c2");
        assertEquals(500, unmapped.statusCode(), "the table's mapping lists tabled only: " + unmapped.body());
        config("seed", "--setting", "IntegrationOrganizations", "--value", "seeded:org-s, tabled:org-t");
        assertEquals(200, newCall(SEEDED, "c3").statusCode());
        assertEquals("org-s", organizationOf("seeded:c3"));

        config("remove", "--setting", "WebhookTokenHashes", "--entry", "tabled:" + TokenHashes.hashOf(TABLED));
        assertEquals(401, newCall(TABLED, "c4").statusCode(), "revoked in the table, refused at once (cache 0)");
        assertEquals(null, organizationOf("tabled:c4"));
    }
}
