package io.callhook.http;

/**
 * A request callhook refuses, with the status and the message the caller gets as {@code {"error": message}}.
 * Messages name the problem and never carry exception text.
 */
public final class HttpError extends RuntimeException {

    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
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
