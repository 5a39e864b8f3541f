package io.callhook.aws;

import java.time.Duration;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Retry strategies as the AWS SDK for Java 2.x builds them for its clients in standard retry mode (the BOM's version,
 * from the SDK's {@code SdkDefaultRetryStrategy}, {@code AwsRetryStrategy} and {@code DynamoDbRetryPolicy}), built
 * with the SDK's own stand-alone retries module:
 * <ul>
 *   <li>DynamoDB: {@value #DYNAMODB_ATTEMPTS} attempts, backoff with full jitter from a 25 ms base;</li>
 *   <li>other services (EventBridge): {@value #DEFAULT_ATTEMPTS} attempts, full jitter from a 100 ms base;</li>
 *   <li>both: throttling ({@link AwsServiceException#throttling()}) backs off with full jitter from a 1 s base;
 *       every delay at most 20 s; a retry quota of 500 tokens per client, 5 per retry (throttling included), one
 *       back per success, so a failing service soon gets one attempt per call instead of nine.</li>
 * </ul>
 * What is retried is {@link AwsJsonClient#retryable(Throwable)}. {@code RetriesHeldToTheSdkTest} compares these with
 * the strategies the SDK's own DynamoDB and EventBridge clients resolve.
 */
public final class Retries {

    public static final int DYNAMODB_ATTEMPTS = 9;
    public static final Duration DYNAMODB_BASE_DELAY = Duration.ofMillis(25);
    public static final int DEFAULT_ATTEMPTS = 3;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);
    public static final Duration THROTTLING_BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    private Retries() {
    }

    /** The SDK's DynamoDB client's strategy in standard mode. */
    public static RetryStrategy dynamoDb() {
        return standard(DYNAMODB_ATTEMPTS, DYNAMODB_BASE_DELAY);
    }

    /** The SDK's default strategy in standard mode (EventBridge's). */
    public static RetryStrategy standard() {
        return standard(DEFAULT_ATTEMPTS, DEFAULT_BASE_DELAY);
    }

    /** Standard mode with {@code maxAttempts} and non-throttling backoff from {@code baseDelay}. */
    public static RetryStrategy standard(int maxAttempts, Duration baseDelay) {
        return DefaultRetryStrategy.standardStrategyBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, MAX_BACKOFF))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(THROTTLING_BASE_DELAY, MAX_BACKOFF))
                .treatAsThrottling(failure -> failure instanceof AwsServiceException service && service.throttling())
                .retryOnException(AwsJsonClient::retryable)
                .build();
    }
}
