package io.callhook.http;

import io.callhook.json.Json;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON object request body with its value types kept (for APIs, where {@code true} and {@code "true"} differ),
 * and the size and content-type checks every body gets.
 */
public final class JsonBody {

    /** The largest body accepted, in bytes after base64 decoding. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private JsonBody() {
    }

    /** @throws HttpError 413 too large, 400 empty or malformed, 415 not JSON */
    public static Map<String, Object> object(ApiRequest request) {
        byte[] body = bounded(request);
        if (!isJson(mediaType(request.contentType()))) {
            throw HttpError.unsupportedMediaType("send application/json");
        }
        return parse(body);
    }

    /**
     * The body as a JSON object whatever its {@code Content-Type}, for protocols whose clients do not all send one.
     *
     * @throws HttpError 413 too large, 400 empty or malformed
     */
    public static Map<String, Object> objectOfAnyType(ApiRequest request) {
        return parse(bounded(request));
    }

    static Map<String, Object> parse(byte[] body) {
        try {
            return Json.parseObject(Utf8.decode(body, "body"));
        } catch (Json.MalformedJsonException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    static byte[] bounded(ApiRequest request) {
        byte[] body = request.body();
        if (body.length > MAX_BODY_BYTES) {
            throw HttpError.tooLarge("body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw HttpError.badRequest("body is empty");
        }
        return body;
    }

    /** The media type of a {@code Content-Type} value, lower case, without parameters; "" for none. */
    public static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** Whether a media type is JSON ({@code application/json} or {@code +json}). */
    public static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
