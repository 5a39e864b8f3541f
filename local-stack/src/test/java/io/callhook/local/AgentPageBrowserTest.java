// End to end in a real browser: headless chromium (Selenium) on the agent page an in-process local stack serves,
// with webhooks posted over real HTTP and the caller-log API checked over real HTTP.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.json.Json;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.testing.CapturedLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

class AgentPageBrowserTest {

    private static final String WEBHOOK = "pbx-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String LEAVER = "leaver-" + UUID.randomUUID();
    private static final String OLGA = "olga-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** How long a condition may take before the test fails; the page polls every 2.5 s. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    private HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        stack = TestStacks.withAgents(dir, WEBHOOK,
                "[{\"id\":\"a1\",\"login\":\"emma\",\"phones\":[\"+4930111\"],\"organizationId\":\"1\","
                + "\"token\":\"" + EMMA + "\"},{\"id\":\"a9\",\"login\":\"leaver\",\"organizationId\":\"1\","
                + "\"token\":\"" + LEAVER + "\"},{\"id\":\"a8\",\"login\":\"olga\",\"organizationId\":\"1\","
                + "\"token\":\"" + OLGA + "\"}]", LOG);
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

    private ChromeDriver open(int width, int height) {
        chromium = HeadlessChromium.start(width, height);
        ChromeDriver driver = chromium.driver();
        driver.get(stack.url() + "/");
        return driver;
    }

    private static WebDriverWait await(ChromeDriver driver) {
        return new WebDriverWait(driver, PATIENCE);
    }

    /** Signs in with the keyboard (type the token, Enter) and waits for the first poll to have rendered. */
    private static void signIn(ChromeDriver driver, String token) {
        WebElement field = await(driver).until(ExpectedConditions.elementToBeClickable(By.id("token")));
        field.sendKeys(token, Keys.ENTER);
        await(driver).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
    }

    private static By row(String callId) {
        return By.cssSelector("#log tbody tr[data-call-id='" + callId + "']");
    }

    private static WebElement awaitRow(ChromeDriver driver, String callId) {
        return await(driver).until(ExpectedConditions.visibilityOfElementLocated(row(callId)));
    }

    private static Object script(WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void cti(String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/api/v1/cti/"
                        + WEBHOOK)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    /** An inbound call on {@code line} that rang and was given up by the caller: missed; its agent-facing id. */
    static String missedCall(String from, String line) throws Exception {
        String callId = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"" + from + "\",\"to\":\"4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"hangup\",\"callId\":\"" + callId + "\",\"direction\":\"in\",\"cause\":\"cancel\"}");
        return "local:" + callId;
    }

    /** An inbound call on {@code line} that emma answered and that ended normally; its agent-facing id. */
    static String answeredCall(String from, String line) throws Exception {
        return answeredCall(from, line, "emma");
    }

    /** An inbound call on {@code line} answered under {@code answeringNumber}, ended normally; its agent-facing id. */
    static String answeredCall(String from, String line, String answeringNumber) throws Exception {
        String callId = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"" + from + "\",\"to\":\"4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"answer\",\"callId\":\"" + callId + "\",\"direction\":\"in\",\"answeringNumber\":\""
                + answeringNumber + "\"}");
        cti("{\"event\":\"hangup\",\"callId\":\"" + callId + "\",\"direction\":\"in\","
                + "\"cause\":\"normalClearing\"}");
        return "local:" + callId;
    }

    private static Map<String, Object> logEntry(String callId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url()
                        + "/api/v1/cti/log?limit=300")).header("authorization", "Bearer " + EMMA).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        List<?> entries = (List<?>) Json.parseObject(response.body()).get("entries");
        return entries.stream().map(e -> LocalJson.cast((Map<?, ?>) e))
                .filter(e -> callId.equals(e.get("callId"))).findFirst()
                .orElseThrow(() -> new AssertionError(callId + " is not in the caller log"));
    }

    private static List<String> cspViolations(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy")).toList();
    }

    @Test
    void aCallPostedToTheWebhookAppearsWithoutReloadAndTheTokenStaysOutOfUrlsAndLogs() throws Exception {
        ChromeDriver driver = open(1280, 900);
        try (CapturedLog functionLog = CapturedLog.start()) {
            signIn(driver, EMMA);
            script(driver, "window.sameDocument = 'yes';");
            newCallAppears(driver);
            assertFalse(functionLog.text().contains(EMMA), "the agent token is in a function's log");
            assertTrue(functionLog.text().contains("GET /api/v1/cti/log"), "no log of the page's requests seen");
        }
    }

    private static void newCallAppears(ChromeDriver driver) throws Exception {
        String line = "live-" + UUID.randomUUID().toString().substring(0, 8);
        String callId = missedCall("4922100777", line);
        WebElement row = awaitRow(driver, callId);

        assertEquals("yes", script(driver, "return window.sameDocument;"), "the page was reloaded");
        // no contact for it: the number as the API formats it (the organization's region, DE), a tel: link in E.164
        WebElement tel = row.findElement(By.cssSelector("td[data-label=From] a.tel"));
        assertEquals("tel:+4922100777", tel.getAttribute("href"));
        assertEquals("0221 00777", tel.getText());
        assertEquals("Call 0221 00777", tel.getAccessibleName());
        assertEquals(line, row.findElement(By.cssSelector("td[data-label=Line]")).getText());
        // the caller hung up at once: the API's miss reason abandoned_short, in words
        assertEquals("Hung up quickly", row.findElement(By.cssSelector("td[data-label=Missed]")).getText());
        // the button says which call it marks
        String name = row.findElement(By.cssSelector("button.done")).getAccessibleName();
        assertTrue(name.matches("Mark call from 0221 00777 at \\d{1,2}:\\d{2}\\W[AP]M done"), name);
        // the missed-call function reads the table's stream: the worklist and the line's chart follow
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#worklist li[data-calls~='" + callId + "']")));
        WebElement chart = await(driver).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#charts figure[data-line='" + line + "']")));
        assertEquals("1", chart.getAttribute("data-today"));
        assertEquals(14, chart.findElements(By.cssSelector("rect")).size());

        assertEquals(EMMA, script(driver, "return sessionStorage.getItem('callhook.agentToken');"));
        assertFalse(driver.getCurrentUrl().contains(EMMA), driver.getCurrentUrl());
        assertFalse(LOG.text().contains(EMMA), "the agent token is in the local stack's log");
        assertEquals(List.of(), cspViolations(driver));
    }

    @Test
    void markingACallDoneByClickOrKeyboardSetsItsFlagThroughTheApi() throws Exception {
        ChromeDriver driver = open(1280, 900);
        String first = missedCall("4922100101", "done-line");
        String second = missedCall("4922100102", "done-line");
        signIn(driver, EMMA);

        WebElement button = awaitRow(driver, first).findElement(By.cssSelector("button.done"));
        button.click();
        await(driver).until(ExpectedConditions.attributeToBe(row(first), "data-done", "true"));
        assertTrue(button.getAccessibleName().startsWith("Done: reopen call from 0221 00101"),
                button.getAccessibleName());
        assertEquals(true, logEntry(first).get("done"));

        // keyboard: select the row, then "d"
        WebElement row = awaitRow(driver, second);
        row.click();
        await(driver).until(ExpectedConditions.attributeToBe(row, "aria-current", "true"));
        driver.switchTo().activeElement().sendKeys("d");
        await(driver).until(ExpectedConditions.attributeToBe(row(second), "data-done", "true"));
        assertEquals(true, logEntry(second).get("done"));

        // and back: pressing Done again reopens the call
        button.click();
        await(driver).until(ExpectedConditions.attributeToBe(row(first), "data-done", "false"));
        assertEquals(false, logEntry(first).get("done"));
    }

    @Test
    void theLineFilterShowsOnlyThatLineAndMissedAndOpenNarrowItFurther() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String sales = "sales-" + suffix;
        String support = "support-" + suffix;
        String salesMissed = missedCall("4922100201", sales);
        String salesAnswered = answeredCall("4922100202", sales);
        String salesDone = missedCall("4922100203", sales);
        String supportMissed = missedCall("4922100204", support);
        ChromeDriver driver = open(1280, 900);
        signIn(driver, EMMA);
        awaitRow(driver, supportMissed).findElement(By.cssSelector("button.done"));
        WebElement doneButton = awaitRow(driver, salesDone).findElement(By.cssSelector("button.done"));
        doneButton.click();
        await(driver).until(ExpectedConditions.attributeToBe(row(salesDone), "data-done", "true"));

        new Select(driver.findElement(By.id("line"))).selectByValue(sales);
        await(driver).until(ExpectedConditions.invisibilityOfElementLocated(row(supportMissed)));
        List<String> lines = driver.findElements(By.cssSelector("#log tbody tr")).stream()
                .map(r -> r.getAttribute("data-line")).distinct().toList();
        assertEquals(List.of(sales), lines);
        awaitRow(driver, salesMissed);
        awaitRow(driver, salesAnswered);

        driver.findElement(By.cssSelector("input[name=show][value=missed]")).click();
        await(driver).until(ExpectedConditions.invisibilityOfElementLocated(row(salesAnswered)));
        awaitRow(driver, salesDone);
        awaitRow(driver, salesMissed);

        driver.findElement(By.cssSelector("input[name=show][value=open]")).click();
        await(driver).until(ExpectedConditions.invisibilityOfElementLocated(row(salesDone)));
        assertEquals(1, driver.findElements(By.cssSelector("#log tbody tr")).size());
        awaitRow(driver, salesMissed);
    }

    @Test
    void mineShowsTheCallsAnsweredUnderTheAgentsIdentitiesAndPollsAskIfNoneMatch() throws Exception {
        String line = "mine-" + UUID.randomUUID().toString().substring(0, 8);
        String byLogin = answeredCall("4922100501", line, "emma");
        String byPhone = answeredCall("4922100502", line, "+4930111");
        String byOther = answeredCall("4922100503", line, "+4930999");
        String missed = missedCall("4922100504", line);
        ChromeDriver driver = open(1280, 900);
        signIn(driver, EMMA);
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        awaitRow(driver, byOther);
        awaitRow(driver, missed);

        driver.findElement(By.cssSelector("input[name=show][value=mine]")).click();
        await(driver).until(ExpectedConditions.invisibilityOfElementLocated(row(byOther)));
        await(driver).until(ExpectedConditions.invisibilityOfElementLocated(row(missed)));
        List<String> shown = driver.findElements(By.cssSelector("#log tbody tr")).stream()
                .map(r -> r.getAttribute("data-call-id")).sorted().toList();
        assertEquals(List.of(byLogin, byPhone).stream().sorted().toList(), shown);

        // nothing changed between polls: the API answers 304 to the page's If-None-Match, and the page keeps its rows
        await(driver).until(d -> ((Number) script(d, "return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/v1/cti/log') && e.responseStatus === 304).length;"))
                .intValue() > 0);
        assertEquals(shown, driver.findElements(By.cssSelector("#log tbody tr")).stream()
                .map(r -> r.getAttribute("data-call-id")).sorted().toList());
    }

    private static HttpResponse<String> agentRequest(String token, String method, String path, String json)
            throws Exception {
        return TestStacks.send(stack, method, path, token, json);
    }

    /** The open callback items of {@code line}, over the API, by caller number. */
    private static Map<String, Map<String, Object>> callbackItems(String line) throws Exception {
        HttpResponse<String> response = agentRequest(EMMA, "GET", "/api/v1/callbacks?line=" + line, null);
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Map<String, Object>> byNumber = new java.util.HashMap<>();
        for (Object item : (List<?>) Json.parseObject(response.body()).get("items")) {
            Map<String, Object> fields = LocalJson.cast((Map<?, ?>) item);
            byNumber.put(String.valueOf(fields.get("number")), fields);
        }
        return byNumber;
    }

    @Test
    void callbacksAreClaimedReleasedAndClosedFromTheWorklistAndAnotherAgentsClaimShows() throws Exception {
        String line = "cb-" + UUID.randomUUID().toString().substring(0, 8);
        String first = missedCall("4922100601", line);
        missedCall("4922100601", line);
        String second = missedCall("4922100602", line);
        String third = missedCall("4922100603", line);
        ChromeDriver driver = open(1280, 900);
        signIn(driver, EMMA);
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        By firstItem = By.cssSelector("#worklist li[data-calls~='" + first + "']");
        WebElement item = await(driver).until(ExpectedConditions.visibilityOfElementLocated(firstItem));
        assertTrue(item.getText().contains("2 missed calls"), item.getText());
        assertEquals(3, driver.findElements(By.cssSelector("#worklist li")).size());

        // claim: the item is emma's, over the API too; release gives it back
        item.findElement(By.cssSelector("button.claim")).click();
        await(driver).until(ExpectedConditions.attributeToBe(firstItem, "data-claimed-by", "a1"));
        assertTrue(driver.findElement(firstItem).findElement(By.cssSelector("button.claim")).getAccessibleName()
                .startsWith("Release callback to 0221 00601"));
        assertEquals("a1", callbackItems(line).get("+4922100601").get("claimedBy"));
        driver.findElement(firstItem).findElement(By.cssSelector("button.claim")).click();
        await(driver).until(ExpectedConditions.attributeToBe(firstItem, "data-claimed-by", ""));
        assertNull(callbackItems(line).get("+4922100601").get("claimedBy"));

        // another agent holds the second one: the page says so and offers no claim
        String otherId = (String) callbackItems(line).get("+4922100602").get("itemId");
        HttpResponse<String> claimed = agentRequest(OLGA, "POST", "/api/v1/callbacks/"
                + java.net.URLEncoder.encode(otherId, java.nio.charset.StandardCharsets.UTF_8) + "/claim", null);
        assertEquals(200, claimed.statusCode(), claimed.body());
        By secondItem = By.cssSelector("#worklist li[data-calls~='" + second + "']");
        await(driver).until(ExpectedConditions.attributeToBe(secondItem, "data-claimed-by", "a8"));
        // another agent by name (olga has none in the agents file: her login)
        assertTrue(driver.findElement(secondItem).getText().contains("claimed by olga"));
        assertFalse(driver.findElement(secondItem).findElement(By.cssSelector("button.claim")).isEnabled());

        // close the third as a wrong number: it leaves the worklist, and the API has the reason
        By thirdItem = By.cssSelector("#worklist li[data-calls~='" + third + "']");
        String thirdId = driver.findElement(thirdItem).getAttribute("data-item-id");
        new Select(driver.findElement(thirdItem).findElement(By.cssSelector("select.close-reason")))
                .selectByValue("wrong_number");
        driver.findElement(thirdItem).findElement(By.cssSelector("button.close")).click();
        await(driver).until(ExpectedConditions.invisibilityOfElementLocated(thirdItem));
        HttpResponse<String> closed = agentRequest(EMMA, "GET", "/api/v1/callbacks/"
                + java.net.URLEncoder.encode(thirdId, java.nio.charset.StandardCharsets.UTF_8), null);
        assertEquals(200, closed.statusCode(), closed.body());
        Map<String, Object> closure = LocalJson.cast((Map<?, ?>) Json.parseObject(closed.body()).get("closure"));
        assertEquals("wrong_number", closure.get("reason"));
        assertEquals("a1", closure.get("agent"));
        assertEquals(List.of(), cspViolations(driver));
    }

    @Test
    void selectionFocusAndScrollPositionSurviveALiveUpdate() throws Exception {
        String line = "scroll-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 24; i++) {
            answeredCall("49221003" + String.format("%02d", i), line);
        }
        ChromeDriver driver = open(1100, 700);
        signIn(driver, EMMA);
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        await(driver).until(d -> d.findElements(By.cssSelector("#log tbody tr[data-line='" + line + "']")).size()
                == 24 && d.findElements(By.cssSelector("#log tbody tr")).size() == 24);
        WebElement chosen = driver.findElements(By.cssSelector("#log tbody tr")).get(15);
        String chosenId = chosen.getAttribute("data-call-id");
        script(driver, "arguments[0].scrollIntoView({block: 'center'});", chosen);
        chosen.click();
        await(driver).until(ExpectedConditions.attributeToBe(chosen, "aria-current", "true"));
        long scrolled = ((Number) script(driver, "return Math.round(window.scrollY);")).longValue();
        double top = ((Number) script(driver, "return arguments[0].getBoundingClientRect().top;", chosen))
                .doubleValue();
        double rowHeight = ((Number) script(driver, "return arguments[0].getBoundingClientRect().height;", chosen))
                .doubleValue();
        assertTrue(scrolled > 0, "the test needs a scrolled page");

        String fresh = answeredCall("4922100399", line);
        awaitRow(driver, fresh);

        assertEquals("true", chosen.getAttribute("aria-current"));
        assertEquals(chosenId, script(driver, "return document.activeElement.dataset.callId;"));
        // a row inserted above would push it down by a whole row; sub-pixel layout may round by a pixel
        double moved = ((Number) script(driver, "return arguments[0].getBoundingClientRect().top;", chosen))
                .doubleValue() - top;
        assertTrue(Math.abs(moved) < rowHeight / 2, "the selected call moved on screen by " + moved + " px");
        // keyboard navigation goes on from the same row
        driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        await(driver).until(d -> chosen.getAttribute("aria-current") == null);
        assertEquals(driver.findElements(By.cssSelector("#log tbody tr")).get(17).getAttribute("data-call-id"),
                script(driver, "return document.activeElement.dataset.callId;"));
    }

    @Test
    void aRefusedTokenReturnsToTheSignIn() throws Exception {
        ChromeDriver driver = open(1280, 900);
        driver.findElement(By.id("token")).sendKeys("not-" + EMMA, Keys.ENTER);
        WebElement error = await(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-error")));
        await(driver).until(ExpectedConditions.textToBePresentInElement(error, "That token was not accepted"));
        assertNull(script(driver, "return sessionStorage.getItem('callhook.agentToken');"));
        assertFalse(driver.findElement(By.id("app")).isDisplayed());

        // a session that ends while the page is open: the agent is removed, the next poll answers 401
        signIn(driver, LEAVER);
        assertTrue(driver.findElement(By.id("app")).isDisplayed());
        assertTrue(new DynamoAgentDirectory(AwsClients.dynamoDb(Environment.of(Map.of(AwsClients.DYNAMODB_ENDPOINT,
                stack.dynamoDbEndpoint()))), "AgentsTable").remove("a9"));
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        await(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"),
                "session has ended"));
        assertFalse(driver.findElement(By.id("app")).isDisplayed());
        assertNull(script(driver, "return sessionStorage.getItem('callhook.agentToken');"));
        assertEquals(0, driver.findElements(By.cssSelector("#log tbody tr")).size(), "calls still shown");
    }

    private static void assertAccessible(ChromeDriver driver, String view) {
        Axe.assertAccessible(driver, view);
    }

    @Test
    void everyViewPassesAxeInLightAndDarkMode() throws Exception {
        String line = "axe-" + UUID.randomUUID().toString().substring(0, 8);
        String missed = missedCall("4922100801", line);
        answeredCall("4922100802", line);
        ChromeDriver driver = open(1280, 900);
        await(driver).until(ExpectedConditions.elementToBeClickable(By.id("token")));
        assertAccessible(driver, "the sign-in");
        driver.findElement(By.id("token")).sendKeys("not-" + EMMA, Keys.ENTER);
        await(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"), "token"));
        assertAccessible(driver, "the sign-in with an error");

        signIn(driver, EMMA);
        awaitRow(driver, missed);
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#worklist li[data-calls~='" + missed + "']")));
        await(driver).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#charts figure[data-line='" + line + "']")));
        awaitRow(driver, missed).click();
        assertAccessible(driver, "the caller log, callbacks and charts");

        driver.findElement(By.cssSelector("input[name=show][value=open]")).click();
        assertAccessible(driver, "the open calls");

        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        await(driver).until(d -> ((Number) script(d, "return window.innerWidth;")).intValue() <= 400);
        assertAccessible(driver, "the phone layout");

        // the check is not vacuous: a button without a name is found
        script(driver, "document.querySelector('main').append(document.createElement('button'));");
        assertTrue(Axe.violations(driver).stream().anyMatch(v -> v.startsWith("button-name")),
                "axe did not report a button without a name");
    }

    @Test
    void signingOutForgetsTheToken() {
        ChromeDriver driver = open(1280, 900);
        signIn(driver, EMMA);
        driver.findElement(By.id("sign-out")).click();
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        assertNull(script(driver, "return sessionStorage.getItem('callhook.agentToken');"));
        driver.navigate().refresh();
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertFalse(driver.findElement(By.id("app")).isDisplayed());
    }
}
