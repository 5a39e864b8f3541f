package io.callhook.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's routes and API Gateway's choice among them: the method must be the route's (or the route's is
 * {@code ANY}); each path segment must equal the template's, or fill a {@code {name}} parameter, and a final
 * {@code {name+}} takes the rest of the path. The most specific route wins (exact method over {@code ANY}, fewer
 * parameters, no greedy parameter), and {@code $default} takes what no other route does.
 */
final class Routes {

    /**
     * A route of the template, the function it invokes and the name of the JWT authorizer that guards it
     * ({@code null}: none).
     */
    record Route(String method, String path, String functionId, String authorizer) {
        Route(String method, String path, String functionId) {
            this(method, path, functionId, null);
        }

        String routeKey() {
            return path.equals("$default") ? "$default" : method + " " + path;
        }
    }

    /** The chosen route and the path parameters it gives, URL-decoded. */
    record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes;

    Routes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    List<Route> all() {
        return routes;
    }

    Optional<Match> match(String method, String rawPath) {
        String requestMethod = method.toUpperCase(Locale.ROOT);
        String[] segments = segments(rawPath);
        return routes.stream()
                .filter(r -> r.method().equals("ANY") || r.method().equals(requestMethod)
                        || r.path().equals("$default"))
                .map(r -> new Candidate(r, parameters(r.path(), segments)))
                .filter(c -> c.parameters() != null)
                .min(Comparator.comparingInt(Candidate::rank))
                .map(c -> new Match(c.route(), c.parameters()));
    }

    private record Candidate(Route route, Map<String, String> parameters) {
        int rank() {
            if (route.path().equals("$default")) {
                return Integer.MAX_VALUE;
            }
            int greedy = route.path().contains("+}") ? 1 : 0;
            return greedy * 10_000 + parameters.size() * 10 + (route.method().equals("ANY") ? 1 : 0);
        }
    }

    /** The route's path parameters for these request segments, or null when the path does not fit. */
    private static Map<String, String> parameters(String template, String[] request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (template.equals("$default")) {
            return parameters;
        }
        String[] expected = segments(template);
        for (int i = 0; i < expected.length; i++) {
            String segment = expected[i];
            boolean parameter = segment.startsWith("{") && segment.endsWith("}");
            if (parameter && segment.endsWith("+}")) {
                if (i != expected.length - 1 || request.length <= i) {
                    return null;
                }
                StringBuilder rest = new StringBuilder();
                for (int j = i; j < request.length; j++) {
                    rest.append(j == i ? "" : "/").append(decode(request[j]));
                }
                parameters.put(segment.substring(1, segment.length() - 2), rest.toString());
                return parameters;
            }
            if (i >= request.length) {
                return null;
            }
            if (parameter) {
                if (request[i].isEmpty()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 1), decode(request[i]));
            } else if (!segment.equals(request[i])) {
                return null;
            }
        }
        return expected.length == request.length ? parameters : null;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
