// callhook's endpoint resolution against the AWS SDK's own, for the settings a Lambda function may be given: the
// endpoint rules (region, FIPS, dual-stack, partition DNS suffixes) through the SDK's endpoint providers, and the
// environment's endpoint URLs through the SDK's clients themselves (as system properties, which the SDK reads
// before the environment).
package io.callhook.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;
import software.amazon.awssdk.services.eventbridge.endpoints.EventBridgeEndpointParams;
import software.amazon.awssdk.services.eventbridge.endpoints.EventBridgeEndpointProvider;

class EndpointsHeldToTheSdkTest {

    private static final List<String> REGIONS = List.of("us-east-1", "eu-central-1", "ap-southeast-2", "ca-west-1",
            "mx-central-1", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1");

    static Stream<Arguments> rules() {
        List<Arguments> cases = new ArrayList<>();
        for (String region : REGIONS) {
            for (boolean fips : new boolean[] {false, true}) {
                for (boolean dualStack : new boolean[] {false, true}) {
                    cases.add(Arguments.of(region, fips, dualStack));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} fips={1} dualstack={2}")
    @MethodSource("rules")
    void regionFipsAndDualStackGiveTheSdksEndpoints(String region, boolean fips, boolean dualStack) {
        Map<String, String> env = Map.of(Endpoints.USE_FIPS, Boolean.toString(fips), Endpoints.USE_DUALSTACK,
                Boolean.toString(dualStack));

        URI dynamo = DynamoDbEndpointProvider.defaultProvider().resolveEndpoint(DynamoDbEndpointParams.builder()
                .region(Region.of(region)).useFips(fips).useDualStack(dualStack).build()).join().url();
        URI events = EventBridgeEndpointProvider.defaultProvider().resolveEndpoint(EventBridgeEndpointParams
                .builder().region(Region.of(region)).useFips(fips).useDualStack(dualStack).build()).join().url();

        assertEquals(dynamo, Endpoints.resolve(env::get, Endpoints.Service.DYNAMODB, region));
        assertEquals(events, Endpoints.resolve(env::get, Endpoints.Service.EVENTBRIDGE, region));
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(Map.of()),
                Arguments.of(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")),
                Arguments.of(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
                        "AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:8001",
                        "AWS_ENDPOINT_URL", "http://127.0.0.1:4566")),
                Arguments.of(Map.of("AWS_ENDPOINT_URL", "https://proxy.example:8443",
                        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")),
                Arguments.of(Map.of("AWS_USE_FIPS_ENDPOINT", "true")),
                Arguments.of(Map.of("AWS_USE_DUALSTACK_ENDPOINT", "TRUE", "AWS_USE_FIPS_ENDPOINT", "false")),
                Arguments.of(Map.of("AWS_USE_FIPS_ENDPOINT", "true", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void theEnvironmentsSettingsGiveTheEndpointsTheSdksClientsSendTo(Map<String, String> env) {
        for (String region : List.of("us-east-1", "cn-north-1", "us-gov-west-1")) {
            Outcome sdkDynamo = withSystemProperties(env, () -> {
                SdkRequestRecorder http = new SdkRequestRecorder();
                try (var sdk = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                        .region(Region.of(region)).httpClient(http).credentialsProvider(CREDENTIALS).build()) {
                    sdk.getItem(r -> r.tableName("t").key(Map.of()));
                }
                return http.only();
            });
            Outcome sdkEvents = withSystemProperties(env, () -> {
                SdkRequestRecorder http = new SdkRequestRecorder();
                try (var sdk = software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder()
                        .region(Region.of(region)).httpClient(http).credentialsProvider(CREDENTIALS).build()) {
                    sdk.putEvents(r -> r.entries(e -> e.source("s").detailType("d").detail("{}")));
                }
                return http.only();
            });

            assertEquals(sdkDynamo, Outcome.of(() -> Endpoints.resolve(env::get, Endpoints.Service.DYNAMODB, region)),
                    region);
            assertEquals(sdkEvents, Outcome.of(() -> Endpoints.resolve(env::get, Endpoints.Service.EVENTBRIDGE,
                    region)), region);
        }
    }

    @Test
    void aSettingThatIsNotABooleanIsRefusedByName() {
        Map<String, String> env = Map.of(Endpoints.USE_FIPS, "yes");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Endpoints.resolve(env::get, Endpoints.Service.DYNAMODB, "us-east-1"));

        assertEquals("AWS_USE_FIPS_ENDPOINT must be true or false, not 'yes'", refused.getMessage());
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret"));

    /** An endpoint's scheme, host and port, or that it was refused. */
    record Outcome(String endpoint) {

        static Outcome of(Supplier<URI> resolve) {
            try {
                URI uri = resolve.get();
                return new Outcome(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? ""
                        : ":" + uri.getPort()));
            } catch (IllegalArgumentException | CompletionException
                     | software.amazon.awssdk.core.exception.SdkClientException refused) {
                return new Outcome("refused");
            }
        }
    }

    private static final Map<String, String> PROPERTIES = Map.of(
            "AWS_ENDPOINT_URL", "aws.endpointUrl",
            "AWS_ENDPOINT_URL_DYNAMODB", "aws.endpointUrlDynamoDb",
            "AWS_ENDPOINT_URL_EVENTBRIDGE", "aws.endpointUrlEventBridge",
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "aws.ignoreConfiguredEndpointUrls",
            "AWS_USE_FIPS_ENDPOINT", "aws.useFipsEndpoint",
            "AWS_USE_DUALSTACK_ENDPOINT", "aws.useDualstackEndpoint");

    /** Runs {@code sdk} with the settings as the SDK's system properties, then restores them. */
    private static Outcome withSystemProperties(Map<String, String> env, Supplier<URI> sdk) {
        Map<String, String> before = new HashMap<>();
        PROPERTIES.values().forEach(p -> before.put(p, System.getProperty(p)));
        try {
            PROPERTIES.values().forEach(System::clearProperty);
            env.forEach((name, value) -> System.setProperty(PROPERTIES.get(name), value));
            return Outcome.of(sdk);
        } finally {
            before.forEach((p, value) -> {
                if (value == null) {
                    System.clearProperty(p);
                } else {
                    System.setProperty(p, value);
                }
            });
        }
    }
}
