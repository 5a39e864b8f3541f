// End to end over real HTTP: an in-process local stack started with the signature parameters (--parameter
// TwilioAuthTokens=..., CtiSignatureKeys=...): a Twilio callback signed as Twilio signs it (computed here with
// javax.crypto, independently of the function's code) is stored, a wrongly signed one is refused, a multipart body
// under a URL-only signature is 415, a JSON one with its bodySHA256 is stored, an answered <Dial> leg's callback also
// answers its parent; the same for a signed generic CTI request.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LocalStackSignedWebhooksTest {

    private static final String TWILIO_TOKEN = "twilio-e2e-" + UUID.randomUUID();
    private static final String PBX_TOKEN = "pbx-e2e-" + UUID.randomUUID();
    private static final String AUTH_TOKEN = "e2e-auth-" + UUID.randomUUID();
    private static final String CTI_KEY = "e2e-key-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(),
                        List.of("twilio=" + TWILIO_TOKEN, "pbx=" + PBX_TOKEN))
                .withParameters(Map.of("TwilioAuthTokens", "twilio:" + AUTH_TOKEN, "CtiSignatureKeys",
                        "pbx:" + CTI_KEY)), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> post(String path, String contentType, String body,
                                             Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path))
                .header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Twilio's algorithm, written out here: base64 HMAC-SHA1 of the URL and the sorted name+value pairs. */
    private static String twilioSignature(String authToken, String url, Map<String, String> params) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String form(Map<String, String> params) {
        List<String> pairs = new ArrayList<>();
        params.forEach((name, value) -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    private static Map<String, AttributeValue> item(String key) {
        try (DynamoDbClient dynamo = LocalStack.dynamoDbClient(stack.dynamoDbEndpoint())) {
            return dynamo.getItem(b -> b.tableName("CallsTable").key(Map.of("pk", AttributeValue.fromS(key)))
                    .consistentRead(true)).item();
        }
    }

    private static Map<String, String> completedCall(String callSid) {
        return Map.of("CallSid", callSid, "AccountSid", "ACe2e", "From", "+14155550100", "To", "+18005550199",
                "Direction", "inbound", "CallStatus", "no-answer", "CallDuration", "0",
                "Timestamp", "Mon, 24 Nov 2025 10:00:20 +0000");
    }

    /** Posts a Twilio callback signed for the stack's URL. */
    private static HttpResponse<String> postTwilio(Map<String, String> params) throws Exception {
        String path = "/api/v1/twilio/" + TWILIO_TOKEN;
        return post(path, "application/x-www-form-urlencoded", form(params),
                Map.of("X-Twilio-Signature", twilioSignature(AUTH_TOKEN, stack.url() + path, params)));
    }

    private static String newCallSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aTwilioCallbackSignedForThePublicUrlIsStoredAndAnsweredWithEmptyTwiml() throws Exception {
        String callSid = newCallSid();
        HttpResponse<String> response = postTwilio(completedCall(callSid));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/xml", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>", response.body());
        Map<String, AttributeValue> item = item("twilio:" + callSid);
        assertEquals("no-answer", item.get("rawCause").s());
        assertEquals("no_answer", item.get("cause").s());
        assertEquals("in", item.get("direction").s());
        assertFalse(LOG.text().contains(AUTH_TOKEN), "the auth token must not reach the log");
    }

    @Test
    void anAnsweredDialLegsCallbackAlsoAnswersItsParent() throws Exception {
        String parent = newCallSid();
        String leg = newCallSid();
        HttpResponse<String> response = postTwilio(Map.of("CallSid", leg, "ParentCallSid", parent,
                "AccountSid", "ACe2e", "From", "+18005550199", "To", "+14155550123", "Direction", "outbound-dial",
                "CallStatus", "completed", "CallDuration", "30", "Timestamp", "Mon, 24 Nov 2025 10:01:00 +0000"));
        assertEquals(200, response.statusCode(), response.body());
        Map<String, AttributeValue> call = item("twilio:" + parent);
        assertEquals("+14155550123", call.get("answeredBy").s(), "the leg's To answered the parent");
        assertEquals(List.of(leg), call.get("nextCallIds").ss());
        assertEquals(parent, item("twilio:" + leg).get("previousCallId").s());
    }

    @Test
    void aWronglySignedTwilioCallbackIs403AndWritesNothing() throws Exception {
        String callSid = newCallSid();
        String path = "/api/v1/twilio/" + TWILIO_TOKEN;
        Map<String, String> params = completedCall(callSid);
        Map<String, String> wrong = Map.of(
                "another auth token", twilioSignature("not-" + AUTH_TOKEN, stack.url() + path, params),
                "the URL with https", twilioSignature(AUTH_TOKEN, stack.url().replace("http:", "https:") + path,
                        params),
                "a trailing slash", twilioSignature(AUTH_TOKEN, stack.url() + path + "/", params));
        for (Map.Entry<String, String> signature : wrong.entrySet()) {
            HttpResponse<String> response = post(path, "application/x-www-form-urlencoded", form(params),
                    Map.of("X-Twilio-Signature", signature.getValue()));
            assertEquals(403, response.statusCode(), signature.getKey() + ": " + response.body());
            assertTrue(LocalJson.parseObject(response.body()).containsKey("error"), response.body());
        }
        HttpResponse<String> unsigned = post(path, "application/x-www-form-urlencoded", form(params), Map.of());
        assertEquals(403, unsigned.statusCode(), unsigned.body());
        assertTrue(item("twilio:" + callSid).isEmpty(), "a refused callback wrote a record");
    }

    /**
     * The exploit of issue 20: the signature Twilio makes over the public URL alone (as for a JSON callback, whose
     * body bodySHA256 covers) replayed with forged multipart fields, as {@code curl --form} sends them.
     */
    @Test
    void aMultipartCallbackUnderAUrlOnlySignatureIs415AndWritesNothing() throws Exception {
        String callSid = newCallSid();
        String path = "/api/v1/twilio/" + TWILIO_TOKEN;
        String urlOnly = twilioSignature(AUTH_TOKEN, stack.url() + path, Map.of());
        StringBuilder multipart = new StringBuilder();
        completedCall(callSid).forEach((name, value) -> multipart.append("--forged\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        multipart.append("--forged--\r\n");
        HttpResponse<String> forged = post(path, "multipart/form-data; boundary=forged", multipart.toString(),
                Map.of("X-Twilio-Signature", urlOnly));
        assertEquals(415, forged.statusCode(), forged.body());
        assertEquals("application/json", forged.headers().firstValue("content-type").orElseThrow());
        assertTrue(String.valueOf(LocalJson.parseObject(forged.body()).get("error"))
                .contains("multipart/form-data is not accepted"), forged.body());

        HttpResponse<String> plain = post(path, "text/plain", form(completedCall(callSid)),
                Map.of("X-Twilio-Signature", urlOnly));
        assertEquals(415, plain.statusCode(), plain.body());
        assertTrue(item("twilio:" + callSid).isEmpty(), "a refused callback wrote a record");
    }

    @Test
    void aJsonCallbackWhoseBodySha256MatchesIsStored() throws Exception {
        String callSid = newCallSid();
        StringBuilder json = new StringBuilder();
        completedCall(callSid).forEach((name, value) -> json.append(json.isEmpty() ? "{" : ",")
                .append('"').append(name).append("\":\"").append(value).append('"'));
        String body = json.append('}').toString();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        String path = "/api/v1/twilio/" + TWILIO_TOKEN + "?bodySHA256=" + hash;
        HttpResponse<String> response = post(path, "application/json", body,
                Map.of("X-Twilio-Signature", twilioSignature(AUTH_TOKEN, stack.url() + path, Map.of())));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-answer", item("twilio:" + callSid).get("rawCause").s());
    }

    @Test
    void aSignedCtiRequestIsStoredAndAnUnsignedOneIsRefused() throws Exception {
        String callId = UUID.randomUUID().toString();
        String body = "{\"event\":\"newCall\",\"from\":\"493055571600\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(CTI_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> unsigned = post("/api/v1/cti/" + PBX_TOKEN, "application/json", body, Map.of());
        assertEquals(403, unsigned.statusCode(), unsigned.body());
        assertTrue(item("pbx:" + callId).isEmpty());

        HttpResponse<String> signed = post("/api/v1/cti/" + PBX_TOKEN, "application/json", body,
                Map.of("X-Callhook-Signature", signature));
        assertEquals(200, signed.statusCode(), signed.body());
        assertEquals("pbx", item("pbx:" + callId).get("source").s());
    }
}
