// Test-only HTTP function for test-template.yaml: answers with the event it received.
package io.callhook.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.callhook.config.Environment;
import java.util.Map;

/** A test HTTP handler taking and returning plain maps: answers with the event it received (no statusCode). */
public final class EchoApiHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public EchoApiHandler(Environment env) {
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return event;
    }
}
