package io.callhook.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.log.Log;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The HTTP edge every API function shares: turns {@link HttpError}s into JSON errors, a storage failure into 503
 * (so a webhook sender retries), and anything unexpected into a bare 500. No exception text reaches the caller.
 * Failures are logged with the request id; a function whose protocol has its own error document overrides
 * {@link #error}, and the mapping stays here.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = ApiRequest.of(event);
        try {
            return handle(request);
        } catch (HttpError e) {
            return error(request, e.status(), e.getMessage());
        } catch (SdkException e) {
            Log.error("storage request failed", "requestId", request.requestId(), "exception", e,
                    "detail", e.getMessage());
            return error(request, 503, "storage is unavailable; nothing was written, retry later");
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
