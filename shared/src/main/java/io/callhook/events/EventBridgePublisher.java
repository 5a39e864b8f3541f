package io.callhook.events;

import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.events.EventPublisher.EventPublishException;
import io.callhook.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Publishes to an EventBridge bus with {@code PutEvents}. A rejected entry or a failed call is an exception,
 * never a silent loss, so a stream record is retried.
 *
 * <p>The SDK's EventBridge client is not served by the package registry this project builds from, so this sends
 * the one call it needs (AWS JSON 1.1, {@code X-Amz-Target: AWSEvents.PutEvents}) through the SDK's own SigV4
 * signer, credentials chain and URLConnection HTTP client. {@code AWS_ENDPOINT_URL_EVENTBRIDGE} points it at the
 * local stack.
 */
public final class EventBridgePublisher implements EventPublisher {

    public static final String SOURCE = "callhook";
    public static final String BUS_VARIABLE = "EVENT_BUS_NAME";
    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_EVENTBRIDGE";

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final String region;
    private final String bus;

    public EventBridgePublisher(SdkHttpClient http, AwsCredentialsProvider credentials, URI endpoint, String region,
                                String bus) {
        this.http = http;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.region = region;
        this.bus = bus;
    }

    public static EventBridgePublisher fromEnvironment(Environment env) {
        String region = AwsClients.region(env).id();
        URI endpoint = AwsClients.endpoint(env, ENDPOINT_VARIABLE)
                .orElse(URI.create("https://events." + region + ".amazonaws.com"));
        return new EventBridgePublisher(UrlConnectionHttpClient.create(),
                AwsClients.credentials(env, ENDPOINT_VARIABLE), endpoint, region,
                env.optional(BUS_VARIABLE, "default"));
    }

    @Override
    public void publish(String detailType, Map<String, Object> detail) {
        String body = Json.write(Map.of("Entries", List.of(Map.of(
                "Source", SOURCE,
                "DetailType", detailType,
                "Detail", Json.write(detail),
                "EventBusName", bus))));
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AWSEvents.PutEvents")
                .build();
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "events")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            String answer = response.responseBody().map(EventBridgePublisher::read).orElse("");
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                throw new EventPublishException("EventBridge answered HTTP " + status + " to a " + detailType
                        + " event");
            }
            Object failed = Json.parseObject(answer).get("FailedEntryCount");
            if (failed instanceof Number n && n.intValue() > 0) {
                throw new EventPublishException("EventBridge rejected a " + detailType + " event");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("EventBridge did not answer", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
