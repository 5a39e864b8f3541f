// The invoke command: one function on one event file, with its own in-memory engine.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvokeCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private int invoke(String... args) {
        return InvokeCommand.run(Options.parse(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void theCtiWebhookAcceptsTheSampleEvent() {
        int status = invoke("invoke", "CtiWebhookFunction", "events/cti/newCall-inbound-json.json");
        assertEquals(0, status, log.toString(StandardCharsets.UTF_8));
        Map<String, Object> response = LocalJson.parseObject(out.toString(StandardCharsets.UTF_8).trim());
        assertEquals(200, response.get("statusCode"));
        assertEquals("{}", response.get("body"));
        assertEquals(Map.of("content-type", "application/json"), response.get("headers"));
    }

    @Test
    void aSignedTwilioSampleIsAcceptedWithItsAuthTokenGivenAsAParameter() {
        String event = "events/twilio/inbound-no-answer.json";
        assertEquals(0, invoke("invoke", "TwilioWebhookFunction", event));
        assertEquals(403, LocalJson.parseObject(out.toString(StandardCharsets.UTF_8).trim()).get("statusCode"),
                "without TwilioAuthTokens every Twilio callback is refused");
        out.reset();
        assertEquals(0, invoke("invoke", "TwilioWebhookFunction", event,
                "--parameter", "TwilioAuthTokens=local:local-twilio-auth-token"),
                log.toString(StandardCharsets.UTF_8));
        Map<String, Object> response = LocalJson.parseObject(out.toString(StandardCharsets.UTF_8).trim());
        assertEquals(200, response.get("statusCode"), String.valueOf(response.get("body")));
        assertEquals(Map.of("content-type", "text/xml"), response.get("headers"));
    }

    @Test
    void anotherTokenIsRefusedLikeOnLambda() {
        int status = invoke("invoke", "CtiWebhookFunction", "events/cti/newCall-inbound-json.json",
                "--token", "some-other-token-Ah5Tq7Vx3Mk9");
        assertEquals(0, status);
        assertEquals(401, LocalJson.parseObject(out.toString(StandardCharsets.UTF_8).trim()).get("statusCode"));
    }

    @Test
    void aFailingFunctionPrintsLambdasErrorDocument() {
        String template = StreamPollerTest.testTemplate().toString();
        String event = Options.parse().template().resolveSibling("events/cti/newCall-inbound-json.json").toString();
        int status = invoke("invoke", "ExplodingFunction", event, "--template", template);
        assertEquals(1, status);
        Map<String, Object> error = LocalJson.parseObject(out.toString(StandardCharsets.UTF_8).trim());
        assertEquals("java.lang.IllegalStateException", error.get("errorType"));
        assertEquals("boom", error.get("errorMessage"));
        assertTrue(!LocalJson.list(error.get("stackTrace")).isEmpty());
    }

    @Test
    void anUnknownFunctionIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> invoke("invoke", "NoSuchFunction", "events/cti/newCall-inbound-json.json"));
        assertTrue(e.getMessage().contains("NoSuchFunction"));
    }
}
