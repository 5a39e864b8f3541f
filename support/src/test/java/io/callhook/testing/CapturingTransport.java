package io.callhook.testing;

import io.callhook.aws.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test's HTTP transport that sends nothing: it records every request (URI, signed headers, body) and answers each
 * with a fixed status and body. Wire-format and signing tests read what callhook's clients would send; answer tests
 * hand the client answers the engine never gives (a proxy's error page, fields the client skips).
 */
public final class CapturingTransport implements HttpTransport {

    /** One recorded request; header names are matched without regard to case, as HTTP does. */
    public record Request(URI uri, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int status;
    private final byte[] answer;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private CapturingTransport(int status, String answer) {
        this.status = status;
        this.answer = answer.getBytes(StandardCharsets.UTF_8);
    }

    /** Answers every request with HTTP 200 and {@code json}. */
    public static CapturingTransport answering(String json) {
        return new CapturingTransport(200, json);
    }

    /** Answers every request with {@code status} and {@code body}. */
    public static CapturingTransport answering(int status, String body) {
        return new CapturingTransport(status, body);
    }

    @Override
    public Response post(URI uri, Map<String, String> headers, byte[] body) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        requests.add(new Request(uri, Collections.unmodifiableMap(copy), body.clone()));
        return new Response(status, answer.clone());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The one request sent; fails when there were none or several. */
    public Request only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests.size());
        }
        return requests.get(0);
    }
}
