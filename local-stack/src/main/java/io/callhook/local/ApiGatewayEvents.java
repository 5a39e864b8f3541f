package io.callhook.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns an HTTP request into the API Gateway HTTP API payload format 2.0 event a function receives, field for field
 * as API Gateway builds it: lower-cased headers with repeated ones joined by commas, cookies taken out of the
 * headers, repeated query parameters joined by commas, path parameters from the route, the receive time as
 * {@code requestContext.timeEpoch}, and the body as text for JSON, {@code text/*} and {@code application/xml}, else
 * base64 with {@code isBase64Encoded: true} (form and multipart bodies arrive base64-encoded).
 */
final class ApiGatewayEvents {

    static final String ACCOUNT_ID = "123456789012";
    static final String API_ID = "local";

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** An HTTP request as it came in: raw path and query, headers in order (names as sent), body bytes. */
    record IncomingRequest(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers,
                           byte[] body, String sourceIp, String protocol, int port) {
    }

    private ApiGatewayEvents() {
    }

    static Map<String, Object> toEvent(IncomingRequest request, Routes.Match match, String requestId,
                                       Instant receivedAt) {
        return toEvent(request, match, requestId, receivedAt, null);
    }

    /**
     * @param jwt what a JWT authorizer found ({@code claims}, {@code scopes}), put at
     *            {@code requestContext.authorizer.jwt} as API Gateway does; {@code null} on a route without one
     */
    static Map<String, Object> toEvent(IncomingRequest request, Routes.Match match, String requestId,
                                       Instant receivedAt, Map<String, Object> jwt) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
                continue;
            }
            headers.merge(name, header.getValue(), (a, b) -> a + "," + b);
        }
        headers.merge("x-forwarded-for", request.sourceIp(), (a, b) -> a + ", " + b);
        headers.putIfAbsent("x-forwarded-port", Integer.toString(request.port()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", traceId(receivedAt));

        String routeKey = match.route().routeKey();
        String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();
        String host = headers.getOrDefault("host", "localhost");
        String domainName = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;

        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", request.method().toUpperCase(Locale.ROOT));
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", ACCOUNT_ID);
        context.put("apiId", API_ID);
        if (jwt != null) {
            context.put("authorizer", Map.of("jwt", jwt));
        }
        context.put("domainName", domainName);
        context.put("domainPrefix", domainName.split("\\.", 2)[0]);
        context.put("http", http);
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(receivedAt));
        context.put("timeEpoch", receivedAt.toEpochMilli());

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", rawQuery);
        if (!cookies.isEmpty()) {
            event.put("cookies", cookies);
        }
        event.put("headers", headers);
        Map<String, String> query = queryParameters(rawQuery);
        if (!query.isEmpty()) {
            event.put("queryStringParameters", query);
        }
        event.put("requestContext", context);
        if (!match.pathParameters().isEmpty()) {
            event.put("pathParameters", match.pathParameters());
        }
        byte[] body = request.body();
        // a "text" body that is not valid UTF-8 goes as base64 too, so the function sees its bytes, not U+FFFD
        boolean text = isText(headers.get("content-type")) && isUtf8(body);
        if (body.length > 0) {
            event.put("body", text ? new String(body, StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(body));
        }
        event.put("isBase64Encoded", body.length > 0 && !text);
        return event;
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Whether API Gateway passes a body of this content type as text rather than base64. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.startsWith("text/") || media.equals("application/json") || media.endsWith("+json")
                || media.equals("application/xml");
    }

    /** Decoded query parameters, repeated names joined with commas; a name without {@code =} has value "". */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    private static String traceId(Instant receivedAt) {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "Root=1-" + Long.toHexString(receivedAt.getEpochSecond()) + "-" + HexFormat.of().formatHex(random);
    }
}
