package io.callhook.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.aws.AwsException;
import io.callhook.log.Invocation;
import io.callhook.log.Log;
import io.callhook.metrics.Metrics;
import io.callhook.store.StorageFailures;

/**
 * The HTTP edge every API function shares: turns {@link HttpError}s into JSON errors, a storage failure a retry can
 * cure (throttling, 5xx, timeouts, conflicts: {@link StorageFailures}) into 503 (so a webhook sender retries), a
 * write the record has no room for (DynamoDB's item size limit) into 422 (no retry helps), and
 * anything else (a storage error no retry cures, a defect) into a bare 500. No exception text reaches the caller;
 * failures are logged in full (class, message, stack trace) with the request ids. Every invocation's log lines
 * carry its {@link Invocation} fields, and refused requests are counted by status. A function whose protocol has
 * its own error document overrides {@link #error}, and the mapping stays here.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** The answer to a write DynamoDB refused because the record would outgrow its item size limit. */
    public static final String RECORD_TOO_LARGE = "the call record cannot take this change: it would exceed the "
            + "storage limit for one call; nothing was written";

    private final Invocation.Invocations invocations = new Invocation.Invocations();

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (Invocation invocation = invocations.begin(context)) {
            APIGatewayV2HTTPResponse response = answer(ApiRequest.of(event));
            if (response.getStatusCode() >= 400) {
                Metrics.count(Metrics.REQUESTS_REFUSED, "Status", Integer.toString(response.getStatusCode()));
            }
            return response;
        }
    }

    private APIGatewayV2HTTPResponse answer(ApiRequest request) {
        try {
            return handle(request);
        } catch (HttpError e) {
            return Responses.withHeaders(error(request, e.status(), e.getMessage()), e.headers());
        } catch (AwsException e) {
            if (StorageFailures.itemTooLarge(e)) {
                Log.warn("write refused: the record would outgrow the storage limit for one item", "requestId",
                        request.requestId(), "detail", e.getMessage());
                return error(request, 422, RECORD_TOO_LARGE);
            }
            if (StorageFailures.retryable(e)) {
                Log.error("storage request failed", "requestId", request.requestId(), "exception", e,
                        "detail", e.getMessage());
                return error(request, 503, "storage is unavailable; nothing was written, retry later");
            }
            // No retry can cure it (a refused request, a missing table, a denied permission): a defect.
            Log.error("storage request refused", "requestId", request.requestId(), "exception", e,
                    "detail", e.getMessage());
            return error(request, 500, "internal error");
        } catch (RuntimeException e) {
            Log.error("unhandled failure", "requestId", request.requestId(), "exception", e);
            return error(request, 500, "internal error");
        }
    }

    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request);

    /**
     * The answer to a failed request: {@code {"error": message}} with {@code status}. The message is safe to show
     * (never an exception's text).
     */
    protected APIGatewayV2HTTPResponse error(ApiRequest request, int status, String message) {
        return Responses.error(status, message);
    }
}
