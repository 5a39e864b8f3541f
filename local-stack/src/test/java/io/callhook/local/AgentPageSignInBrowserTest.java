// End to end in a real browser: headless chromium (Selenium) signs in on the agent page at the local stack's
// OpenID Connect provider (mock-oauth2-server's login form) with Authorization Code + PKCE, sees the caller log
// through the /oidc/ routes, and signs out at the provider.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

class AgentPageSignInBrowserTest {

    private static final String WEBHOOK = "pbx-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    private HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        stack = TestStacks.withAgents(dir, WEBHOOK, "[{\"id\":\"a1\",\"login\":\"emma\",\"email\":"
                + "\"emma@chrispresso.example\",\"phones\":[\"+4930111\"],\"organizationId\":\"1\",\"token\":\""
                + EMMA + "\"}]", LOG);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static WebDriverWait await(ChromeDriver driver) {
        return new WebDriverWait(driver, PATIENCE);
    }

    private static Object script(ChromeDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    @Test
    void anAgentSignsInAtTheProviderSeesTheCallerLogAndSignsOutThere() throws Exception {
        String callId = "sso-" + UUID.randomUUID();
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/api/v1/cti/"
                        + WEBHOOK)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"newCall\",\"from\":\"+4922100\","
                        + "\"to\":\"+4930500\",\"direction\":\"in\",\"callId\":\"" + callId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode(), posted.body());

        chromium = HeadlessChromium.start(1280, 900);
        ChromeDriver driver = chromium.driver();
        driver.get(stack.url() + "/");
        await(driver).until(ExpectedConditions.elementToBeClickable(By.id("oidc-sign-in"))).click();

        // at the provider: the authorization request is the code flow with PKCE (S256), nothing else
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        String authorize = driver.getCurrentUrl();
        assertTrue(authorize.startsWith(stack.oidc().issuer() + "/authorize?"), authorize);
        assertTrue(authorize.contains("response_type=code&"), authorize);
        assertTrue(authorize.contains("code_challenge_method=S256"), authorize);
        assertTrue(authorize.contains("code_challenge=") && authorize.contains("nonce="), authorize);
        assertFalse(authorize.contains("token"), "no implicit flow: " + authorize);
        driver.findElement(By.name("username")).sendKeys("emma");
        driver.findElement(By.name("claims")).sendKeys("{\"email\": \"emma@chrispresso.example\"}");
        driver.findElement(By.cssSelector("input[type=submit]")).click();

        // back on the page, signed in: the caller log comes through the /oidc/ routes
        await(driver).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#log tbody tr[data-call-id='" + "local:" + callId + "']")));
        assertEquals(stack.url() + "/", driver.getCurrentUrl(), "the code and state are gone from the address bar");
        assertTrue(LOG.text().contains("GET /oidc/api/v1/cti/log -> 200"), "the page used the signed-in routes");
        assertFalse(LOG.text().contains("GET /api/v1/cti/log -> 200"), "and no token route");
        String stored = String.valueOf(script(driver, "return JSON.stringify(Object.assign({}, localStorage))"
                + " + JSON.stringify(Object.assign({}, sessionStorage)) + document.cookie"));
        assertFalse(stored.contains("eyJ"), "no token in localStorage, sessionStorage or cookies: " + stored);
        assertEquals("{}{\"callhook.oidc.active\":\"1\"}", stored, "only the flag that a reload signs in again");

        // sign out: at the provider, which sends the browser back to the page's sign-in
        driver.findElement(By.id("sign-out")).click();
        await(driver).until(d -> d.getCurrentUrl().startsWith(stack.url()) && d.findElement(By.id("sign-in"))
                .isDisplayed() && d.findElement(By.id("oidc-sign-in")).isDisplayed());
        assertTrue(driver.findElement(By.id("app")).getAttribute("hidden") != null, "the caller log is gone");
        assertTrue(LOG.text().contains("GET /api/v1/sign-in -> 200"));
        assertEquals("{}{}", String.valueOf(script(driver, "return JSON.stringify(Object.assign({}, localStorage))"
                + " + JSON.stringify(Object.assign({}, sessionStorage))")), "nothing left behind");
    }

    @Test
    void anIdTokenAboutToExpireIsRefreshedSilentlyWithTheRefreshToken() {
        // the provider's next token lives 30 s: less than the minute before expiry at which the page refreshes
        stack.oidc().server().enqueueCallback(new DefaultOAuth2TokenCallback(LocalOidcProvider.ISSUER_ID, "emma",
                "JWT", List.of(LocalOidcProvider.CLIENT_ID), Map.of("email", "emma@chrispresso.example"), 30));
        chromium = HeadlessChromium.start(1280, 900);
        ChromeDriver driver = chromium.driver();
        driver.get(stack.url() + "/");
        await(driver).until(ExpectedConditions.elementToBeClickable(By.id("oidc-sign-in"))).click();
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys("emma");
        driver.findElement(By.name("claims")).sendKeys("{\"email\": \"emma@chrispresso.example\"}");
        driver.findElement(By.cssSelector("input[type=submit]")).click();
        await(driver).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
        // the code's exchange, then a refresh before the first API request: more than one request to the token
        // endpoint, and the page stayed signed in without leaving (no second visit to the provider's login form)
        String tokenEndpoint = stack.oidc().issuer() + "/token";
        // (each refreshed token lives 30 s too, so the page may refresh again before each request)
        int tokenRequests = ((Number) script(driver, "return performance.getEntriesByType('resource')"
                + ".filter(e => e.name === '" + tokenEndpoint + "').length")).intValue();
        assertTrue(tokenRequests >= 2, "the first poll (data-loaded) came after a refresh: " + tokenRequests);
        assertEquals(stack.url() + "/", driver.getCurrentUrl());
        assertTrue(driver.findElement(By.id("app")).isDisplayed());
        assertFalse(LOG.text().contains("OidcAuthorizer refused"), "every request carried a valid token");
        assertFalse(LOG.text().matches("(?s).*/oidc/\\S+ -> [45][0-9][0-9].*"), "and named emma: " + LOG.text());
    }
}
