package io.callhook.testing;

import io.callhook.aws.HttpTransport;
import io.callhook.aws.UrlConnectionTransport;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A test's HTTP transport that runs a hook on every request of one operation (every attempt) just before sending
 * it on over URLConnection: another writer's change "meanwhile", a barrier, or a rewritten body.
 */
public final class HookedTransport implements HttpTransport {

    private final HttpTransport http = UrlConnectionTransport.standard();
    private final String operation;
    private final UnaryOperator<byte[]> hook;

    private HookedTransport(String operation, UnaryOperator<byte[]> hook) {
        this.operation = operation;
        this.hook = hook;
    }

    /** Runs {@code action} before each {@code operation} request (e.g. {@code UpdateItem}) is sent. */
    public static HookedTransport before(String operation, Runnable action) {
        return new HookedTransport(operation, body -> {
            action.run();
            return body;
        });
    }

    /** Sends each {@code operation} request's body as {@code rewrite} returns it (the engine ignores signatures). */
    public static HookedTransport rewriting(String operation, UnaryOperator<byte[]> rewrite) {
        return new HookedTransport(operation, rewrite);
    }

    @Override
    public Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        String target = headers.getOrDefault("X-Amz-Target", "");
        return http.post(uri, headers, target.endsWith("." + operation) ? hook.apply(body) : body);
    }
}
