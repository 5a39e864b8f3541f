// callhook's retry strategies against the ones the AWS SDK's own DynamoDB and EventBridge clients resolve in standard
// retry mode (the BOM's version): attempts, backoffs, retry quota, and which failures each retries and treats as
// throttling.
package io.callhook.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

class RetriesHeldToTheSdkTest {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret"));

    /** The strategy the SDK's client resolves with {@code aws.retryMode=standard} (as AWS_RETRY_MODE=standard). */
    private static RetryStrategy sdkStandard(Supplier<RetryStrategy> resolve) {
        String before = System.getProperty("aws.retryMode");
        System.setProperty("aws.retryMode", "standard");
        try {
            return resolve.get();
        } finally {
            if (before == null) {
                System.clearProperty("aws.retryMode");
            } else {
                System.setProperty("aws.retryMode", before);
            }
        }
    }

    private static RetryStrategy sdkDynamoDb() {
        return sdkStandard(() -> {
            try (DynamoDbClient sdk = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                    .httpClient(new SdkRequestRecorder()).build()) {
                return sdk.serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow();
            }
        });
    }

    private static RetryStrategy sdkEventBridge() {
        return sdkStandard(() -> {
            try (EventBridgeClient sdk = EventBridgeClient.builder().region(Region.US_EAST_1)
                    .credentialsProvider(CREDENTIALS).httpClient(new SdkRequestRecorder()).build()) {
                return sdk.serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow();
            }
        });
    }

    /** What a strategy is made of: attempts, backoffs, quota (read from the SDK's retries module, which both use). */
    private static Map<String, Object> settings(RetryStrategy strategy) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("maxAttempts", strategy.maxAttempts());
        for (String field : List.of("circuitBreakerEnabled", "backoffStrategy", "throttlingBackoffStrategy",
                "exceptionCost", "throttlingExceptionCost")) {
            settings.put(field, String.valueOf(field(strategy, field)));
        }
        settings.put("tokenBucketMaxCapacity", field(field(strategy, "tokenBucketStore"), "tokenBucketMaxCapacity"));
        return settings;
    }

    private static Object field(Object target, String name) {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException notHere) {
                // a superclass's
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(target.getClass() + " has no field " + name);
    }

    @Test
    void dynamoDbsStrategyIsTheSdkDynamoDbClients() {
        Map<String, Object> sdk = settings(sdkDynamoDb());

        assertEquals(sdk, settings(Retries.dynamoDb()));
        assertEquals(9, sdk.get("maxAttempts"), "the figures the README states");
        assertTrue(sdk.get("backoffStrategy").toString().contains("PT0.025S"), sdk.toString());
    }

    @Test
    void eventBridgesStrategyIsTheSdkEventBridgeClients() {
        Map<String, Object> sdk = settings(sdkEventBridge());

        assertEquals(sdk, settings(Retries.standard()));
        assertEquals(3, sdk.get("maxAttempts"));
    }

    /** A failure as the SDK's client would raise it, and as callhook's client does. */
    record Failure(String name, Throwable sdk, AwsException ours) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> failures() {
        List<Failure> failures = new ArrayList<>();
        for (Object[] answer : new Object[][] {
            {400, "ThrottlingException"}, {400, "ProvisionedThroughputExceededException"},
            {400, "RequestLimitExceeded"}, {400, "TransactionInProgressException"}, {400, "LimitExceededException"},
            {429, "TooManyRequestsException"}, {429, "HTTP429"}, {500, "InternalServerError"}, {501, "HTTP501"},
            {502, "HTTP502"}, {503, "ServiceUnavailable"}, {504, "HTTP504"}, {400, "ValidationException"},
            {400, "ConditionalCheckFailedException"}, {400, "TransactionCanceledException"},
            {400, "TransactionConflictException"}, {408, "RequestTimeout"}, {400, "RequestTimeoutException"},
            {500, "InternalError"}, {400, "PriorRequestNotComplete"}, {400, "ResourceNotFoundException"},
            {400, "UnrecognizedClientException"}, {400, "AccessDeniedException"},
            {400, "ItemCollectionSizeLimitExceededException"}, {413, "RequestEntityTooLarge"}}) {
            int status = (Integer) answer[0];
            String code = (String) answer[1];
            Throwable sdk = software.amazon.awssdk.awscore.exception.AwsServiceException.builder()
                    .statusCode(status).message(code)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code)
                            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                    .build();
            failures.add(new Failure(status + " " + code, sdk, new AwsServiceException(status, code, code)));
        }
        IOException reset = new IOException("Connection reset");
        failures.add(new Failure("I/O error", SdkClientException.create("Unable to execute HTTP request", reset),
                new AwsException("GetItem failed: " + reset, reset, true)));
        return failures.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void eachFailureIsRetriedAndTreatedAsThrottlingAsTheSdkDoes(Failure failure) {
        RetryStrategy sdk = sdkDynamoDb();
        RetryStrategy ours = Retries.dynamoDb();

        assertEquals(retried(sdk, failure.sdk()), retried(ours, failure.ours()), "retried");
        assertEquals(throttling(sdk, failure.sdk()), throttling(ours, failure.ours()), "throttling");
        assertEquals(retried(ours, failure.ours()), failure.ours().retryable(), "what answers 503");
    }

    private static boolean retried(RetryStrategy strategy, Throwable failure) {
        var token = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("test")).token();
        try {
            strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
            return true;
        } catch (TokenAcquisitionFailedException notRetried) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean throttling(RetryStrategy strategy, Throwable failure) {
        return ((Predicate<Throwable>) field(strategy, "treatAsThrottling")).test(failure);
    }
}
