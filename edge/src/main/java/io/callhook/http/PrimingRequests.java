package io.callhook.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/** API Gateway requests for SnapStart priming, shaped as API Gateway delivers them (payload 2.0). */
public final class PrimingRequests {

    /**
     * The token a priming handler accepts (its own token table, never the deployed one); shaped as a real token, so
     * priming runs the lookup an agent request makes.
     */
    public static final String TOKEN = "snapstart-priming-0000000000000000";

    private PrimingRequests() {
    }

    public static APIGatewayV2HTTPEvent http(String method, String routeKey, String path, Map<String, String> headers,
                                             Map<String, String> pathParameters, String body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey(routeKey);
        event.setRawPath(path);
        event.setHeaders(headers);
        event.setPathParameters(pathParameters);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId("snapstart-priming").withRouteKey(routeKey).withTimeEpoch(0L)
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                        .build())
                .build());
        return event;
    }
}
