package io.callhook.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.json.Json;
import java.util.HashMap;
import java.util.Map;

/** API Gateway responses with JSON (or other) bodies. */
public final class Responses {

    private Responses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return of(status, "application/json", Json.write(body));
    }

    public static APIGatewayV2HTTPResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    public static APIGatewayV2HTTPResponse of(int status, String contentType, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("content-type", contentType))
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    /** The response with {@code extra} headers added (an empty map leaves it as it is). */
    public static APIGatewayV2HTTPResponse withHeaders(APIGatewayV2HTTPResponse response, Map<String, String> extra) {
        if (extra.isEmpty()) {
            return response;
        }
        Map<String, String> headers = new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        headers.putAll(extra);
        response.setHeaders(headers);
        return response;
    }
}
