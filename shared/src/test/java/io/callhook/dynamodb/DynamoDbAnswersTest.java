// callhook's DynamoDB client on answers the project's engine does not give: fields the client skips, error codes
// with another namespace or a capitalised Message, a proxy's non-JSON error page, and a 200 that is not JSON.
package io.callhook.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.aws.AwsException;
import io.callhook.aws.AwsServiceException;
import io.callhook.aws.Retries;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.testing.CapturingTransport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DynamoDbAnswersTest {

    private static DynamoDbJsonClient clientOn(CapturingTransport http) {
        return AwsClients.dynamoDb(Environment.of(Map.of(AwsClients.DYNAMODB_ENDPOINT, "http://127.0.0.1:8000",
                AwsClients.REGION, "us-east-1", AwsClients.RETRY_BACKOFF, "none")), http);
    }

    private static QueryRequest query() {
        return QueryRequest.builder().tableName("Calls").keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("a"))).build();
    }

    @Test
    void fieldsTheClientDoesNotReadAreSkippedWhereverTheyStand() {
        CapturingTransport http = CapturingTransport.answering("{\"ConsumedCapacity\":{\"TableName\":\"Calls\","
                + "\"CapacityUnits\":0.5,\"Table\":{\"CapacityUnits\":0.5},\"GlobalSecondaryIndexes\":{\"byLine\":"
                + "{\"CapacityUnits\":1}}},\"Count\":1,\"ScannedCount\":3,\"Items\":[{\"pk\":{\"S\":\"a\"},"
                + "\"m\":{\"M\":{\"x\":{\"L\":[{\"N\":\"1\"},{\"NULL\":true},{\"BS\":[\"AQI=\"]}]}}}}],"
                + "\"LastEvaluatedKey\":{\"pk\":{\"S\":\"a\"}},\"ItemCollectionMetrics\":{\"SizeEstimateRangeGB\":"
                + "[0,1]}}");

        QueryResponse page = clientOn(http).query(query());

        assertEquals(1, page.count());
        assertEquals(List.of(Map.of("pk", AttributeValue.fromS("a"), "m", AttributeValue.fromM(Map.of("x",
                AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromNul(true),
                        AttributeValue.fromBs(List.of(new byte[] {1, 2})))))))), page.items());
        assertEquals(Map.of("pk", AttributeValue.fromS("a")), page.lastEvaluatedKey());
    }

    @Test
    void anErrorCodeLosesItsNamespaceAndACapitalisedMessageIsRead() {
        CapturingTransport http = CapturingTransport.answering(400, "{\"__type\":\"com.amazon.coral.service#"
                + "UnrecognizedClientException\",\"Message\":\"The security token included in the request is "
                + "invalid.\"}");

        DynamoDbException refused = assertThrows(DynamoDbException.class, () -> clientOn(http).query(query()));

        assertEquals("UnrecognizedClientException", refused.errorCode());
        assertEquals("The security token included in the request is invalid.", refused.errorMessage());
        assertEquals(400, refused.statusCode());
        assertFalse(refused.retryable());
        assertEquals(1, http.requests().size());
    }

    /** Throttling by code, and a proxy's error page named by its status: both retried to the limit. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400|{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\"}"
                + "|ProvisionedThroughputExceededException",
        "502|<html><body>Bad Gateway</body></html>|HTTP502"})
    void retryableAnswersAreRetriedToTheLimit(int status, String body, String code) {
        CapturingTransport http = CapturingTransport.answering(status, body);

        AwsServiceException failed = assertThrows(AwsServiceException.class, () -> clientOn(http).query(query()));

        assertEquals(code, failed.errorCode());
        assertEquals(status, failed.statusCode());
        assertTrue(failed.retryable());
        assertEquals(Retries.DYNAMODB_ATTEMPTS, http.requests().size());
    }

    @Test
    void aSuccessThatIsNotJsonIsAFailureNoRetryCures() {
        CapturingTransport http = CapturingTransport.answering(200, "<html>captive portal</html>");

        AwsException unreadable = assertThrows(AwsException.class, () -> clientOn(http).query(query()));

        assertFalse(unreadable.retryable());
        assertTrue(unreadable.getMessage().contains("not the JSON expected"), unreadable.getMessage());
    }
}
