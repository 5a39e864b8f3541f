package io.callhook.testing;

import io.callhook.aws.HttpTransport;
import io.callhook.aws.UrlConnectionTransport;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTP transport of a test's client, recording the operation of every request it sends ({@code UpdateItem},
 * {@code Query}...; a retry is another request) before sending it on over URLConnection.
 */
public final class RequestCounter implements HttpTransport {

    private final HttpTransport http = UrlConnectionTransport.standard();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @Override
    public Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        String target = headers.getOrDefault("X-Amz-Target", "");
        requests.add(target.substring(target.indexOf('.') + 1));
        return http.post(uri, headers, body);
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void reset() {
        requests.clear();
    }
}
