package io.callhook.http;

/**
 * Turns a request body into {@link Fields}: JSON, {@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data}, base64-encoded or not. Refuses what it cannot read with the right status: text that
 * is not valid UTF-8 (or not valid in a multipart part's declared charset) is a 400.
 */
public final class RequestBodies {

    /** The largest body accepted, in bytes after base64 decoding. */
    public static final int MAX_BODY_BYTES = JsonBody.MAX_BODY_BYTES;

    private RequestBodies() {
    }

    /** The request's media type, lower case and without parameters; empty without a {@code Content-Type}. */
    public static String mediaType(ApiRequest request) {
        return JsonBody.mediaType(request.contentType());
    }

    public static Fields parse(ApiRequest request) {
        byte[] body = JsonBody.bounded(request);
        String contentType = request.contentType();
        String mediaType = JsonBody.mediaType(contentType);
        if (JsonBody.isJson(mediaType)) {
            return Fields.fromJson(JsonBody.parse(body));
        }
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            return FormUrlEncoded.parse(Utf8.decode(body, "form body"));
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
}
