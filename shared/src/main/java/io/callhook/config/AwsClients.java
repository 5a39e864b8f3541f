package io.callhook.config;

import io.callhook.aws.AwsJsonClient;
import io.callhook.aws.CredentialsProvider;
import io.callhook.aws.HttpTransport;
import io.callhook.aws.LambdaCredentials;
import io.callhook.aws.UrlConnectionTransport;
import io.callhook.dynamodb.DynamoDbClient;
import io.callhook.metrics.StorageLatency;
import java.net.URI;
import java.time.Clock;

/**
 * Builds the AWS clients a function uses, once per container.
 *
 * <p>The region comes from {@code AWS_REGION}; {@code AWS_ENDPOINT_URL_DYNAMODB} (or {@code _EVENTBRIDGE}) points a
 * client at a local engine, with fixed local credentials, when the local stack or a test sets it. On AWS the
 * credentials are the function role's, as Lambda hands them over ({@link LambdaCredentials}).
 */
public final class AwsClients {

    public static final String REGION = "AWS_REGION";
    public static final String DYNAMODB_ENDPOINT = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String EVENTBRIDGE_ENDPOINT = "AWS_ENDPOINT_URL_EVENTBRIDGE";

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(Environment env) {
        return dynamoDb(env, UrlConnectionTransport.standard(), (operation, nanos, failed) -> { });
    }

    /**
     * The same client on {@code transport}. A {@link PrimingHttpClient} (SnapStart priming) gets fixed credentials,
     * so priming never fetches the role's credentials into the snapshot.
     */
    public static DynamoDbClient dynamoDb(Environment env, HttpTransport transport) {
        return dynamoDb(env, transport, (operation, nanos, failed) -> { });
    }

    /** The same client, also telling {@code listener} of every call (tests count requests with it). */
    public static DynamoDbClient dynamoDb(Environment env, HttpTransport transport, AwsJsonClient.Listener listener) {
        StorageLatency latency = new StorageLatency();
        return new DynamoDbClient(DynamoDbClient.protocol()
                .endpoint(endpoint(env, DYNAMODB_ENDPOINT, "dynamodb"))
                .region(region(env))
                .credentials(credentials(env, DYNAMODB_ENDPOINT, transport))
                .transport(transport)
                .listener((operation, nanos, failed) -> {
                    latency.completed(operation, nanos, failed);
                    listener.completed(operation, nanos, failed);
                })
                .build());
    }

    public static String region(Environment env) {
        return env.optional(REGION, "us-east-1");
    }

    /** The endpoint variable's URL, else the service's regional endpoint ({@code https://<prefix>.<region>...}). */
    public static URI endpoint(Environment env, String variable, String endpointPrefix) {
        String region = region(env);
        return URI.create(env.optional(variable).orElse("https://" + endpointPrefix + "." + region + ".amazonaws.com"
                + (region.startsWith("cn-") ? ".cn" : "")));
    }

    /** Local endpoints and priming get fixed credentials; AWS gets the function role's. */
    public static CredentialsProvider credentials(Environment env, String endpointVariable, HttpTransport transport) {
        if (env.optional(endpointVariable).isPresent()) {
            return CredentialsProvider.fixed("local", "local");
        }
        if (transport instanceof PrimingHttpClient) {
            return CredentialsProvider.fixed("snapstart-priming", "snapstart-priming");
        }
        return new LambdaCredentials(name -> env.optional(name).orElse(null), Clock.systemUTC());
    }
}
