// End to end in a real browser (issue 24): the agent page's honest state, screen pop, missed-call notices, paging and
// bulk done, accessibility of its live regions and keyboard path. Headless chromium (Selenium) on the page an
// in-process local stack serves, calls posted to the CTI webhook over real HTTP, results checked over the API.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.json.Json;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

class AgentPageDeskTest {

    private static final String WEBHOOK = "pbx-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String OLGA = "olga-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** How long a condition may take before the test fails; the page polls every 2.5 s (more after errors). */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** The screen pop's promise: a call ringing for the agent shows within 2 s. */
    private static final Duration POP = Duration.ofSeconds(2);

    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    private HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"a1\",\"login\":\"emma\",\"name\":\"Emma Taylor\","
                + "\"phones\":[\"+4930111\"],\"organizationId\":\"1\",\"token\":\"" + EMMA + "\"},"
                + "{\"id\":\"a8\",\"login\":\"olga\",\"name\":\"Olga Berg\",\"organizationId\":\"1\","
                + "\"token\":\"" + OLGA + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(WEBHOOK)).withAgents(agents)
                .withAdminToken(OPERATOR).withParameters(Map.of("ConfigCacheSeconds", "0")), LOG.stream());
        // the organization's directory: the page shows these names beside the numbers
        HttpResponse<String> imported = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url()
                        + "/api/v1/admin/organizations/1/contacts/import"))
                .header("content-type", "text/csv").header("authorization", "Bearer " + OPERATOR)
                .POST(HttpRequest.BodyPublishers.ofString("number,name,company,link\n"
                        + "+49 221 00941,Anna Schmidt,ACME GmbH,https://crm.example.com/c/941\n"
                        + "+49 221 00921,Ben Becker,,\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, imported.statusCode(), imported.body());
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

    private ChromeDriver open() {
        chromium = HeadlessChromium.start(1280, 900);
        ChromeDriver driver = chromium.driver();
        driver.get(stack.url() + "/");
        return driver;
    }

    /** How long the stream function may take for a few hundred calls on a loaded machine (the local stack's). */
    private static final Duration STREAM_PATIENCE = Duration.ofMinutes(3);

    /** How many open callback items the API lists for {@code line}, all pages. */
    private static int worklistSize(String line) {
        int total = 0;
        String token = null;
        try {
            do {
                HttpResponse<String> page = api(EMMA, "GET", "/api/v1/callbacks?limit=100&line=" + line
                        + (token == null ? "" : "&nextToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
                assertEquals(200, page.statusCode(), page.body());
                Map<String, Object> body = Json.parseObject(page.body());
                total += ((List<?>) body.get("items")).size();
                token = (String) body.get("nextToken");
            } while (token != null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return total;
    }

    private static WebDriverWait await(WebDriver driver) {
        return new WebDriverWait(driver, PATIENCE);
    }

    private static Object script(WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void signIn(ChromeDriver driver, String token) {
        WebElement field = await(driver).until(ExpectedConditions.elementToBeClickable(By.id("token")));
        field.sendKeys(token, Keys.ENTER);
        await(driver).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
    }

    private static By row(String callId) {
        return By.cssSelector("#log tbody tr[data-call-id='" + callId + "']");
    }

    private static By item(String callId) {
        return By.cssSelector("#worklist li[data-calls~='" + callId + "']");
    }

    private static String line(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void cti(String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/api/v1/cti/"
                        + WEBHOOK)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    /** An inbound call on {@code line} that rings {@code user} and is not answered yet; its raw call id. */
    private static String ringing(String from, String line, String user) throws Exception {
        String callId = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"" + from + "\",\"to\":\"4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\",\"queue\":\"" + line + "\",\"user\":[\"" + user + "\"]}");
        return callId;
    }

    /** An inbound call the caller gave up: missed; its agent-facing id. */
    private static String missedCall(String from, String line) throws Exception {
        String callId = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"" + from + "\",\"to\":\"4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"hangup\",\"callId\":\"" + callId + "\",\"direction\":\"in\",\"cause\":\"cancel\"}");
        return "local:" + callId;
    }

    private static HttpResponse<String> api(String token, String method, String path) throws Exception {
        return TestStacks.send(stack, method, path, token, null);
    }

    /** Every caller-log entry of {@code line} over the API (all pages), by call id. */
    private static Map<String, Map<String, Object>> logOf(String line) throws Exception {
        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        String next = null;
        do {
            HttpResponse<String> response = api(EMMA, "GET", "/api/v1/cti/log?limit=300&queue=" + line
                    + (next == null ? "" : "&nextToken=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
            assertEquals(200, response.statusCode(), response.body());
            Map<String, Object> page = Json.parseObject(response.body());
            for (Object e : (List<?>) page.get("entries")) {
                Map<String, Object> entry = LocalJson.cast((Map<?, ?>) e);
                byId.put((String) entry.get("callId"), entry);
            }
            next = (String) page.get("nextToken");
        } while (next != null);
        return byId;
    }

    /** Makes the page believe its tab is hidden (or shown again), as the browser's visibilitychange says. */
    private static void tabHidden(WebDriver driver, boolean hidden) {
        script(driver, "Object.defineProperty(document, 'hidden', {value: arguments[0], configurable: true});"
                + "Object.defineProperty(document, 'visibilityState', {value: arguments[0] ? 'hidden' : 'visible',"
                + " configurable: true}); document.dispatchEvent(new Event('visibilitychange'));", hidden);
    }

    private static void offline(ChromeDriver driver, boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    @Test
    void aClaimConflictStaysUntilDismissedWhilePollsGoOn() throws Exception {
        String line = line("conflict");
        String missed = missedCall("4922100901", line);
        ChromeDriver driver = open();
        signIn(driver, EMMA);
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        WebElement claim = await(driver).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#worklist li[data-calls~='" + missed + "'] button.claim")));

        // the tab is hidden: the page stops asking, so it cannot know that olga claims the item meanwhile
        tabHidden(driver, true);
        String itemId = driver.findElement(item(missed)).getAttribute("data-item-id");
        HttpResponse<String> claimed = api(OLGA, "POST", "/api/v1/callbacks/"
                + URLEncoder.encode(itemId, StandardCharsets.UTF_8) + "/claim");
        assertEquals(200, claimed.statusCode(), claimed.body());
        claim.click();
        WebElement message = await(driver).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#message p.error")));
        // the number as the API formats it in the organization's region (DE), the holder by name
        assertEquals("Could not claim the callback to 0221 00901: it is claimed by Olga Berg.", message.getText());
        assertEquals("alert", message.getAttribute("role"));
        Axe.assertAccessible(driver, "an error message");
        tabHidden(driver, false);
        // polls go on and show olga's claim; the message stays, and the connection line (no live region) updates
        await(driver).until(ExpectedConditions.attributeToBe(item(missed), "data-claimed-by", "a8"));
        String updated = driver.findElement(By.id("connection")).getText();
        await(driver).until(d -> !d.findElement(By.id("connection")).getText().equals(updated));
        assertEquals(message.getText(), driver.findElement(By.cssSelector("#message p.error")).getText());
        assertFalse(driver.findElement(item(missed)).findElement(By.cssSelector("button.claim")).isEnabled());

        driver.findElement(By.cssSelector("#message button.dismiss")).click();
        await(driver).until(d -> d.findElements(By.cssSelector("#message p")).isEmpty());
    }

    @Test
    void whileTheApiIsUnreachableTheDataIsMarkedStaleAndItsButtonsAreOff() throws Exception {
        String line = line("stale");
        String missed = missedCall("4922100911", line);
        ChromeDriver driver = open();
        signIn(driver, EMMA);
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        WebElement done = await(driver).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#log tbody tr[data-call-id='" + missed + "'] button.done")));
        await(driver).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#worklist li[data-calls~='" + missed + "'] button.claim")));
        String enabledBorder = (String) script(driver, "return getComputedStyle(arguments[0]).borderStyle;", done);

        offline(driver, true);
        WebElement stale = await(driver).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#stale p")));
        assertTrue(stale.getText().startsWith("Cannot reach callhook since "), stale.getText());
        assertEquals("alert", driver.findElement(By.id("stale")).getAttribute("role"));
        assertTrue(driver.findElement(By.id("log-caption")).getAttribute("textContent").contains("out of date"));
        assertTrue(driver.findElement(By.tagName("body")).getAttribute("class").contains("is-stale"));
        assertFalse(done.isEnabled());
        assertFalse(driver.findElement(item(missed)).findElement(By.cssSelector("button.claim")).isEnabled());
        assertFalse(driver.findElement(row(missed)).findElement(By.cssSelector("input.pick")).isEnabled());
        // disabled looks disabled
        assertNotEquals(enabledBorder, script(driver, "return getComputedStyle(arguments[0]).borderStyle;", done));
        // it backs off: the second failure in a row waits longer than the first
        await(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#stale p"),
                "Next try in 10 s"));
        assertEquals("Offline", driver.findElement(By.id("connection")).getText());
        Axe.assertAccessible(driver, "the stale page");

        offline(driver, false);
        driver.findElement(By.cssSelector("#stale button")).click();
        await(driver).until(d -> d.findElements(By.cssSelector("#stale p")).isEmpty());
        await(driver).until(ExpectedConditions.elementToBeClickable(done));
        assertFalse(driver.findElement(By.tagName("body")).getAttribute("class").contains("is-stale"));
        assertEquals("Calls", driver.findElement(By.id("log-caption")).getAttribute("textContent"));

        // signing in while callhook cannot be reached says so, and keeps the form
        driver.findElement(By.id("sign-out")).click();
        offline(driver, true);
        driver.findElement(By.id("token")).sendKeys(EMMA, Keys.ENTER);
        await(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"),
                "Cannot reach callhook"));
        assertTrue(driver.findElement(By.id("sign-in")).isDisplayed());
        offline(driver, false);
    }

    @Test
    void aCallRingingForTheAgentPopsUpWithItsCallerHistoryAndCallback() throws Exception {
        String line = line("pop");
        String earlier = missedCall("+4922100921", line);
        ChromeDriver driver = open();
        signIn(driver, EMMA);
        await(driver).until(ExpectedConditions.presenceOfElementLocated(item(earlier)));
        script(driver, "window.sameDocument = 'yes';");

        // rings another agent: no pop
        String other = ringing("4922100929", line, "olga");
        String callId = ringing("+4922100921", line, "emma");
        WebElement pop = new WebDriverWait(driver, POP).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#pop[data-call-id='local:" + callId
                        + "']")));
        assertEquals("yes", script(driver, "return window.sameDocument;"));
        assertEquals("Ringing for you: Ben Becker", pop.findElement(By.id("pop-heading")).getText());
        assertEquals("tel:+4922100921", pop.findElement(By.cssSelector(".pop-caller a.tel")).getAttribute("href"));
        await(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#pop .pop-callback"),
                "Open callback: 1 missed call"));
        await(driver).until(d -> d.findElements(By.cssSelector("#pop .pop-history li")).stream()
                .anyMatch(li -> li.getText().contains("missed")));
        assertTrue(driver.findElement(By.id("announce")).getAttribute("textContent")
                .contains("ringing for you"));
        assertFalse(driver.findElement(By.id("pop")).getAttribute("data-call-id").contains(other));
        Axe.assertAccessible(driver, "the screen pop");
        // with all lines, the worklist is one request for all of them
        assertEquals(List.of(), script(driver, "return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => n.includes('/api/v1/callbacks?') && n.includes('line='));"));

        // answered: the pop says so, and stays until dismissed
        cti("{\"event\":\"answer\",\"callId\":\"" + callId + "\",\"direction\":\"in\",\"answeringNumber\":\"emma\"}");
        await(driver).until(ExpectedConditions.attributeToBe(By.id("pop"), "data-state", "answer"));
        assertTrue(driver.findElement(By.cssSelector("#pop .pop-facts")).getText().contains("answered by"));
        driver.findElement(By.id("pop-close")).click();
        await(driver).until(ExpectedConditions.invisibilityOfElementLocated(By.id("pop")));
    }

    @Test
    void aNewMissedCallIsAnnouncedCountedInTheTitleAndNotifiedOnceTurnedOn() throws Exception {
        String line = line("notice");
        ChromeDriver driver = open();
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", stack.url(),
                "permissions", List.of("notifications")));
        signIn(driver, EMMA);
        // record the notifications the page raises
        script(driver, "window.notes = []; const Real = window.Notification;"
                + "window.Notification = class extends Real { constructor(title, options) {"
                + " window.notes.push(title + ' | ' + options.body); super(title, options); } };"
                + "Object.defineProperty(window.Notification, 'permission', {get: () => Real.permission});"
                + "window.Notification.requestPermission = () => Real.requestPermission();");
        WebElement notify = driver.findElement(By.id("notify"));
        assertEquals("false", notify.getAttribute("aria-pressed"));
        notify.click();
        await(driver).until(ExpectedConditions.attributeToBe(notify, "aria-pressed", "true"));
        // watch one line: other tests' missed calls (the stream may still be delivering them) are not counted
        missedCall("4922100930", line);
        await(driver).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#line option[value='"
                + line + "']")));
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        // the first missed call is known (its chart is there) before the count starts
        await(driver).until(d -> Boolean.TRUE.equals(script(d, "const f = [...document.querySelectorAll("
                + "'#charts figure')]; return f.length === 1 && f[0].dataset.line === arguments[0];", line)));
        driver.findElement(By.id("log-heading")).click();
        assertEquals("callhook: caller log", driver.getTitle());

        String missed = missedCall("4922100931", line);
        await(driver).until(ExpectedConditions.titleIs("(1) callhook: caller log"));
        await(driver).until(ExpectedConditions.attributeContains(By.id("announce"), "textContent",
                "New missed call from 0221 00931 on " + line));
        await(driver).until(d -> ((List<?>) script(d, "return window.notes;")).stream()
                .anyMatch(n -> String.valueOf(n).startsWith("Missed call: 0221 00931 | Line " + line)));
        assertTrue(driver.findElements(row(missed)).size() <= 1);

        // the agent looks (a key press or click): the count starts again
        driver.findElement(By.id("log-heading")).click();
        await(driver).until(ExpectedConditions.titleIs("callhook: caller log"));
        // polls are never announced: the live regions hold only the missed call, the "updated" line is no region
        assertEquals(List.of(), script(driver, "return [...document.querySelectorAll('[aria-live], [role=status],"
                + " [role=alert]')].map(e => e.textContent).filter(t => t.includes('updated'));"));
        assertEquals(null, driver.findElement(By.id("connection")).getAttribute("aria-live"));
    }

    @Test
    void olderCallsLoadPageByPageAndSeveralCallsAreMarkedDoneAtOnce() throws Exception {
        String line = line("paging");
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 310; i++) {
            calls.add(missedCall("49221010" + String.format("%03d", i), line));
        }
        ChromeDriver driver = open();
        // the worklist is the stream function's work: this test pages the page, so it starts once the API lists all
        new WebDriverWait(driver, STREAM_PATIENCE).until(d -> worklistSize(line) == 310);
        signIn(driver, EMMA);
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        await(driver).until(d -> d.findElements(By.cssSelector("#log tbody tr")).size() == 100);
        for (int want : List.of(200, 300, 310)) {
            driver.findElement(By.id("more")).click();
            await(driver).until(d -> d.findElements(By.cssSelector("#log tbody tr")).size() == want);
        }
        await(driver).until(ExpectedConditions.invisibilityOfElementLocated(By.id("more")));
        // the oldest call is there, as the 310th row
        List<WebElement> rows = driver.findElements(By.cssSelector("#log tbody tr"));
        assertEquals(calls.get(0), rows.get(309).getAttribute("data-call-id"));
        assertTrue(driver.findElement(By.id("log-count")).getText().startsWith("310 calls shown"));

        // tick three (the oldest among them), mark them done in one request
        List<String> picked = List.of(calls.get(0), calls.get(150), calls.get(309));
        WebElement bulk = driver.findElement(By.id("bulk-done"));
        assertFalse(bulk.isEnabled());
        for (String id : picked) {
            WebElement box = driver.findElement(row(id)).findElement(By.cssSelector("input.pick"));
            script(driver, "arguments[0].scrollIntoView({block: 'center'});", box);
            box.click();
        }
        assertEquals("Mark 3 selected calls done", bulk.getText());
        Axe.assertAccessible(driver, "310 calls, three ticked");
        bulk.click();
        await(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#message p"),
                "Marked 3 calls done."));
        for (String id : picked) {
            await(driver).until(ExpectedConditions.attributeToBe(row(id), "data-done", "true"));
        }
        Map<String, Map<String, Object>> log = logOf(line);
        assertEquals(310, log.size());
        assertEquals(picked.stream().sorted().toList(), log.values().stream()
                .filter(e -> Boolean.TRUE.equals(e.get("done"))).map(e -> (String) e.get("callId")).sorted().toList());
        assertFalse(bulk.isEnabled());

        // the worklist pages too: one item per caller, 100 a page, oldest first
        await(driver).until(d -> d.findElements(By.cssSelector("#worklist li")).size() == 100);
        for (int want : List.of(200, 300, 310)) {
            WebElement more = driver.findElement(By.id("worklist-more"));
            script(driver, "arguments[0].scrollIntoView({block: 'center'});", more);
            more.click();
            await(driver).until(d -> d.findElements(By.cssSelector("#worklist li")).size() == want);
        }
        await(driver).until(ExpectedConditions.invisibilityOfElementLocated(By.id("worklist-more")));
        // and the loaded pages stay through the polls that follow
        String updated = driver.findElement(By.id("connection")).getText();
        await(driver).until(d -> !d.findElement(By.id("connection")).getText().equals(updated));
        assertEquals(310, driver.findElements(By.cssSelector("#worklist li")).size());
        assertEquals(1, driver.findElements(item(calls.get(309))).size());
    }

    @Test
    void theKeyboardReachesEveryPanelAndTheLogIsOneTabStop() throws Exception {
        String line = line("keys");
        String missed = null;
        for (int i = 0; i < 12; i++) {
            missed = missedCall("49221020" + String.format("%02d", i), line);
        }
        ChromeDriver driver = open();
        signIn(driver, EMMA);
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        await(driver).until(d -> d.findElements(By.cssSelector("#log tbody tr")).size() == 12);
        await(driver).until(ExpectedConditions.presenceOfElementLocated(item(missed)));
        assertEquals(0L, script(driver, "return document.querySelectorAll('[aria-selected]').length;"));

        // from the first call, Tab passes that call's own controls and then leaves the table
        WebElement first = driver.findElements(By.cssSelector("#log tbody tr")).get(0);
        script(driver, "arguments[0].focus();", first);
        int presses = 0;
        while (presses < 8 && Boolean.TRUE.equals(script(driver, "return document.activeElement.closest('#log')"
                + " !== null;"))) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
            presses++;
        }
        assertTrue(presses <= 5, "Tab needed " + presses + " presses to leave a table of 12 calls");
        // skip links lead to each panel
        for (String target : List.of("log-heading", "worklist-heading", "charts-heading")) {
            WebElement skip = driver.findElement(By.cssSelector("a.skip[href='#" + target + "']"));
            script(driver, "arguments[0].focus();", skip);
            driver.switchTo().activeElement().sendKeys(Keys.ENTER);
            await(driver).until(d -> target.equals(script(d, "return document.activeElement.id;")));
        }
    }
    @Test
    void numbersShowTheirContactsAgentsTheirNamesAndEveryNumberIsATelLink() throws Exception {
        String line = line("names");
        String missed = missedCall("+4922100941", line);
        String answered = UUID.randomUUID().toString();
        // answered from another number (an answer from the same number would resolve its callback)
        cti("{\"event\":\"newCall\",\"from\":\"+4922100942\",\"to\":\"4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + answered + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"answer\",\"callId\":\"" + answered + "\",\"direction\":\"in\","
                + "\"answeringNumber\":\"emma\"}");
        ChromeDriver driver = open();
        signIn(driver, EMMA);
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        WebElement from = await(driver).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#log tbody tr[data-call-id='" + missed + "'] td[data-label=From]")));
        await(driver).until(ExpectedConditions.textToBePresentInElement(from, "Anna Schmidt"));
        assertEquals("ACME GmbH", from.findElement(By.cssSelector(".company")).getAttribute("textContent"));
        WebElement tel = from.findElement(By.cssSelector("a.tel"));
        assertEquals("tel:+4922100941", tel.getAttribute("href"));
        assertEquals("0221 00941", tel.getText());
        assertEquals("Call Anna Schmidt at 0221 00941", tel.getAccessibleName());
        WebElement link = from.findElement(By.cssSelector("a.ext"));
        assertEquals("https://crm.example.com/c/941", link.getAttribute("href"));
        assertEquals("noopener noreferrer", link.getAttribute("rel"));
        assertEquals("_blank", link.getAttribute("target"));
        String name = driver.findElement(row(missed)).findElement(By.cssSelector("button.done")).getAccessibleName();
        assertTrue(name.matches("Mark call from Anna Schmidt at \\d{1,2}:\\d{2}\\W[AP]M done"), name);
        // the agent by name
        await(driver).until(ExpectedConditions.textToBe(By.cssSelector("#log tbody tr[data-call-id='local:" + answered
                + "'] td[data-label=Agent]"), "Emma Taylor"));

        // the worklist: the caller by name, another agent's claim by that agent's name
        WebElement item = await(driver).until(ExpectedConditions.visibilityOfElementLocated(item(missed)));
        await(driver).until(ExpectedConditions.textToBePresentInElement(item, "Anna Schmidt"));
        String itemId = item.getAttribute("data-item-id");
        assertEquals(200, api(OLGA, "POST", "/api/v1/callbacks/" + URLEncoder.encode(itemId, StandardCharsets.UTF_8)
                + "/claim").statusCode());
        await(driver).until(ExpectedConditions.textToBePresentInElement(driver.findElement(item(missed)),
                "claimed by Olga Berg"));
        assertEquals("Claim callback to Anna Schmidt", driver.findElement(item(missed))
                .findElement(By.cssSelector("button.claim")).getAccessibleName());
        Axe.assertAccessible(driver, "contacts, links and a claimed callback");
    }

    @Test
    void timesChartsAndTodayAreInTheOrganizationsTimeZoneWhateverTheBrowsersZone() throws Exception {
        HttpResponse<String> set = TestStacks.send(stack, "PUT", "/api/v1/admin/organizations/1/settings", OPERATOR,
                "{\"timeZone\": \"America/Los_Angeles\"}");
        assertEquals(200, set.statusCode(), set.body());
        try {
            ZoneId zone = ZoneId.of("America/Los_Angeles");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant midnight = LocalDate.now(zone).atStartOfDay(zone).toInstant();
            // one missed call just before the organization's midnight, one just after (or now): a page counting
            // UTC days (or the browser's) puts both on one day; the organization's "today" holds one
            String line = "+4930" + (1000000 + new java.util.Random().nextInt(9000000));
            Instant before = midnight.minusSeconds(60);
            Instant after = midnight.plusSeconds(60).isAfter(now) ? now : midnight.plusSeconds(60);
            String yesterdays = bandwidthMissed("+4922100951", line, before);
            bandwidthMissed("+4922100952", line, after);

            ChromeDriver driver = open();
            driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Tokyo"));
            signIn(driver, EMMA);
            String zoneLabel = driver.findElement(By.id("clock")).getText();
            assertTrue(zoneLabel.matches("Times in America/Los_Angeles \\(P[SD]T\\)"), zoneLabel);
            new Select(driver.findElement(By.id("line"))).selectByValue(line);
            WebElement chart = await(driver).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#charts figure[data-line='" + line + "']")));
            await(driver).until(ExpectedConditions.attributeToBe(chart, "data-total", "2"));
            assertEquals("1", driver.findElement(By.cssSelector("#charts figure[data-line='" + line + "']"))
                    .getAttribute("data-today"));
            String started = await(driver).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#log tbody tr[data-call-id='" + yesterdays + "'] td[data-label=Started]")))
                    .getText().replace('\u202f', ' ');
            assertEquals(DateTimeFormatter.ofPattern("MMM d, h:mm a", Locale.US).format(before.atZone(zone)),
                    started);
        } finally {
            TestStacks.send(stack, "PUT", "/api/v1/admin/organizations/1/settings", OPERATOR,
                    "{\"timeZone\": \"UTC\"}");
        }
    }

    /** A Bandwidth v2 call that rang 20 s from {@code start} and was given up: missed; its agent-facing id. */
    private static String bandwidthMissed(String from, String line, Instant start) throws Exception {
        String callId = "c-" + UUID.randomUUID();
        Instant end = start.plusSeconds(20);
        String body = "{\"eventType\":\"disconnect\",\"eventTime\":\"" + end + "\",\"accountId\":\"55555555\","
                + "\"applicationId\":\"7fc9698a\",\"from\":\"" + from + "\",\"to\":\"" + line + "\","
                + "\"direction\":\"inbound\",\"callId\":\"" + callId + "\",\"startTime\":\"" + start + "\","
                + "\"endTime\":\"" + end + "\",\"cause\":\"cancel\"}";
        HttpResponse<String> response = TestStacks.send(stack, "POST", "/api/v1/bandwidth/" + WEBHOOK, null, body);
        assertEquals(200, response.statusCode(), response.body());
        return "local:" + callId;
    }
    /** An inbound call answered under {@code answerer} and ended; its agent-facing id. */
    private static String answeredCall(String from, String line, String answerer) throws Exception {
        String callId = UUID.randomUUID().toString();
        cti("{\"event\":\"newCall\",\"from\":\"" + from + "\",\"to\":\"4930500\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\",\"queue\":\"" + line + "\"}");
        cti("{\"event\":\"answer\",\"callId\":\"" + callId + "\",\"direction\":\"in\",\"answeringNumber\":\""
                + answerer + "\"}");
        cti("{\"event\":\"hangup\",\"callId\":\"" + callId + "\",\"direction\":\"in\","
                + "\"cause\":\"normalClearing\"}");
        return "local:" + callId;
    }

    private static List<String> shownIds(WebDriver driver) {
        return ((List<?>) script(driver, "return [...document.querySelectorAll('#log tbody tr')]"
                + ".map(r => r.dataset.callId);")).stream().map(String::valueOf).sorted().toList();
    }

    private static void setDate(WebDriver driver, String id, String day) {
        script(driver, "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('change', {bubbles: true}));", id, day);
    }

    @Test
    void mineNumberAndDateRangeAreAskedOfTheApiAndReachPastTheNewestHundred() throws Exception {
        String line = line("history");
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            mine.add(answeredCall("+49221030" + i, line, i % 2 == 0 ? "emma" : "+4930111"));
        }
        for (int i = 0; i < 120; i++) {
            missedCall("+493012345" + String.format("%03d", i), line);
        }
        ChromeDriver driver = open();
        signIn(driver, EMMA);
        new Select(driver.findElement(By.id("line"))).selectByValue(line);
        await(driver).until(d -> d.findElements(By.cssSelector("#log tbody tr")).size() == 100);

        // the agent's 7 calls are older than the newest 100: the API finds them
        driver.findElement(By.cssSelector("input[name=show][value=mine]")).click();
        await(driver).until(d -> shownIds(d).equals(mine.stream().sorted().toList()));
        assertTrue(driver.findElement(By.id("more")).getAttribute("hidden") != null);

        // by number, in another spelling than the phone system's
        driver.findElement(By.cssSelector("input[name=show][value=all]")).click();
        driver.findElement(By.id("number")).sendKeys("030 12345-117", Keys.ENTER);
        await(driver).until(d -> shownIds(d).size() == 1 && "tel:+493012345117".equals(d.findElement(
                By.cssSelector("#log tbody tr td[data-label=From] a.tel")).getAttribute("href")));
        driver.findElement(By.id("number")).clear();
        driver.findElement(By.id("apply")).click();
        await(driver).until(d -> d.findElements(By.cssSelector("#log tbody tr")).size() == 100);

        // a date range in the organization's days: the days before today hold none of these calls
        String today = LocalDate.now(ZoneId.of("UTC")).toString();
        String longAgo = LocalDate.now(ZoneId.of("UTC")).minusDays(30).toString();
        String yesterday = LocalDate.now(ZoneId.of("UTC")).minusDays(1).toString();
        setDate(driver, "since", longAgo);
        setDate(driver, "until", yesterday);
        await(driver).until(d -> d.findElements(By.cssSelector("#log tbody tr")).isEmpty()
                && d.findElement(By.id("log-empty")).isDisplayed());
        setDate(driver, "until", today);
        await(driver).until(d -> d.findElements(By.cssSelector("#log tbody tr")).size() == 100);
        assertEquals(0L, script(driver, "return performance.getEntriesByType('resource').filter(e =>"
                + " e.name.includes('/api/v1/cti/log') && e.responseStatus >= 400).length;"));
        assertTrue((Boolean) script(driver, "return performance.getEntriesByType('resource').some(e =>"
                + " e.name.includes('view=mine')) && performance.getEntriesByType('resource').some(e =>"
                + " e.name.includes('until=' + arguments[0]));", yesterday));
    }
}
