package io.callhook.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * API Gateway's HTTP API JWT authorizer, as the local stack runs it for routes with {@code Auth: Authorizer:}: the
 * token is {@code Authorization: Bearer <JWT>} (identity source {@code $request.header.Authorization}), signed by a
 * key of the issuer's JWKS (found through its discovery document), with {@code iss} exactly the issuer,
 * {@code aud} one of the audiences (or, without {@code aud}, {@code client_id}), not expired ({@code exp}) and not
 * before its time ({@code nbf}), no leeway. A refused request never reaches the function: 401
 * {@code {"message":"Unauthorized"}} with a {@code www-authenticate} header, as API Gateway answers. An accepted
 * one reaches it with {@code requestContext.authorizer.jwt}: the claims as API Gateway hands them over (every value
 * a string, an array as {@code [a b]}) and the {@code scope} claim's scopes.
 */
final class LocalJwtAuthorizer {

    /** What the check found: the claims and scopes for the event, or why it refused. */
    record Outcome(Map<String, Object> jwt, String refusal) {
        boolean allowed() {
            return refusal == null;
        }
    }

    private final String issuer;
    private final Set<String> audiences;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Supplier<Instant> clock;

    LocalJwtAuthorizer(String issuer, Collection<String> audiences, JWKSource<SecurityContext> keys,
                       Supplier<Instant> clock) {
        this.issuer = issuer;
        this.audiences = Set.copyOf(audiences);
        this.clock = clock;
        this.processor = new DefaultJWTProcessor<>();
        // the algorithms API Gateway's JWT authorizer takes: RSA and EC signatures, never "none" or HMAC
        this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256,
                JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
                JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512), keys));
        // the claims are checked below, by API Gateway's rules
        this.processor.setJWTClaimsSetVerifier((claims, context) -> { });
    }

    /** The authorizer of {@code issuer}, its keys found through {@code <issuer>/.well-known/openid-configuration}. */
    static LocalJwtAuthorizer discover(String issuer, Collection<String> audiences) {
        String jwksUri;
        try {
            HttpResponse<String> discovery = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(issuer + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            jwksUri = String.valueOf(LocalJson.object(LocalJson.parse(discovery.body())).get("jwks_uri"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the discovery document of " + issuer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the discovery document of " + issuer, e);
        }
        URL url;
        try {
            url = URI.create(jwksUri).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException("the discovery document of " + issuer + " has no usable jwks_uri", e);
        }
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(url).retrying(true).build();
        return new LocalJwtAuthorizer(issuer, audiences, keys, Clock.systemUTC()::instant);
    }

    String issuer() {
        return issuer;
    }

    /** Checks the request's {@code Authorization} header ({@code null}: none). */
    Outcome check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return refuse("the identity source is missing");
        }
        String trimmed = authorization.strip();
        String token = trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).strip() : trimmed;
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return refuse("the token is not a JWT");
        } catch (BadJOSEException | JOSEException e) {
            return refuse("the token's signature does not verify");
        }
        Instant now = clock.get();
        if (!issuer.equals(claims.getIssuer())) {
            return refuse("the token does not have a valid issuer");
        }
        List<String> audience = claims.getAudience();
        boolean audienceOk;
        if (audience != null && !audience.isEmpty()) {
            audienceOk = audience.stream().anyMatch(audiences::contains);
        } else {
            Object clientId = claims.getClaim("client_id");
            audienceOk = clientId != null && audiences.contains(String.valueOf(clientId));
        }
        if (!audienceOk) {
            return refuse("the token does not have a valid audience");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null || !now.isBefore(expires.toInstant())) {
            return refuse("the token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant())) {
            return refuse("the token is not valid yet");
        }
        Map<String, Object> jwt = new LinkedHashMap<>();
        jwt.put("claims", apiGatewayClaims(claims.getClaims()));
        Object scope = claims.getClaim("scope");
        jwt.put("scopes", scope == null ? null : List.of(String.valueOf(scope).trim().split("\\s+")));
        return new Outcome(jwt, null);
    }

    /** The claims as API Gateway passes them to a function: every value a string, arrays as {@code [a b]}. */
    static Map<String, String> apiGatewayClaims(Map<String, Object> claims) {
        Map<String, String> result = new LinkedHashMap<>();
        claims.forEach((name, value) -> result.put(name, text(value)));
        return result;
    }

    private static String text(Object value) {
        if (value instanceof Date date) {
            return Long.toString(date.toInstant().getEpochSecond());
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(LocalJwtAuthorizer::text).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return LocalJson.write(map);
        }
        return String.valueOf(value);
    }

    private static Outcome refuse(String reason) {
        return new Outcome(null, reason);
    }

    /** API Gateway's answer to a refused token. */
    static ApiGatewayResponses.HttpReply unauthorized(String reason) {
        return new ApiGatewayResponses.HttpReply(401, List.of(Map.entry("content-type", "application/json"),
                Map.entry("www-authenticate", "Bearer scope=\"\" error=\"invalid_token\" error_description=\""
                        + reason + "\"")),
                "{\"message\":\"Unauthorized\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
