package io.callhook.http;

import io.callhook.aws.AwsException;
import io.callhook.config.UnmappedIntegrationException;
import io.callhook.log.Log;
import io.callhook.store.CallbackConflictException;
import io.callhook.store.InvalidPageTokenException;
import io.callhook.store.StorageFailures;
import io.callhook.store.UnknownCallException;
import io.callhook.store.UnknownCallbackException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one mapping from a failure to the HTTP answer a caller gets, for every function: handlers and stores throw,
 * {@link ApiHandler} asks this class what to answer. No exception's text reaches the caller unless the exception was
 * made to be shown ({@link HttpError}, the stores' refusals); failures are logged here, in full for defects.
 *
 * <ul>
 * <li>{@link HttpError}: its status, message and headers.</li>
 * <li>The stores' refusals: an unknown call or callback item 404, a claim conflict 409 (naming the holder as
 * {@code claimedBy}), a page token from elsewhere 422.</li>
 * <li>An integration that belongs to no organization: 500 naming the fix (a configuration error, so the provider
 * retries once it is fixed).</li>
 * <li>A storage failure: a write the record has no room for (DynamoDB's item size limit) 422 with the handler's
 * words for what is full (no retry helps); one a retry can cure ({@link StorageFailures#retryable}) 503, so a
 * webhook sender retries; any other (a refused request, a missing table, a denied permission: a defect) 500.</li>
 * <li>Anything else: 500 {@code internal error}.</li>
 * </ul>
 */
public final class Failures {

    /** What to answer: a status, a message safe to show, and any extra body fields or headers. */
    public record Answer(int status, String message, Map<String, Object> fields, Map<String, String> headers) {
    }

    private Failures() {
    }

    /**
     * The answer to {@code failure} met while serving {@code request}; {@code tooLarge} is the message for a write
     * that would outgrow an item (each handler knows what it was writing).
     */
    public static Answer answer(RuntimeException failure, ApiRequest request, String tooLarge) {
        String requestId = request.requestId();
        if (failure instanceof HttpError error) {
            return new Answer(error.status(), error.getMessage(), Map.of(), error.headers());
        }
        if (failure instanceof UnknownCallException unknown) {
            return plain(404, "call " + unknown.callId() + " does not exist; nothing was changed");
        }
        if (failure instanceof UnknownCallbackException) {
            return plain(404, "callback item " + request.pathParameter("itemId") + " does not exist");
        }
        if (failure instanceof CallbackConflictException conflict) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("claimedBy", conflict.holder());
            return new Answer(409, conflict.getMessage(), fields, Map.of());
        }
        if (failure instanceof InvalidPageTokenException invalid) {
            return plain(422, invalid.getMessage());
        }
        if (failure instanceof UnmappedIntegrationException unmapped) {
            Log.error("request refused: its integration belongs to no organization", "requestId", requestId,
                    "integration", unmapped.integration());
            return plain(500, unmapped.getMessage());
        }
        if (failure instanceof AwsException storage) {
            if (StorageFailures.itemTooLarge(storage)) {
                Log.warn("write refused: the record would outgrow the storage limit for one item", "requestId",
                        requestId, "detail", storage.getMessage());
                return plain(422, tooLarge);
            }
            if (StorageFailures.retryable(storage)) {
                Log.error("storage request failed", "requestId", requestId, "exception", storage,
                        "detail", storage.getMessage());
                return plain(503, "storage is unavailable; nothing was written, retry later");
            }
            Log.error("storage request refused", "requestId", requestId, "exception", storage,
                    "detail", storage.getMessage());
            return plain(500, "internal error");
        }
        Log.error("unhandled failure", "requestId", requestId, "exception", failure);
        return plain(500, "internal error");
    }

    private static Answer plain(int status, String message) {
        return new Answer(status, message, Map.of(), Map.of());
    }
}
