package io.callhook.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.log.Invocation;
import io.callhook.metrics.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP edge every API function shares: every failure becomes the answer {@link Failures} maps it to (the one
 * place that decides statuses: 4xx for refusals, 503 for a storage failure a retry can cure, 500 for defects), in
 * the function's error document ({@link #error}). Every invocation's log lines
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
        } catch (RuntimeException e) {
            Failures.Answer answer = Failures.answer(e, request, recordTooLarge());
            APIGatewayV2HTTPResponse response = answer.fields().isEmpty()
                    ? error(request, answer.status(), answer.message())
                    : Responses.json(answer.status(), withError(answer));
            return Responses.withHeaders(response, answer.headers());
        }
    }

    private static Map<String, Object> withError(Failures.Answer answer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", answer.message());
        body.putAll(answer.fields());
        return body;
    }

    /** The message for a write DynamoDB refused because it would outgrow an item: what this handler writes. */
    protected String recordTooLarge() {
        return RECORD_TOO_LARGE;
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
