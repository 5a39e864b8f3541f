// template.yaml (read as data): separate webhook and agent throttles per route, reserved concurrency per function
// group behind a condition, the stream function's role limited to this table's stream, and the optional KMS key on
// the tables and the queue.
package io.callhook.template;

import static io.callhook.template.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class TemplateHardeningTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplate.find());
    private static final Map<String, String> GROUPS = Map.of("CtiWebhookFunction", "Webhook",
            "BandwidthWebhookFunction", "Webhook", "CallerLogFunction", "Agent", "AgentApiFunction", "Agent",
            "MissedCallsFunction", "Stream", "AdminApiFunction", "Agent", "TwilioWebhookFunction", "Webhook",
            "CallLogMarkerFunction", "Stream");

    private static Map<String, Object> resource(String id) {
        return map(map(TEMPLATE.raw().get("Resources")).get(id));
    }

    private static Map<String, Object> properties(String id) {
        return map(resource(id).get("Properties"));
    }

    @Test
    void everyRouteHasItsGroupsThrottleFromParameters() {
        int routes = 0;
        for (Map.Entry<String, String> group : GROUPS.entrySet()) {
            Map<String, Object> events = map(properties(group.getKey()).get("Events"));
            for (Object event : events.values()) {
                if (!"HttpApi".equals(map(event).get("Type"))) {
                    continue;
                }
                routes++;
                Map<String, Object> settings = map(map(map(event).get("Properties")).get("RouteSettings"));
                assertEquals(Map.of("Ref", group.getValue() + "ThrottleRate"), settings.get("ThrottlingRateLimit"));
                assertEquals(Map.of("Ref", group.getValue() + "ThrottleBurst"), settings.get("ThrottlingBurstLimit"));
            }
        }
        // every route of every function is in one of the groups (a new function's routes must join one)
        long all = map(TEMPLATE.raw().get("Resources")).values().stream()
                .map(resource -> map(map(resource).get("Properties")).get("Events"))
                .filter(java.util.Objects::nonNull)
                .flatMap(events -> map(events).values().stream())
                .filter(event -> "HttpApi".equals(map(event).get("Type"))).count();
        assertEquals(all, routes);
        assertTrue(routes >= 22, "routes found: " + routes);
        Map<String, Object> parameters = map(TEMPLATE.raw().get("Parameters"));
        for (String name : List.of("WebhookThrottleRate", "WebhookThrottleBurst", "AgentThrottleRate",
                "AgentThrottleBurst")) {
            assertTrue(map(parameters.get(name)).containsKey("Default"), name);
        }
    }

    @Test
    void reservedConcurrencyIsAParameterPerGroupAndUnreservedWhenEmptyOrZero() {
        Map<String, Object> conditions = map(TEMPLATE.raw().get("Conditions"));
        for (Map.Entry<String, String> group : GROUPS.entrySet()) {
            String parameter = group.getValue() + "ReservedConcurrency";
            String condition = "Reserves" + group.getValue() + "Concurrency";
            assertEquals(Map.of("Fn::If", List.of(condition, Map.of("Ref", parameter), Map.of("Ref", "AWS::NoValue"))),
                    properties(group.getKey()).get("ReservedConcurrentExecutions"), group.getKey());
            assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Or", List.of(
                    Map.of("Fn::Equals", List.of(Map.of("Ref", parameter), "")),
                    Map.of("Fn::Equals", List.of(Map.of("Ref", parameter), "0")))))), conditions.get(condition));
            assertEquals("", map(map(TEMPLATE.raw().get("Parameters")).get(parameter)).get("Default"));
        }
    }

    @Test
    void theStreamFunctionsRoleReadsOnlyThisTablesStream() {
        Map<String, Object> function = properties("MissedCallsFunction");
        assertNull(function.get("Policies"), "SAM would add AWSLambdaDynamoDBExecutionRole (every stream)");
        assertEquals(Map.of("Fn::GetAtt", List.of("MissedCallsFunctionRole", "Arn")), function.get("Role"));
        Map<String, Object> role = properties("MissedCallsFunctionRole");
        assertNull(role.get("ManagedPolicyArns"));
        String policies = String.valueOf(role.get("Policies"));
        assertFalse(policies.contains("Resource=*"), policies);
        List<Object> statements = (List<Object>) map(map(((List<Object>) role.get("Policies")).get(0))
                .get("PolicyDocument")).get("Statement");
        Map<String, Object> stream = map(statements.get(0));
        assertEquals(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"),
                stream.get("Action"));
        assertEquals(Map.of("Fn::GetAtt", List.of("CallsTable", "StreamArn")), stream.get("Resource"));
    }

    @Test
    void anOptionalCustomerManagedKeyEncryptsTheTablesAndTheQueue() {
        assertEquals("", map(map(TEMPLATE.raw().get("Parameters")).get("KmsKeyArn")).get("Default"));
        for (String table : List.of("CallsTable", "MissedCallsTable", "AgentsTable")) {
            List<Object> sse = (List<Object>) map(properties(table).get("SSESpecification")).get("Fn::If");
            assertEquals("HasKmsKey", sse.get(0), table);
            assertEquals(Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", Map.of("Ref", "KmsKeyArn")),
                    sse.get(1), table);
            assertEquals(Map.of("Ref", "AWS::NoValue"), sse.get(2), table);
        }
        Map<String, Object> queue = properties("MissedCallsFailureQueue");
        assertEquals(Map.of("Fn::If", List.of("HasKmsKey", Map.of("Ref", "KmsKeyArn"), Map.of("Ref", "AWS::NoValue"))),
                queue.get("KmsMasterKeyId"));
        assertEquals(Map.of("Fn::If", List.of("HasKmsKey", Map.of("Ref", "AWS::NoValue"), true)),
                queue.get("SqsManagedSseEnabled"));
    }
}
