package io.callhook.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The agent page's static files ({@code web/} beside {@code template.yaml}), served as CloudFront serves them on AWS:
 * {@code /} is {@code index.html}, every answer carries the same Content-Security-Policy and security headers as
 * the template's {@code AgentPageHeaders} policy, and only {@code GET} and {@code HEAD} of a file directly in the
 * folder with a known type are served (no directory listing, nothing outside the folder).
 */
final class AgentPage {

    /** The policy the template's ResponseHeadersPolicy sets too; the page needs nothing from other origins. */
    static final String CONTENT_SECURITY_POLICY = contentSecurityPolicy("");

    /**
     * The policy with {@code connectSources} (space-separated origins: the sign-in provider's discovery document
     * and token endpoint) allowed for {@code fetch} besides the page's own origin; nothing else is widened.
     */
    static String contentSecurityPolicy(String connectSources) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'"
                + (connectSources.isBlank() ? "" : " " + connectSources.strip())
                + "; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final Path root;
    private final String policy;

    AgentPage(Path root) {
        this(root, "");
    }

    /** @param connectSources origins the page may fetch from besides its own (the sign-in provider's) */
    AgentPage(Path root, String connectSources) {
        this.root = root.toAbsolutePath().normalize();
        this.policy = contentSecurityPolicy(connectSources);
    }

    /** The page's folder for this template: {@code web/} in the template's directory. */
    static AgentPage besideTemplate(Path template) {
        return besideTemplate(template, "");
    }

    /** The page's folder for this template, its policy allowing {@code connectSources} too. */
    static AgentPage besideTemplate(Path template, String connectSources) {
        Path dir = template.toAbsolutePath().getParent();
        return new AgentPage(dir == null ? Path.of("web") : dir.resolve("web"), connectSources);
    }

    /** The Content-Security-Policy this page is served with. */
    String policy() {
        return policy;
    }

    Path root() {
        return root;
    }

    /** The answer for a request of the page, or empty when the path names no file of the page. */
    Optional<ApiGatewayResponses.HttpReply> serve(String method, String rawPath) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Optional.empty();
        }
        String name = rawPath.equals("/") ? "index.html" : rawPath.substring(1);
        int dot = name.lastIndexOf('.');
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("%") || name.startsWith(".")
                || dot < 0) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        Path file = root.resolve(name).normalize();
        if (type == null || !file.getParent().equals(root) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ApiGatewayResponses.HttpReply(200, headers(type, policy),
                    Files.readAllBytes(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static List<Map.Entry<String, String>> headers(String contentType) {
        return headers(contentType, CONTENT_SECURITY_POLICY);
    }

    static List<Map.Entry<String, String>> headers(String contentType, String policy) {
        return List.of(
                Map.entry("content-type", contentType),
                Map.entry("content-security-policy", policy),
                Map.entry("x-content-type-options", "nosniff"),
                Map.entry("referrer-policy", "no-referrer"),
                Map.entry("x-frame-options", "DENY"),
                Map.entry("cache-control", "no-cache"));
    }
}
