package io.callhook.http;

import io.callhook.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a request body into {@link Fields}: JSON, {@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data}, base64-encoded or not. Refuses what it cannot read with the right status.
 */
public final class RequestBodies {

    /** The largest body accepted, in bytes after base64 decoding. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private RequestBodies() {
    }

    public static Fields parse(ApiRequest request) {
        byte[] body = bounded(request);
        String contentType = request.contentType();
        String mediaType = mediaType(contentType);
        if (isJson(mediaType)) {
            try {
                return Fields.fromJson(Json.parseObject(new String(body, StandardCharsets.UTF_8)));
            } catch (Json.MalformedJsonException e) {
                throw HttpError.badRequest(e.getMessage());
            }
        }
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            return FormUrlEncoded.parse(new String(body, StandardCharsets.UTF_8));
        }
        if (mediaType.equals("multipart/form-data")) {
            return MultipartForm.parse(contentType, body);
        }
        throw HttpError.unsupportedMediaType(contentType == null
                ? "content-type is missing; send application/json, application/x-www-form-urlencoded or "
                        + "multipart/form-data"
                : "content-type " + mediaType + " is not supported; send application/json, "
                        + "application/x-www-form-urlencoded or multipart/form-data");
    }

    /** A JSON object body with its value types kept (for APIs, where {@code true} and {@code "true"} differ). */
    public static Map<String, Object> jsonObject(ApiRequest request) {
        byte[] body = bounded(request);
        if (!isJson(mediaType(request.contentType()))) {
            throw HttpError.unsupportedMediaType("send application/json");
        }
        try {
            return Json.parseObject(new String(body, StandardCharsets.UTF_8));
        } catch (Json.MalformedJsonException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static byte[] bounded(ApiRequest request) {
        byte[] body = request.body();
        if (body.length > MAX_BODY_BYTES) {
            throw HttpError.tooLarge("body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw HttpError.badRequest("body is empty");
        }
        return body;
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
