// Unit tests of body decoding: JSON, form-urlencoded and multipart, base64 or not, and the refusals.
package io.callhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    static ApiRequest request(String contentType, String body, boolean base64) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(contentType == null ? Map.of() : Map.of("content-type", contentType));
        event.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.setIsBase64Encoded(base64);
        return ApiRequest.of(event);
    }

    @Test
    void jsonTakesUserAsAStringOrAnArray() {
        Fields single = RequestBodies.parse(request("application/json; charset=utf-8",
                "{\"event\":\"newCall\",\"user\":\"Emma Taylor\",\"nested\":{\"a\":1}}", false));
        assertEquals(List.of("Emma Taylor"), single.all("user"));
        assertNull(single.first("nested"));
        Fields array = RequestBodies.parse(request("application/json",
                "{\"user\":[\"Christopher Miller\",\"Emma Taylor\"],\"count\":3}", true));
        assertEquals(List.of("Christopher Miller", "Emma Taylor"), array.all("user"));
        assertEquals("3", array.first("count"));
    }

    @Test
    void formUrlEncodedRepeatsUserBrackets() {
        Fields fields = RequestBodies.parse(request("application/x-www-form-urlencoded",
                "event=hangup&user%5B%5D=Christopher+Miller&user%5B%5D=Emma%20Taylor&callId=a%2Fb", true));
        assertEquals("hangup", fields.first("event"));
        assertEquals(List.of("Christopher Miller", "Emma Taylor"), fields.all("user"));
        assertEquals("a/b", fields.first("callId"));
    }

    @Test
    void multipartAsCurlFormSendsIt() {
        String boundary = "------------------------d74496d66958873e";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nhangup\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"user[]\"\r\n\r\nChristopher Miller\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"user[]\"\r\n\r\nEmma Taylor\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nanonymous\r\n"
                + "--" + boundary + "--\r\n";
        Fields fields = RequestBodies.parse(request("multipart/form-data; boundary=" + boundary, body, true));
        assertEquals("hangup", fields.first("event"));
        assertEquals("anonymous", fields.first("from"));
        assertEquals(List.of("Christopher Miller", "Emma Taylor"), fields.all("user"));
    }

    @Test
    void unreadableBodiesAreRefusedWithTheRightStatus() {
        assertStatus(400, request("application/json", "{\"event\":", false));
        assertStatus(400, request("application/json", "[1,2]", false));
        assertStatus(400, request("application/x-www-form-urlencoded", "event=%zz", false));
        assertStatus(400, request("multipart/form-data; boundary=xyz", "no parts here", false));
        assertStatus(400, request("multipart/form-data", "--x\r\n", false));
        assertStatus(400, request("application/json", "", false));
        assertStatus(400, request("application/json", "%%%not base64", true));
        assertStatus(415, request("text/plain", "event=newCall", false));
        assertStatus(415, request(null, "event=newCall", false));
        assertStatus(413, request("application/json", "{\"a\":\"" + "x".repeat(RequestBodies.MAX_BODY_BYTES) + "\"}",
                false));
    }

    private static void assertStatus(int status, ApiRequest request) {
        HttpError error = assertThrows(HttpError.class, () -> RequestBodies.parse(request));
        assertEquals(status, error.status());
        assertTrue(!error.getMessage().isBlank());
    }
}
