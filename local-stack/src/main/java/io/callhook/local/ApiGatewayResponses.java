package io.callhook.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns a function's response into the HTTP answer API Gateway (payload format 2.0) gives: {@code statusCode},
 * {@code headers}, {@code cookies} and {@code body} (base64-decoded when {@code isBase64Encoded}); a response
 * without {@code statusCode} becomes {@code 200} with the response as JSON body. Errors are API Gateway's own
 * {@code {"message": ...}} bodies.
 */
final class ApiGatewayResponses {

    /** An HTTP answer: status, header lines in order, body bytes. */
    record HttpReply(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private ApiGatewayResponses() {
    }

    /**
     * The answer for a function's response JSON.
     *
     * @throws IllegalArgumentException when the response is not JSON or not a valid proxy response
     */
    static HttpReply fromFunctionResponse(String responseJson) {
        Object response = LocalJson.parse(responseJson);
        if (!(response instanceof Map<?, ?> map) || !map.containsKey("statusCode")) {
            return new HttpReply(200, List.of(Map.entry("content-type", "application/json")),
                    responseJson.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> proxy = LocalJson.cast(map);
        int status;
        try {
            status = Integer.parseInt(String.valueOf(proxy.get("statusCode")).replaceAll("\\.0+$", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("statusCode is not a number", e);
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("statusCode " + status + " is not an HTTP status");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        LocalJson.object(proxy.get("headers")).forEach((name, value) -> {
            if (value != null) {
                headers.add(Map.entry(name, String.valueOf(value)));
            }
        });
        for (Object cookie : LocalJson.list(proxy.get("cookies"))) {
            headers.add(Map.entry("set-cookie", String.valueOf(cookie)));
        }
        Object body = proxy.get("body");
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (Boolean.TRUE.equals(proxy.get("isBase64Encoded"))) {
            bytes = Base64.getDecoder().decode(String.valueOf(body));
        } else {
            bytes = String.valueOf(body).getBytes(StandardCharsets.UTF_8);
        }
        return new HttpReply(status, headers, bytes);
    }

    /** API Gateway's own error body, e.g. {@code 404 {"message":"Not Found"}}. */
    static HttpReply message(int status, String message) {
        return json(status, Map.of("message", message));
    }

    static HttpReply json(int status, Object body) {
        return new HttpReply(status, List.of(Map.entry("content-type", "application/json")),
                LocalJson.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #json}, with {@code null} values kept: the published events exactly as the functions sent them. */
    static HttpReply jsonWithNulls(int status, Object body) {
        return new HttpReply(status, List.of(Map.entry("content-type", "application/json")),
                LocalJson.writeWithNulls(body).getBytes(StandardCharsets.UTF_8));
    }
}
