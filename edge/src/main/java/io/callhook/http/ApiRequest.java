package io.callhook.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * An API Gateway HTTP API (payload 2.0) request, as handlers need it: method, path parameters, query string,
 * lower-cased headers, the body as bytes (base64 undone) and the time API Gateway received it.
 *
 * <p>Every agent and admin route has a twin under {@value #SIGNED_IN_PREFIX} that API Gateway's JWT authorizer
 * guards (template.yaml): {@link #routeKey} answers both with the route's key without the prefix, so a handler
 * routes them alike, and {@link #signedIn} tells them apart.
 */
public final class ApiRequest {

    /** The path prefix of the routes that take an OpenID Connect provider's token, checked by API Gateway. */
    public static final String SIGNED_IN_PREFIX = "/oidc";

    private final APIGatewayV2HTTPEvent event;

    private ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    public static ApiRequest of(APIGatewayV2HTTPEvent event) {
        return new ApiRequest(event);
    }

    public String method() {
        var context = event.getRequestContext();
        if (context != null && context.getHttp() != null && context.getHttp().getMethod() != null) {
            return context.getHttp().getMethod().toUpperCase(Locale.ROOT);
        }
        return "POST";
    }

    /**
     * The route API Gateway matched, such as {@code POST /call/pickup}; without one (a {@code $default} route or a
     * hand-made event), the method and the raw path.
     */
    public String routeKey() {
        return withoutSignedInPrefix(rawRouteKey());
    }

    /**
     * Whether the request came through a {@value #SIGNED_IN_PREFIX} route, which API Gateway's JWT authorizer
     * guards: such a request is the person's whom {@link #verifiedClaims} name, and takes no callhook token.
     */
    public boolean signedIn() {
        String raw = rawRouteKey();
        int space = raw.indexOf(' ');
        String path = space < 0 ? raw : raw.substring(space + 1);
        return path.startsWith(SIGNED_IN_PREFIX + "/");
    }

    /**
     * The claims of the token API Gateway's JWT authorizer verified ({@code requestContext.authorizer.jwt.claims}:
     * signature, issuer, audience, expiry checked before the function ran); empty on a route without the
     * authorizer. API Gateway sets them, never the client.
     */
    public Map<String, String> verifiedClaims() {
        var context = event.getRequestContext();
        var authorizer = context == null ? null : context.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        Map<String, String> claims = jwt == null ? null : jwt.getClaims();
        return claims == null ? Map.of() : claims;
    }

    private String rawRouteKey() {
        String routeKey = event.getRouteKey();
        if (routeKey == null || routeKey.isBlank() || routeKey.equals("$default")) {
            var context = event.getRequestContext();
            routeKey = context == null ? null : context.getRouteKey();
        }
        if (routeKey == null || routeKey.isBlank() || routeKey.equals("$default")) {
            return method() + " " + path();
        }
        return routeKey;
    }

    private static String withoutSignedInPrefix(String routeKey) {
        int space = routeKey.indexOf(' ');
        String path = space < 0 ? routeKey : routeKey.substring(space + 1);
        if (!path.startsWith(SIGNED_IN_PREFIX + "/")) {
            return routeKey;
        }
        return (space < 0 ? "" : routeKey.substring(0, space + 1)) + path.substring(SIGNED_IN_PREFIX.length());
    }

    /** The request path without the query string. */
    public String path() {
        String path = event.getRawPath();
        if (path == null) {
            var context = event.getRequestContext();
            path = context == null || context.getHttp() == null ? null : context.getHttp().getPath();
        }
        return path == null ? "/" : path;
    }

    /** The query string as the client sent it (still percent-encoded), without {@code ?}; "" when none. */
    public String rawQueryString() {
        String raw = event.getRawQueryString();
        return raw == null ? "" : raw;
    }

    /** The host name the client called ({@code requestContext.domainName}), or {@code null}. */
    public String domainName() {
        var context = event.getRequestContext();
        return context == null ? null : context.getDomainName();
    }

    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        return parameters == null ? null : parameters.get(name);
    }

    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        String value = headers.get(name.toLowerCase(Locale.ROOT));
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    public String contentType() {
        return header("content-type");
    }

    /**
     * Query parameters; API Gateway joins repeated ones with commas, so the raw query string is read instead.
     *
     * @throws HttpError 400 when a value is not valid UTF-8 or badly percent-encoded
     */
    public Fields query() {
        String raw = event.getRawQueryString();
        if (raw != null && !raw.isEmpty()) {
            return FormUrlEncoded.parseQuery(raw);
        }
        Map<String, String> parameters = event.getQueryStringParameters();
        Fields.Builder builder = Fields.builder();
        if (parameters != null) {
            parameters.forEach(builder::add);
            parameters.values().forEach(value -> Utf8.encode(value, "query string"));
        }
        return builder.build();
    }

    public String queryParameter(String name) {
        return query().first(name);
    }

    public byte[] body() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("body is not valid base64");
            }
        }
        return Utf8.encode(body, "body");
    }

    /** When API Gateway received the request ({@code requestContext.timeEpoch}), else now. */
    public Instant receivedAt() {
        var context = event.getRequestContext();
        if (context != null && context.getTimeEpoch() > 0) {
            return Instant.ofEpochMilli(context.getTimeEpoch());
        }
        return Instant.now();
    }

    /** The client's address as API Gateway saw it ({@code requestContext.http.sourceIp}), or {@code null}. */
    public String sourceIp() {
        var context = event.getRequestContext();
        return context == null || context.getHttp() == null ? null : context.getHttp().getSourceIp();
    }

    /** The client's user agent ({@code requestContext.http.userAgent}, else the header), or {@code null}. */
    public String userAgent() {
        var context = event.getRequestContext();
        String agent = context == null || context.getHttp() == null ? null : context.getHttp().getUserAgent();
        return agent != null ? agent : header("user-agent");
    }

    public String requestId() {
        var context = event.getRequestContext();
        return context == null ? null : context.getRequestId();
    }
}
