// End to end in a real browser: headless chromium (Selenium) opens the agent page's Reports view on an in-process
// local stack (template.yaml, ReportSupervisors naming one agent); calls are posted as webhooks over real HTTP and
// reach the reports through the real stream function.
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

class ReportsViewBrowserTest {

    private static final String WEBHOOK = "pbx-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String NOAH = "noah-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    private HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"a1\",\"login\":\"emma\",\"phones\":[\"+4930111\"],"
                + "\"organizationId\":\"1\",\"token\":\"" + EMMA + "\"},{\"id\":\"a2\",\"login\":\"noah\","
                + "\"phones\":[\"+4930222\"],\"organizationId\":\"1\",\"token\":\"" + NOAH + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(WEBHOOK)).withAgents(agents)
                .withParameters(Map.of("ReportSupervisors", "1/a1")), LOG.stream());
        // on line sales: one call noah answers, one the caller gives up
        String answered = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4930555\",\"to\":\"+4922100\",\"direction\":\"in\",\"callId\":\""
                + answered + "\",\"queue\":\"sales\"}");
        cti("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + answered
                + "\",\"answeringNumber\":\"+4930222\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + answered + "\",\"cause\":\"normalClearing\"}");
        String missed = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"+4930666\",\"to\":\"+4922100\",\"direction\":\"in\",\"callId\":\""
                + missed + "\",\"queue\":\"sales\"}");
        cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + missed + "\",\"cause\":\"cancel\"}");
        // the stream function works behind the webhooks: wait until both calls are in the reports
        TestStacks.eventually(stack, EMMA, "/api/v1/reports?line=sales", "both calls offered",
                answer -> ((Number) ((Map<?, ?>) ((List<?>) answer.get("rows")).get(0)).get("offered"))
                        .intValue() == 2);
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

    private static void cti(String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/api/v1/cti/"
                        + WEBHOOK)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private ChromeDriver openReports(String token) {
        chromium = HeadlessChromium.start(1280, 900);
        ChromeDriver driver = chromium.driver();
        driver.get(stack.url() + "/");
        WebElement field = await(driver).until(ExpectedConditions.elementToBeClickable(By.id("token")));
        field.sendKeys(token, Keys.ENTER);
        await(driver).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
        driver.findElement(By.cssSelector("#reports summary")).click();
        awaitLoaded(driver);
        return driver;
    }

    private static WebDriverWait await(ChromeDriver driver) {
        return new WebDriverWait(driver, PATIENCE);
    }

    private static void awaitLoaded(ChromeDriver driver) {
        await(driver).until(d -> "true".equals(d.findElement(By.id("reports")).getAttribute("data-loaded")));
    }

    /** The rows of the view's table, cell texts, read in one script (the view replaces its table when it loads). */
    @SuppressWarnings("unchecked")
    private static List<List<String>> rows(ChromeDriver driver) {
        return (List<List<String>>) driver.executeScript("return [...document.querySelectorAll("
                + "'#reports-output table tbody tr')].map(tr => [...tr.querySelectorAll('th, td')]"
                + ".map(c => c.textContent))");
    }

    @Test
    void aSupervisorSeesEachLinesServiceLevelAndAbandonedCallsAsChartAndTable() {
        ChromeDriver driver = openReports(EMMA);
        List<List<String>> rows = rows(driver);
        List<String> sales = rows.stream().filter(row -> row.get(1).equals("sales")).findFirst().orElseThrow(
                () -> new AssertionError("no row of line sales: " + rows));
        assertEquals("2", sales.get(2), "offered");
        assertEquals("1", sales.get(3), "answered");
        assertEquals("1", sales.get(6), "the caller who gave up at once abandoned short");
        assertEquals("100.0 %", sales.get(4), "service level: answered at once; the short abandon is left out");
        assertTrue(sales.get(0).matches("\\d\\d:00"), "an hour of today: " + sales.get(0));
        WebElement table = driver.findElement(By.cssSelector("#reports-output table"));
        assertEquals("Service level and abandoned calls per line", table.findElement(By.tagName("caption"))
                .getText());
        assertEquals(7, table.findElements(By.cssSelector("thead th[scope=col]")).size());
        WebElement chart = driver.findElement(By.cssSelector("#reports-output svg[role=img]"));
        assertTrue(chart.getAttribute("aria-label").startsWith("sales: service level: 2 offered"),
                chart.getAttribute("aria-label"));

        // clicking a choice loads the view again: data-loaded goes away at once and comes back with the new table
        driver.findElement(By.cssSelector("input[name=report-period][value=days]")).click();
        awaitLoaded(driver);
        List<List<String>> days = rows(driver);
        assertTrue(days.stream().anyMatch(row -> row.get(0).matches("\\d{4}-\\d\\d-\\d\\d")
                && row.get(1).equals("sales") && row.get(2).equals("2")), days.toString());
        driver.findElement(By.cssSelector("input[name=report-per][value=agent]")).click();
        awaitLoaded(driver);
        List<List<String>> agents = rows(driver);
        assertTrue(agents.stream().anyMatch(row -> row.get(1).equals("+4930222") && row.get(2).equals("1")),
                agents.toString());
    }

    @Test
    void anAgentWithoutTheSupervisorRoleSeesTheirOwnFiguresOnly() {
        ChromeDriver driver = openReports(NOAH);
        assertTrue(driver.findElement(By.id("reports-output")).getText()
                .contains("Line reports are for supervisors; these are your own figures."));
        List<List<String>> rows = rows(driver);
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("a2", rows.get(0).get(1));
        assertEquals("1", rows.get(0).get(2), "the call noah answered");
    }
}
