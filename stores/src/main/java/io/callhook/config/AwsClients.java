package io.callhook.config;

import io.callhook.aws.AwsJsonClient;
import io.callhook.aws.CredentialsProvider;
import io.callhook.aws.Endpoints;
import io.callhook.aws.HttpTransport;
import io.callhook.aws.LambdaCredentials;
import io.callhook.aws.UrlConnectionTransport;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.metrics.StorageLatency;
import java.net.URI;
import java.util.function.Function;

/**
 * Builds the AWS clients a function uses, once per container.
 *
 * <p>The region comes from {@code AWS_REGION}; the endpoint from the SDK's settings ({@link Endpoints}:
 * {@code AWS_ENDPOINT_URL_DYNAMODB} or {@code _EVENTBRIDGE}, {@code AWS_ENDPOINT_URL}, {@code AWS_USE_FIPS_ENDPOINT},
 * {@code AWS_USE_DUALSTACK_ENDPOINT}). A configured endpoint URL without Lambda's credentials is a local engine (the
 * local stack, a test), which gets fixed local credentials; on AWS the credentials are the function role's, as Lambda
 * hands them over, from one {@link LambdaCredentials} per process that every client shares.
 *
 * <p>HTTPS trusts the roots AWS endpoints chain to, not the JDK's whole trust store, unless
 * {@code CALLHOOK_TLS_TRUST=jdk} ({@link #transport}).
 *
 * <p>{@value #RETRY_BACKOFF}{@code =none} makes the clients retry without waiting between attempts (the tests'
 * local engines, whose injected faults would otherwise cost seconds of backoff each); unset, they wait the SDK's
 * backoff.
 */
public final class AwsClients {

    public static final String REGION = "AWS_REGION";
    public static final String DYNAMODB_ENDPOINT = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String EVENTBRIDGE_ENDPOINT = "AWS_ENDPOINT_URL_EVENTBRIDGE";
    public static final String RETRY_BACKOFF = "CALLHOOK_RETRY_BACKOFF";

    private AwsClients() {
    }

    public static DynamoDbJsonClient dynamoDb(Environment env) {
        return dynamoDb(env, transport(env), (operation, nanos, failed) -> { });
    }

    /**
     * The HTTP transport of the function's clients: {@link UrlConnectionTransport} trusting what
     * {@value io.callhook.aws.AwsTrust#SETTING} chooses (the AWS roots unless it is {@code jdk}; see
     * {@link io.callhook.aws.AwsTrust}).
     */
    public static HttpTransport transport(Environment env) {
        return UrlConnectionTransport.standard(variables(env));
    }

    /**
     * The same client on {@code transport}. A {@link PrimingHttpClient} (SnapStart priming) gets fixed credentials,
     * so priming never fetches the role's credentials into the snapshot.
     */
    public static DynamoDbJsonClient dynamoDb(Environment env, HttpTransport transport) {
        return dynamoDb(env, transport, (operation, nanos, failed) -> { });
    }

    /** The same client, also telling {@code listener} of every call (tests count requests with it). */
    public static DynamoDbJsonClient dynamoDb(Environment env, HttpTransport transport,
            AwsJsonClient.Listener listener) {
        StorageLatency latency = new StorageLatency();
        return new DynamoDbJsonClient(DynamoDbJsonClient.protocol()
                .endpoint(endpoint(env, Endpoints.Service.DYNAMODB))
                .region(region(env))
                .credentials(credentials(env, Endpoints.Service.DYNAMODB, transport))
                .transport(transport)
                .sleeper(sleeper(env))
                .listener((operation, nanos, failed) -> {
                    latency.completed(operation, nanos, failed);
                    listener.completed(operation, nanos, failed);
                })
                .build());
    }

    public static String region(Environment env) {
        return env.optional(REGION, "us-east-1");
    }

    /** The service's endpoint under the environment's settings ({@link Endpoints#resolve}). */
    public static URI endpoint(Environment env, Endpoints.Service service) {
        return Endpoints.resolve(variables(env), service, region(env));
    }

    /** Waits out the SDK's backoff, unless {@value #RETRY_BACKOFF} is {@code none}. */
    public static AwsJsonClient.Sleeper sleeper(Environment env) {
        return "none".equals(env.optional(RETRY_BACKOFF, "")) ? delay -> { } : AwsJsonClient.Sleeper.THREAD;
    }

    /**
     * Priming gets fixed credentials, and so does a configured endpoint URL where Lambda's credentials are not to be
     * had (a local engine: the local stack, a test); otherwise the function role's, one provider a process (also for
     * an endpoint URL on AWS, a VPC endpoint or a proxy, say).
     */
    public static CredentialsProvider credentials(Environment env, Endpoints.Service service,
            HttpTransport transport) {
        if (Endpoints.configured(variables(env), service) != null
                && env.optional("AWS_CONTAINER_CREDENTIALS_FULL_URI").isEmpty()
                && env.optional("AWS_ACCESS_KEY_ID").isEmpty()) {
            return CredentialsProvider.fixed("local", "local");
        }
        if (transport instanceof PrimingHttpClient) {
            return CredentialsProvider.fixed("snapstart-priming", "snapstart-priming");
        }
        return LambdaCredentials.shared(variables(env));
    }

    private static Function<String, String> variables(Environment env) {
        return name -> env.optional(name).orElse(null);
    }
}
