// End to end over real HTTP, no browser: the agent page's files as an in-process local stack serves them, and the
// files themselves (no external origin anywhere, nothing inline the CSP would block).
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentPageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of("t-" + UUID.randomUUID())),
                LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> send(String method, String rawPath) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + rawPath))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Path web() {
        return SamTemplate.find().toAbsolutePath().getParent().resolve("web");
    }

    @Test
    void theRootIsTheIndexPageWithTheStrictPolicy() throws Exception {
        HttpResponse<String> page = send("GET", "/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        // the page may fetch from its own origin and the local sign-in provider's, nothing else
        assertEquals("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' "
                + stack.oidc().origin() + "; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'self'", page.headers().firstValue("content-security-policy").orElseThrow());
        assertTrue(stack.oidc().origin().matches("http://127\\.0\\.0\\.1:[0-9]+"), stack.oidc().origin());
        assertEquals("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                AgentPage.CONTENT_SECURITY_POLICY);
        assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElseThrow());
        assertEquals(Files.readString(web().resolve("index.html")), page.body());
        assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\"></script>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.js", "api.js", "render.js", "clock.js", "alerts.js", "app.css"})
    void everyFileOfThePageIsServedWithItsTypeAndThePolicy(String name) throws Exception {
        HttpResponse<String> file = send("GET", "/" + name);
        assertEquals(200, file.statusCode());
        assertEquals(name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
                file.headers().firstValue("content-type").orElseThrow());
        assertEquals(AgentPage.contentSecurityPolicy(stack.oidc().origin()),
                file.headers().firstValue("content-security-policy").orElseThrow());
        assertEquals(Files.readString(web().resolve(name)), file.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../template.yaml", "/%2e%2e/template.yaml", "/..%2ftemplate.yaml", "/nothing.js",
        "/.hidden.js", "/README", "/web/index.html"})
    void nothingOutsideThePageFolderAndNoUnknownFileIsServed(String path) throws Exception {
        HttpResponse<String> response = send("GET", path);
        assertEquals(404, response.statusCode(), path);
        assertFalse(response.body().contains("AWSTemplateFormatVersion"));
    }

    @Test
    void onlyGetAndHeadReadThePageAndApiRoutesStillWin() throws Exception {
        assertEquals(404, send("POST", "/").statusCode());
        assertEquals(404, send("DELETE", "/app.js").statusCode());
        assertEquals(200, send("HEAD", "/app.css").statusCode());
        HttpResponse<String> api = send("GET", "/api/v1/cti/log");
        assertEquals(401, api.statusCode(), api.body());
        assertTrue(api.headers().firstValue("content-security-policy").isEmpty());
    }

    @Test
    void onAwsCloudFrontSendsTheSamePolicyAndTakesApiPathsToTheHttpApi() {
        Map<String, Object> root = SamTemplate.load(SamTemplate.find()).raw();
        Map<String, Object> resources = LocalJson.object(root.get("Resources"));
        Map<String, Object> headers = LocalJson.object(LocalJson.object(LocalJson.object(LocalJson.object(
                LocalJson.object(resources.get("AgentPageHeaders")).get("Properties"))
                .get("ResponseHeadersPolicyConfig")).get("SecurityHeadersConfig")).get("ContentSecurityPolicy"));
        // the same policy, with the sign-in provider's origins in connect-src: Cognito's hosted domain, or those
        // OidcConnectSources names
        assertEquals(Map.of("Fn::If", List.of("CreatesUserPool",
                Map.of("Fn::Sub", List.of(AgentPage.contentSecurityPolicy(
                        "https://${Domain}.auth.${AWS::Region}.amazoncognito.com"),
                        Map.of("Domain", Map.of("Ref", "AgentUserPoolDomain")))),
                Map.of("Fn::Sub", AgentPage.contentSecurityPolicy("${OidcConnectSources}")))),
                headers.get("ContentSecurityPolicy"));
        assertEquals(true, headers.get("Override"));

        Map<String, Object> distribution = LocalJson.object(LocalJson.object(LocalJson.object(
                resources.get("AgentPageDistribution")).get("Properties")).get("DistributionConfig"));
        assertEquals("index.html", distribution.get("DefaultRootObject"));
        assertEquals("page", LocalJson.object(distribution.get("DefaultCacheBehavior")).get("TargetOriginId"));
        List<Map<String, Object>> behaviors = LocalJson.list(distribution.get("CacheBehaviors")).stream()
                .map(b -> LocalJson.cast((Map<?, ?>) b)).toList();
        assertEquals(List.of("/api/*", "/oidc/*"), behaviors.stream().map(b -> b.get("PathPattern")).toList());
        for (Map<String, Object> behavior : behaviors) {
            assertEquals("api", behavior.get("TargetOriginId"));
            assertEquals(Map.of("Ref", "AgentPageApiCachePolicy"), behavior.get("CachePolicyId"));
        }
        assertEquals("api", behaviors.get(0).get("TargetOriginId"));
        Map<String, Object> bucket = LocalJson.object(LocalJson.object(LocalJson.object(
                resources.get("AgentPageBucket")).get("Properties")).get("PublicAccessBlockConfiguration"));
        assertEquals(4, bucket.values().stream().filter(Boolean.TRUE::equals).count(), "the bucket is not private");
        assertTrue(LocalJson.object(root.get("Outputs")).containsKey("AgentPageUrl"));
    }

    /** The page must work in a closed network and under the CSP: no other origin, nothing inline. */
    @Test
    void thePageNamesNoOtherOriginAndHasNothingInline() throws IOException {
        Pattern url = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", Pattern.CASE_INSENSITIVE);
        try (Stream<Path> files = Files.list(web())) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                Matcher found = url.matcher(text.replace("http://www.w3.org/2000/svg", ""));
                assertFalse(found.find(), file + " names another origin: " + (found.hitEnd() ? "" : found.group()));
            }
        }
        String index = Files.readString(web().resolve("index.html"));
        assertFalse(index.contains(" style="), "inline style attribute");
        assertFalse(index.contains("<style"), "inline style element");
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(index).find(), "inline script");
        assertFalse(Pattern.compile("\\son[a-z]+=").matcher(index).find(), "inline event handler");
    }
}
