package io.callhook.config;

import io.callhook.metrics.StorageLatency;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the SDK clients a function uses, once per container.
 *
 * <p>The HTTP client is chosen explicitly (URLConnection: the fewest classes to load on a cold start), the region
 * comes from {@code AWS_REGION}, and {@code AWS_ENDPOINT_URL_DYNAMODB} points the client at a local engine (with
 * fixed local credentials) when the local stack or a test sets it.
 */
public final class AwsClients {

    public static final String REGION = "AWS_REGION";
    public static final String DYNAMODB_ENDPOINT = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String EVENTBRIDGE_ENDPOINT = "AWS_ENDPOINT_URL_EVENTBRIDGE";

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(Environment env, ExecutionInterceptor... interceptors) {
        return dynamoDb(env, (SdkHttpClient) null, interceptors);
    }

    /** The same client on {@code http} (SnapStart priming's {@link PrimingHttpClient}); null: URLConnection. */
    public static DynamoDbClient dynamoDb(Environment env, SdkHttpClient http, ExecutionInterceptor... interceptors) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder();
        if (http == null) {
            builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        } else {
            builder.httpClient(http);
        }
        builder
                .region(region(env))
                .credentialsProvider(credentials(env, DYNAMODB_ENDPOINT));
        endpoint(env, DYNAMODB_ENDPOINT).ifPresent(builder::endpointOverride);
        // The standard retry mode (3 attempts, jittered backoff) keeps a throttled request within a few seconds:
        // the SDK's legacy default for DynamoDB (9 attempts, up to 20 s backoff) outlasts the function's timeout
        // and the PBX's patience. A request that still fails answers 503 and the sender retries later.
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .addExecutionInterceptor(new StorageLatency());
        for (ExecutionInterceptor interceptor : interceptors) {
            override.addExecutionInterceptor(interceptor);
        }
        builder.overrideConfiguration(override.build());
        return builder.build();
    }

    public static Region region(Environment env) {
        return Region.of(env.optional(REGION, "us-east-1"));
    }

    public static Optional<URI> endpoint(Environment env, String variable) {
        return env.optional(variable).map(URI::create);
    }

    /** Local endpoints get fixed credentials; AWS gets the default chain, which SnapStart restores correctly. */
    public static AwsCredentialsProvider credentials(Environment env, String endpointVariable) {
        if (env.optional(endpointVariable).isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
