package io.callhook.http;

import java.util.HashMap;
import java.util.Map;

/**
 * A request callhook refuses, with the status and the message the caller gets as {@code {"error": message}}.
 * Messages name the problem and never carry exception text.
 */
public final class HttpError extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    public HttpError(int status, String message) {
        this(status, message, Map.of());
    }

    private HttpError(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    /** Headers the answer carries besides the error document (such as {@code www-authenticate}). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The same error, answered with one more header (its name lower case). */
    public HttpError withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new HttpError(status, getMessage(), more);
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError unauthorized(String message) {
        return new HttpError(401, message);
    }

    public static HttpError forbidden(String message) {
        return new HttpError(403, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    public static HttpError conflict(String message) {
        return new HttpError(409, message);
    }

    public static HttpError tooLarge(String message) {
        return new HttpError(413, message);
    }

    public static HttpError unsupportedMediaType(String message) {
        return new HttpError(415, message);
    }

    public static HttpError unprocessable(String message) {
        return new HttpError(422, message);
    }
}
