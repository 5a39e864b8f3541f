// template.yaml's part for the caller-log marker: its own jar and handler, a second reader of the calls table's
// stream (the only other is the missed-calls function) with big batches, and a role that may only read that stream
// and raise markers.
package io.callhook.logmarker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CallLogMarkerTemplateTest {

    static final SamTemplate TEMPLATE = SamTemplate.load(SamTemplate.find());
    static final String FUNCTION = "CallLogMarkerFunction";

    @Test
    void theFunctionRunsThisHandlerFromItsOwnJarWithTheMarkersTableOnly() {
        SamTemplate.Function function = TEMPLATE.function(FUNCTION);
        assertEquals(CallLogMarkerHandler.class.getName() + "::handleRequest", function.handler());
        assertEquals("functions/call-log-marker/target/call-log-marker-lambda.jar", function.codeUri());
        assertEquals(List.of(), function.routes());
        Map<String, Object> variables = SamTemplate.map(SamTemplate.map(TEMPLATE.properties(FUNCTION)
                .get("Environment")).get("Variables"));
        assertEquals(Map.of("MISSED_CALLS_TABLE", Map.of("Ref", "MissedCallsTable")), variables);
    }

    @Test
    void itReadsEveryChangeOfTheCallsStreamInBatchesOfAThousandWithPartialFailures() {
        List<SamTemplate.StreamTrigger> streams = TEMPLATE.function(FUNCTION).streams();
        assertEquals(1, streams.size());
        Map<String, Object> source = streams.get(0).properties();
        assertEquals("CallsTable", streams.get(0).table());
        assertEquals(1000, source.get("BatchSize"));
        assertEquals(1, source.get("MaximumBatchingWindowInSeconds"));
        assertEquals(List.of("ReportBatchItemFailures"), source.get("FunctionResponseTypes"));
        Map<String, Object> missedCalls = TEMPLATE.function("MissedCallsFunction").streams().get(0).properties();
        assertEquals(Map.of("Filters", List.of(Map.of("Pattern", "{\"eventName\": [\"INSERT\", \"MODIFY\"]}"))),
                source.get("FilterCriteria"), "every change but an expiry");
        // the missed-calls function is not invoked for rings (they change the log, not missed calls or the worklist)
        assertEquals(3, ((List<?>) ((Map<?, ?>) missedCalls.get("FilterCriteria")).get("Filters")).size());
        assertTrue(String.valueOf(missedCalls.get("FilterCriteria")).contains("endedAt"));
        assertEquals(100, missedCalls.get("BatchSize"), "the missed-calls function keeps its small batches");
    }

    @Test
    void theCallsStreamHasTwoReadersAtMostAsDynamoDbAllowsPerShard() {
        Map<String, String> readers = new TreeMap<>();
        TEMPLATE.functions().forEach(function -> function.streams().stream()
                .filter(stream -> stream.table().equals("CallsTable"))
                .forEach(stream -> readers.put(function.logicalId(), stream.eventId())));
        assertEquals(Map.of("CallLogMarkerFunction", "CallsStream", "MissedCallsFunction", "CallsStream"), readers);
        String others = String.valueOf(TEMPLATE.resources("AWS::Lambda::EventSourceMapping"))
                + TEMPLATE.resources("AWS::Pipes::Pipe") + TEMPLATE.properties("CallsTable")
                .get("KinesisStreamSpecification");
        assertEquals("{}{}null", others, "no other consumer of the calls table's changes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void itsRoleReadsOnlyTheCallsStreamAndUpdatesOnlyMarkerItems() {
        Map<String, Object> function = TEMPLATE.properties(FUNCTION);
        assertNull(function.get("Policies"), "SAM would add AWSLambdaDynamoDBExecutionRole (every stream)");
        assertEquals(Map.of("Fn::GetAtt", List.of("CallLogMarkerFunctionRole", "Arn")), function.get("Role"));
        Map<String, Object> role = TEMPLATE.properties("CallLogMarkerFunctionRole");
        assertNull(role.get("ManagedPolicyArns"));
        List<Object> policies = (List<Object>) role.get("Policies");
        assertEquals(1, policies.size());
        List<Object> statements = (List<Object>) SamTemplate.map(SamTemplate.map(policies.get(0))
                .get("PolicyDocument")).get("Statement");
        assertEquals(Map.of("Effect", "Allow", "Action", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                "dynamodb:GetShardIterator"), "Resource", Map.of("Fn::GetAtt", List.of("CallsTable", "StreamArn"))),
                statements.get(0));
        assertEquals(Map.of("Effect", "Allow", "Action", List.of("dynamodb:ListStreams"),
                "Resource", Map.of("Fn::Sub", "${CallsTable.Arn}/stream/*")), statements.get(1));
        assertEquals(Map.of("Effect", "Allow", "Action", List.of("dynamodb:UpdateItem"),
                "Resource", Map.of("Fn::GetAtt", List.of("MissedCallsTable", "Arn")),
                "Condition", Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("mark#*")))),
                statements.get(2));
        assertEquals(Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "Resource", Map.of("Fn::GetAtt", List.of("CallLogMarkerLogGroup", "Arn"))), statements.get(3));
        assertEquals(5, statements.size(), "and the customer managed key, when there is one");
        assertTrue(String.valueOf(statements.get(4)).startsWith("{Fn::If=[HasKmsKey"), statements.get(4).toString());
    }
}
