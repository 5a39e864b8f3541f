// Test support: axe-core (Deque, MPL-2.0) run inside the page under test, from the npm package's WebJar.
package io.callhook.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Runs axe-core's WCAG 2.1 A and AA rules on the page a driver shows and answers the violations, one line each
 * (rule, impact, the first offending elements). The script is injected through WebDriver (the DevTools protocol),
 * which the page's Content-Security-Policy does not govern, so the page itself stays as strict as it ships.
 */
final class Axe {

    static final String VERSION = "4.6.3";
    private static final String RESOURCE = "/META-INF/resources/webjars/axe-core/" + VERSION + "/axe.min.js";
    private static final String SOURCE = load();

    private Axe() {
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath (org.webjars.npm:axe-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WCAG 2.1 A/AA violations on the page as it is now; an empty list when there are none. */
    static List<String> violations(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(SOURCE);
        }
        Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
                + " resultTypes: ['violations']})"
                + ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                + " + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' [' + (n.failureSummary || '')"
                + ".replace(/\\s+/g, ' ') + ']').join(', '))), e => done(['axe failed: ' + e]));");
        return ((List<?>) result).stream().map(String::valueOf).toList();
    }

    /** No WCAG 2.1 A/AA violation on the page as it is, in light and in dark mode ({@code view} names it). */
    static void assertAccessible(ChromeDriver driver, String view) {
        for (String scheme : List.of("light", "dark")) {
            colorScheme(driver, scheme);
            Assertions.assertEquals(scheme.equals("dark"), driver.executeScript(
                    "return matchMedia('(prefers-color-scheme: dark)').matches;"));
            Assertions.assertEquals(List.of(), violations(driver), view + " in " + scheme + " mode");
        }
        colorScheme(driver, "light");
    }

    /** Makes chromium report {@code prefers-color-scheme: dark} (or light) to the page, as a system setting would. */
    static void colorScheme(ChromeDriver driver, String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }
}
