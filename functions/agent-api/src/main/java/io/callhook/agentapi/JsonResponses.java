package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.callhook.http.Responses;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON responses that keep {@code null} values: the call protocols show absent fields as {@code null}. */
final class JsonResponses {

    private static final JSON WITH_NULLS = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private JsonResponses() {
    }

    static APIGatewayV2HTTPResponse json(int status, Object body) {
        return Responses.of(status, "application/json", write(body));
    }

    static String write(Object body) {
        try {
            return WITH_NULLS.asString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
