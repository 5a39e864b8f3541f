// The CTI webhook through the real handler into the project's engine: content after the JSON body is a 400, an
// origCallId longer than a call id may be is a 422, invalid UTF-8 in any body or query is a 400, control characters
// and lone surrogates in ids and names are a 422 naming the field, each writing nothing; numbers keep their text.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.http.FieldLimits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CtiStrictInputTest {

    @BeforeAll
    static void start() {
        CtiWebhookHandlerTest.start();
    }

    private static APIGatewayV2HTTPResponse sendJson(String body) {
        APIGatewayV2HTTPEvent event = CtiWebhookHandlerTest.load("newCall-inbound-json.json", "strict-unused");
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return CtiWebhookHandlerTest.handler.handleRequest(event, null);
    }

    private static String newCall(String callId, String extra) {
        return "{\"event\":\"newCall\",\"from\":\"493055571600\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\"" + extra + "}";
    }

    @Test
    void contentAfterTheJsonValueIsA400AndWritesNothing() {
        for (String trailing : new String[] {"{}", " xyz"}) {
            APIGatewayV2HTTPResponse response = sendJson(newCall("strict-trailing", "") + trailing);
            assertEquals(400, response.getStatusCode(), response.getBody());
            assertTrue(response.getBody().contains("error"), response.getBody());
        }
        assertTrue(CtiWebhookHandlerTest.store.find("local:strict-trailing").isEmpty());
        assertEquals(200, sendJson(newCall("strict-trailing", "") + "\n").getStatusCode());
    }

    @Test
    void anOrigCallIdLongerThanACallIdIsA422AndWritesNothing() {
        String tooLong = "o".repeat(FieldLimits.MAX_CALL_ID_BYTES + 1);
        APIGatewayV2HTTPResponse refused = sendJson(newCall("strict-orig", ",\"origCallId\":\"" + tooLong + "\""));
        assertEquals(422, refused.getStatusCode(), refused.getBody());
        assertTrue(refused.getBody().contains("origCallId"), refused.getBody());
        assertTrue(CtiWebhookHandlerTest.store.find("local:strict-orig").isEmpty());

        String longest = "o".repeat(FieldLimits.MAX_CALL_ID_BYTES);
        assertEquals(200, sendJson(newCall("strict-orig", ",\"origCallId\":\"" + longest + "\"")).getStatusCode());
    }

    private static APIGatewayV2HTTPResponse sendBytes(String contentType, byte[] body) {
        APIGatewayV2HTTPEvent event = CtiWebhookHandlerTest.load("newCall-inbound-json.json", "strict-unused");
        event.setHeaders(Map.of("content-type", contentType));
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return CtiWebhookHandlerTest.handler.handleRequest(event, null);
    }

    private static byte[] withBadByte(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '~') {
                bytes[i] = (byte) 0xff;
            }
        }
        return bytes;
    }

    private static void assertRefused(int status, String message, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains(message), response.getBody());
    }

    @Test
    void invalidUtf8InJsonFormAndMultipartBodiesIsA400AndWritesNothing() {
        assertRefused(400, "body is not valid UTF-8", sendBytes("application/json",
                withBadByte(newCall("strict-utf8-json", ",\"queue\":\"x~\""))));
        assertRefused(400, "body is not valid UTF-8", sendBytes("application/json",
                newCall("strict-utf8-json", ",\"queue\":\"\u00ed\u00a0\u0080\"")
                        .getBytes(StandardCharsets.ISO_8859_1)));
        assertRefused(400, "form body is not valid UTF-8", sendBytes("application/x-www-form-urlencoded",
                "event=newCall&from=1&to=2&direction=in&callId=strict-utf8-form&queue=%FF".getBytes()));
        assertRefused(400, "form body is not valid UTF-8", sendBytes("application/x-www-form-urlencoded",
                withBadByte("event=newCall&from=1&to=2&direction=in&callId=strict-utf8-form&queue=~")));
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nnewCall\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"callId\"\r\n\r\nstrict-utf8-multi\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\n1~\r\n--b--\r\n";
        assertRefused(400, "multipart field is not valid UTF-8",
                sendBytes("multipart/form-data; boundary=b", withBadByte(multipart)));
        for (String id : List.of("strict-utf8-json", "strict-utf8-form", "strict-utf8-multi")) {
            assertTrue(CtiWebhookHandlerTest.store.find("local:" + id).isEmpty(), id);
        }
    }

    @Test
    void aLoneSurrogateInATextBodyIsA400() {
        assertRefused(400, "body is not valid UTF-8", sendJson(newCall("strict-lone-body", ",\"queue\":\"\ud800\"")));
        assertTrue(CtiWebhookHandlerTest.store.find("local:strict-lone-body").isEmpty());
    }

    @Test
    void controlCharactersAndLoneSurrogatesInIdsAndNamesAreA422NamingTheField() {
        Map<String, String> fields = Map.of("callId", "strict-ctl-1", "from", "4930", "to", "4922",
                "queue", "line", "user", "agent", "origCallId", "prev", "cause", "normalClearing");
        for (String field : List.of("callId", "from", "to", "queue", "user", "origCallId")) {
            for (String bad : List.of("\\u0000", "\\u001f", "\\u007f", "\\n", "\\ud800", "\\udc00x")) {
                StringBuilder body = new StringBuilder("{\"event\":\"newCall\",\"direction\":\"in\"");
                fields.forEach((name, value) -> body.append(",\"").append(name).append("\":\"").append(value)
                        .append(name.equals(field) ? bad : "").append('"'));
                APIGatewayV2HTTPResponse response = sendJson(body + "}");
                assertEquals(422, response.getStatusCode(), field + bad + " " + response.getBody());
                assertTrue(response.getBody().contains("field " + field + " contains a"), response.getBody());
            }
        }
        assertTrue(CtiWebhookHandlerTest.store.find("local:strict-ctl-1").isEmpty());
        APIGatewayV2HTTPResponse hangup = sendJson("{\"event\":\"hangup\",\"callId\":\"strict-ctl-2\","
                + "\"cause\":\"busy\\u0007\"}");
        assertRefused(422, "field cause contains a control character (U+0007)", hangup);
        APIGatewayV2HTTPResponse emoji = sendJson(newCall("strict-ctl-3", ",\"queue\":\"\\ud83d\\ude00\""));
        assertEquals(200, emoji.getStatusCode(), emoji.getBody());
        assertEquals("\ud83d\ude00", CtiWebhookHandlerTest.store.find("local:strict-ctl-3").orElseThrow().queue());
    }

    @Test
    void aNumberForAStringFieldKeepsItsExactText() {
        for (String number : List.of("1e400", "1e999999999", "1.5e3", "12345678901234567890123", "-0.10")) {
            String id = "strict-num-" + number;
            APIGatewayV2HTTPResponse response = sendJson("{\"event\":\"newCall\",\"direction\":\"in\","
                    + "\"callId\":\"" + id + "\",\"from\":" + number + ",\"to\":" + number + "}");
            assertEquals(200, response.getStatusCode(), response.getBody());
            var call = CtiWebhookHandlerTest.store.find("local:" + id).orElseThrow();
            assertEquals(number, call.from());
            assertEquals(number, call.to());
        }
        APIGatewayV2HTTPResponse numericId = sendJson("{\"event\":\"newCall\",\"direction\":\"in\","
                + "\"callId\":1e400,\"from\":\"1\",\"to\":\"2\"}");
        assertEquals(200, numericId.getStatusCode(), numericId.getBody());
        assertTrue(CtiWebhookHandlerTest.store.find("local:1e400").isPresent());
        assertTrue(CtiWebhookHandlerTest.store.find("local:Infinity").isEmpty());
    }
}
