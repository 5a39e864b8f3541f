package io.callhook.aws;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The function role's credentials as Lambda hands them over: from the container credentials endpoint
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]}, which is how a
 * SnapStart function gets them after restore), else from {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}
 * and {@code AWS_SESSION_TOKEN}. Resolved at the first request, never while the snapshot is taken, and fetched
 * again five minutes before they expire.
 */
public final class LambdaCredentials implements CredentialsProvider {

    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final Function<String, String> env;
    private final Clock clock;
    private AwsCredentialsIdentity current;
    private Instant refreshAt = Instant.MIN;

    public LambdaCredentials(Function<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public synchronized AwsCredentialsIdentity credentials() {
        if (current == null || !clock.instant().isBefore(refreshAt)) {
            String containerUri = env.apply("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            if (containerUri != null && !containerUri.isBlank()) {
                fetch(URI.create(containerUri));
            } else {
                current = fromVariables();
                refreshAt = Instant.MAX;
            }
        }
        return current;
    }

    private AwsCredentialsIdentity fromVariables() {
        String key = env.apply("AWS_ACCESS_KEY_ID");
        String secret = env.apply("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null) {
            throw new AwsException("no AWS credentials: neither AWS_CONTAINER_CREDENTIALS_FULL_URI nor "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY is set", null, false);
        }
        String token = env.apply("AWS_SESSION_TOKEN");
        return token == null ? AwsCredentialsIdentity.create(key, secret)
                : AwsSessionCredentialsIdentity.create(key, secret, token);
    }

    private void fetch(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            String authorization = authorization();
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                // as the AWS SDKs do: a server error may pass, a refusal (a wrong token, say) stays
                throw new AwsException("the container credentials endpoint answered HTTP " + status, null,
                        status >= 500 || status == 429);
            }
            Map<String, Object> answer;
            try (InputStream in = connection.getInputStream()) {
                answer = JSON.std.mapFrom(in);
            }
            current = AwsSessionCredentialsIdentity.create((String) answer.get("AccessKeyId"),
                    (String) answer.get("SecretAccessKey"), (String) answer.get("Token"));
            Object expiration = answer.get("Expiration");
            refreshAt = expiration == null ? Instant.MAX
                    : Instant.parse(expiration.toString()).minus(REFRESH_BEFORE_EXPIRY);
        } catch (IOException e) {
            throw new AwsException("the container credentials endpoint could not be read", e, true);
        }
    }

    private String authorization() throws IOException {
        String token = env.apply("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        if (token != null && !token.isBlank()) {
            return token;
        }
        String file = env.apply("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
        return file == null || file.isBlank() ? null
                : Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
    }
}
