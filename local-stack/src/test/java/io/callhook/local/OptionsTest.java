// Unit tests, no I/O: the command line of the local stack (reads template.yaml's location only).
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final Path ROOT = SamTemplate.find().getParent();

    @Test
    void defaultsStartOnTheUsualPortsWithOneRandomToken() {
        Options options = Options.parse();
        assertEquals(Options.Command.START, options.command());
        assertEquals(3000, options.port());
        assertEquals(8000, options.dynamoDbPort());
        assertEquals(1, options.tokens().size());
        assertTrue(options.tokenGenerated());
        assertTrue(options.tokens().get(0).length() >= 32);
        assertFalse(options.tokens().get(0).equals(Options.parse().tokens().get(0)));
        assertNull(options.data());
        assertEquals(ROOT.resolve("template.yaml"), options.template());
    }

    @Test
    void optionsInBothSpellingsAndRelativePathsFromTheRepositoryRoot() {
        Options options = Options.parse("start", "--port", "3100", "--dynamodb-port=8100",
                "--token", "a1-Ah5Tq7Vx3Mk9Wd2Pz5Q", "--token=b-2-Ah5Tq7Vx3Mk9Wd2Pz5Q",
                "--data", ".local-data", "--agents", "agents.json");
        assertEquals(3100, options.port());
        assertEquals(8100, options.dynamoDbPort());
        assertEquals(List.of("a1-Ah5Tq7Vx3Mk9Wd2Pz5Q", "b-2-Ah5Tq7Vx3Mk9Wd2Pz5Q"), options.tokens());
        assertFalse(options.tokenGenerated());
        assertEquals(ROOT.resolve(".local-data"), options.data());
        assertEquals(ROOT.resolve("agents.json"), options.agents());
    }

    @Test
    void theAdminTokenIsRandomUnlessGivenAndMustHold128Bits() {
        String generated = Options.parse().adminToken();
        assertEquals(43, generated.length());
        assertFalse(generated.equals(Options.parse().adminToken()));
        assertEquals("0123456789abcdef0123456789abcdef", Options.parse("--admin-token",
                "0123456789abcdef0123456789abcdef").adminToken());
        assertEquals("Zx9_k-3LmQ2pR7sT1vW4yA", Options.parse("--admin-token=Zx9_k-3LmQ2pR7sT1vW4yA").adminToken());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--admin-token", "Zx9_k-3LmQ2pR7sT1vW4y"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--admin-token",
                "0123456789abcdef0123456789abcde"), "31 hex digits are 124 bits");
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--admin-token",
                "admin admin admin admin admin"));
        assertEquals(Options.SAMPLE_ADMIN_TOKEN, Options.parse("invoke", "AdminApiFunction",
                "events/admin-api/get-routing.json").adminToken());
    }

    @Test
    void invokeTakesAFunctionAndAnEventFile() {
        Options options = Options.parse("invoke", "CtiWebhookFunction", "events/cti/newCall-inbound-json.json");
        assertEquals(Options.Command.INVOKE, options.command());
        assertEquals("CtiWebhookFunction", options.functionId());
        assertEquals(ROOT.resolve("events/cti/newCall-inbound-json.json"), options.event());
        assertEquals(List.of(Options.SAMPLE_EVENT_TOKEN), options.tokens());
    }

    @Test
    void mistakesAreExplained() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--port"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--port", "http"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--colour"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("stop"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("invoke", "CtiWebhookFunction"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--token", "a/b"));
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse("invoke", "F", "e.json", "--data", "x"));
        assertEquals(Options.Command.HELP, Options.parse("--help").command());
    }

    @Test
    void aTokenThatCannotCarry128BitsOfRandomnessIsRefused() {
        for (String weak : List.of("short", "local-test-token", "pbx=local-test-token",
                "0123456789abcdef0123456789abcde", "Ah5Tq7Vx3Mk9Wd2P")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> Options.parse("--token", weak));
            assertTrue(refused.getMessage().contains("at least 128 bits of randomness"), refused.getMessage());
        }
        assertEquals(List.of("0123456789abcdef0123456789abcdef", "pbx=Ah5Tq7Vx3Mk9Wd2Pz5Qn3x"),
                Options.parse("--token", "0123456789abcdef0123456789abcdef", "--token", "pbx=Ah5Tq7Vx3Mk9Wd2Pz5Qn3x")
                        .tokens());
    }
}
