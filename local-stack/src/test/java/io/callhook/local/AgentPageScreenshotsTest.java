// End to end in a real browser: a local stack filled with two weeks of Bandwidth v2 calls (real HTTP), the agent
// page in headless chromium, and PNG screenshots of its main views in target/agent-page-screenshots (the README's
// docs/web-*.png are copies of them).
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

class AgentPageScreenshotsTest {

    static final Path SCREENSHOTS = Path.of("target", "agent-page-screenshots");
    private static final String WEBHOOK = "pbx-" + UUID.randomUUID();
    private static final String AGENT = "agent-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final String SUPPORT = "+4930500100";
    private static final String SALES = "+4930500200";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"a1\",\"login\":\"emma\",\"name\":\"Emma Taylor\","
                + "\"organizationId\":\"1\",\"token\":\"" + AGENT + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(WEBHOOK)).withAgents(agents)
                .withAdminToken(OPERATOR).withParameters(Map.of("ConfigCacheSeconds", "0")), LOG.stream());
        // an organization in Berlin with a few customers in its directory
        assertEquals(200, send("PUT", "/api/v1/admin/organizations/1/settings", OPERATOR, "application/json",
                "{\"timeZone\": \"" + ZONE.getId() + "\", \"defaultRegion\": \"DE\"}").statusCode());
        HttpResponse<String> imported = send("POST", "/api/v1/admin/organizations/1/contacts/import", OPERATOR,
                "text/csv", "number,name,company,link\n"
                        + "+49 30 123456,Lena Fischer,Fischer Bau GmbH,https://crm.example.com/contacts/4711\n"
                        + "+49 89 555123,Jonas Weber,,https://crm.example.com/contacts/4712\n"
                        + "+49 40 777888,Mia Schulz,Nordlicht GmbH,\n"
                        + "+49 6121 1010,Paul Wagner,Wagner & Sohn,\n");
        assertEquals(200, imported.statusCode(), imported.body());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> post(String path, String token, String json) throws Exception {
        return send("POST", path, token, "application/json", json);
    }

    private static HttpResponse<String> send(String method, String path, String token, String type, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path))
                .header("content-type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Bandwidth v2 disconnect: answered after {@code waitSeconds} unless {@code talkSeconds} is negative. */
    private static String call(String direction, String from, String to, Instant start, int waitSeconds,
                               int talkSeconds, String cause) throws Exception {
        String callId = "c-" + UUID.randomUUID();
        Instant answered = start.plusSeconds(waitSeconds);
        Instant end = talkSeconds < 0 ? answered : answered.plusSeconds(talkSeconds);
        String body = "{\"eventType\":\"disconnect\",\"eventTime\":\"" + end + "\",\"accountId\":\"55555555\","
                + "\"applicationId\":\"7fc9698a\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"direction\":\""
                + direction + "\",\"callId\":\"" + callId + "\",\"startTime\":\"" + start + "\","
                + (talkSeconds < 0 ? "" : "\"answerTime\":\"" + answered + "\",") + "\"endTime\":\"" + end
                + "\",\"cause\":\"" + cause + "\"}";
        HttpResponse<String> response = post("/api/v1/bandwidth/" + WEBHOOK, null, body);
        assertEquals(200, response.statusCode(), response.body());
        return "local:" + callId;
    }

    @Test
    void screenshotsOfTheMainViews() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int[] supportMissed = {2, 0, 1, 3, 0, 0, 1, 4, 2, 0, 1, 2, 0};
        int[] salesMissed = {0, 1, 0, 0, 2, 0, 0, 1, 0, 1, 0, 0, 1};
        for (int day = 0; day < supportMissed.length; day++) {
            Instant noon = now.minus(13 - day, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plusSeconds(10 * 3600);
            for (int i = 0; i < supportMissed[day]; i++) {
                call("inbound", "+4915112345" + day + i, SUPPORT, noon.plusSeconds(i * 1800L), 40, -1, "cancel");
            }
            for (int i = 0; i < salesMissed[day]; i++) {
                call("inbound", "+4917698765" + day + i, SALES, noon.plusSeconds(i * 2400L), 25, -1, "timeout");
            }
        }
        // today's calls, all on the organization's today even just after its midnight
        Instant midnight = LocalDate.now(ZONE).atStartOfDay(ZONE).toInstant();
        Instant recent = now.minusSeconds(3900).isBefore(midnight) ? midnight : now.minusSeconds(3900);
        call("inbound", "+4930123456", SUPPORT, recent, 12, 385, "hangup");
        String done = call("inbound", "+4989555123", SALES, recent.plusSeconds(900), 31, -1, "cancel");
        call("outbound", SALES, "+4922100999", recent.plusSeconds(1500), 9, 642, "hangup");
        call("inbound", "+4940777888", SUPPORT, recent.plusSeconds(2400), 48, -1, "timeout");
        call("inbound", "+4921133221", SUPPORT, recent.plusSeconds(3000), 7, 214, "hangup");
        call("inbound", "+4961211010", SALES, recent.plusSeconds(3480), 18, -1, "busy");
        call("inbound", "+4935155555", SUPPORT, recent.plusSeconds(3780), 5, 96, "hangup");
        assertEquals(200, post("/api/v1/cti/done/" + done, AGENT, "{\"done\":true}").statusCode());
        // a customer calling emma right now: the screen pop
        assertEquals(200, post("/api/v1/cti/" + WEBHOOK, null, "{\"event\":\"newCall\",\"from\":\"+4930123456\","
                + "\"to\":\"" + SUPPORT + "\",\"direction\":\"in\",\"callId\":\"" + UUID.randomUUID()
                + "\",\"queue\":\"" + SUPPORT + "\",\"user\":[\"emma\"]}").statusCode());

        Files.createDirectories(SCREENSHOTS);
        try (HeadlessChromium chromium = HeadlessChromium.start(1366, 1000)) {
            ChromeDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(stack.url() + "/");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
            save(driver, "web-sign-in.png");
            driver.findElement(By.id("token")).sendKeys(AGENT, Keys.ENTER);
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#charts figure[data-line='" + SALES + "']")));
            wait.until(d -> d.findElements(By.cssSelector("#worklist li")).size() == 25);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#pop .pop-callback"),
                    "callback"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("clock"), ZONE.getId()));
            // claim the callback of one caller: the screenshot shows an item the agent holds
            driver.findElement(By.cssSelector("#worklist li[data-calls~='" + done + "'] button.claim")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#worklist li[data-calls~='" + done + "'].is-mine")));
            assertEquals("1", driver.findElement(By.cssSelector("#charts figure[data-line='" + SUPPORT + "']"))
                    .getAttribute("data-today"));
            assertEquals("2", driver.findElement(By.cssSelector("#charts figure[data-line='" + SALES + "']"))
                    .getAttribute("data-today"));
            driver.findElements(By.cssSelector("#log tbody tr")).get(1).click();
            save(driver, "web-caller-log.png");

            new Select(driver.findElement(By.id("line"))).selectByValue(SUPPORT);
            wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return [...document"
                    + ".querySelectorAll('#log tbody tr')].every(r => r.dataset.line === arguments[0]);", SUPPORT)));
            // chosen in the page (headless chromium may leave the select's popup catching the next click)
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();",
                    driver.findElement(By.cssSelector("input[name=show][value=open]")));
            wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return [...document"
                    + ".querySelectorAll('#log tbody tr')].every(r => r.dataset.line === arguments[0]"
                    + " && r.classList.contains('missed') && !r.classList.contains('is-done'));", SUPPORT)));
            wait.until(d -> d.findElements(By.cssSelector("#charts figure")).size() == 1);
            save(driver, "web-open-missed-calls.png");

            driver.manage().window().setSize(new Dimension(390, 844));
            wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return window.innerWidth;"))
                    .intValue() <= 400);
            save(driver, "web-phone.png");

            driver.manage().window().setSize(new Dimension(1366, 1000));
            wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return window.innerWidth;"))
                    .intValue() > 1300);
            // dark mode, all lines again (a reload keeps the session: the token is in sessionStorage)
            Axe.colorScheme(driver, "dark");
            driver.navigate().refresh();
            wait.until(d -> d.findElements(By.cssSelector("#charts figure")).size() == 2
                    && d.findElements(By.cssSelector("#worklist li")).size() == 25);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pop")));
            save(driver, "web-dark.png");
        }
        for (String name : List.of("web-sign-in.png", "web-caller-log.png", "web-open-missed-calls.png",
                "web-phone.png", "web-dark.png")) {
            byte[] png = Files.readAllBytes(SCREENSHOTS.resolve(name));
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', name);
        }
    }

    private static void save(ChromeDriver driver, String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
