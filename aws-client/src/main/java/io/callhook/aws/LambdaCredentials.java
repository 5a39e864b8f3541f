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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The function role's credentials as Lambda hands them over: from the container credentials endpoint
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]}, which is how a
 * SnapStart function gets them after restore), else from {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}
 * and {@code AWS_SESSION_TOKEN}. Resolved at the first request, never while the snapshot is taken.
 *
 * <p>Cached as the SDK's {@code ContainerCredentialsProvider} caches them: fetched again from
 * {@value #PREFETCH_MINUTES} minutes before they expire (or an hour after they were fetched, if that is sooner);
 * a fetch that fails then keeps serving the credentials held, which are still valid, and the next request tries
 * again; only from one minute before expiry (stale) does a failed fetch fail the request.
 *
 * <p>{@link #shared} gives every client of a process the same provider, so the process fetches once.
 */
public final class LambdaCredentials implements CredentialsProvider {

    static final int PREFETCH_MINUTES = 15;
    private static final Duration PREFETCH_BEFORE_EXPIRY = Duration.ofMinutes(PREFETCH_MINUTES);
    private static final Duration PREFETCH_AT_MOST_AFTER = Duration.ofHours(1);
    private static final Duration STALE_BEFORE_EXPIRY = Duration.ofMinutes(1);
    private static final List<String> VARIABLES = List.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    private static final Map<List<String>, LambdaCredentials> SHARED = new ConcurrentHashMap<>();

    private final Function<String, String> env;
    private final Clock clock;
    private AwsCredentialsIdentity current;
    private Instant refreshAt = Instant.MIN;
    private Instant staleAt = Instant.MIN;

    public LambdaCredentials(Function<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /**
     * The process's one provider for these variables' values (on Lambda: the process environment's), with the
     * system clock: every client built with it shares its cache.
     */
    public static LambdaCredentials shared(Function<String, String> env) {
        return shared(env, Clock.systemUTC());
    }

    /** The same, with {@code clock} if this call creates the provider (tests). */
    static LambdaCredentials shared(Function<String, String> env, Clock clock) {
        List<String> key = VARIABLES.stream().map(name -> String.valueOf(env.apply(name))).toList();
        return SHARED.computeIfAbsent(key, k -> new LambdaCredentials(env, clock));
    }

    @Override
    public synchronized AwsCredentialsIdentity credentials() {
        Instant now = clock.instant();
        if (current == null || !now.isBefore(refreshAt)) {
            String containerUri = env.apply("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            if (containerUri != null && !containerUri.isBlank()) {
                try {
                    fetch(URI.create(containerUri), now);
                } catch (AwsException failed) {
                    if (current == null || !now.isBefore(staleAt)) {
                        throw failed;
                    }
                    // still valid: served on, and the next request fetches again (as the SDK's prefetch does)
                }
            } else {
                current = fromVariables();
                refreshAt = Instant.MAX;
                staleAt = Instant.MAX;
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

    private void fetch(URI uri, Instant now) {
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
            AwsCredentialsIdentity fetched = AwsSessionCredentialsIdentity.create((String) answer.get("AccessKeyId"),
                    (String) answer.get("SecretAccessKey"), (String) answer.get("Token"));
            Object expiration = answer.get("Expiration");
            if (expiration == null) {
                refreshAt = Instant.MAX;
                staleAt = Instant.MAX;
            } else {
                Instant expires = Instant.parse(expiration.toString());
                Instant prefetch = expires.minus(PREFETCH_BEFORE_EXPIRY);
                Instant hourLater = now.plus(PREFETCH_AT_MOST_AFTER);
                refreshAt = prefetch.isBefore(hourLater) ? prefetch : hourLater;
                staleAt = expires.minus(STALE_BEFORE_EXPIRY);
            }
            current = fetched;
        } catch (IOException | RuntimeException e) {
            if (e instanceof AwsException aws) {
                throw aws;
            }
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
