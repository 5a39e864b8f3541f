// Test support (no I/O): Twilio callbacks as API Gateway delivers them, from events/twilio or built from fields,
// signed as Twilio signs them.
package io.callhook.twilio;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.callhook.template.SamTemplate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sample and generated Twilio callbacks for the handler tests. */
final class TwilioCallbacks {

    /** The webhook token and the Twilio auth token the sample events are made with. */
    static final String TOKEN = "local-test-token";
    static final String AUTH_TOKEN = "local-twilio-auth-token";
    static final Path EVENTS = SamTemplate.find().getParent().resolve("events/twilio");
    /** The URL the samples were sent to: their Host header, X-Forwarded-Proto and path. */
    static final String URL = "http://localhost:3000/api/v1/twilio/" + TOKEN;

    /** The call sids in the sample files; tests rename them so each test works on records of its own. */
    static final List<String> SAMPLE_CALL_SIDS = List.of("CA2f1c0e9d8b7a6f5e4d3c2b1a0f9e8d7c",
            "CA7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b", "CA0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "CA9f8e7d6c5b4a39281706f5e4d3c2b1a0", "CA5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a",
            "CA3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f");

    private TwilioCallbacks() {
    }

    /** A sample callback with every call sid given {@code suffix}, signed again for its new body. */
    static APIGatewayV2HTTPEvent load(String file, String suffix) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(EVENTS.resolve(file).toString());
        String body = body(event);
        for (String sid : SAMPLE_CALL_SIDS) {
            body = body.replace(sid, sid + suffix);
        }
        setBody(event, body);
        return signed(event, AUTH_TOKEN);
    }

    /** A callback of these fields (null values left out), as the samples are sent, signed with the auth token. */
    static APIGatewayV2HTTPEvent of(Map<String, String> fields, long receivedAt) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(
                EVENTS.resolve("inbound-completed.json").toString());
        List<String> pairs = new ArrayList<>();
        fields.forEach((name, value) -> {
            if (value != null) {
                pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        setBody(event, String.join("&", pairs));
        event.getRequestContext().setTimeEpoch(receivedAt);
        event.getRequestContext().setRequestId("r-" + receivedAt);
        return signed(event, AUTH_TOKEN);
    }

    static String body(APIGatewayV2HTTPEvent event) {
        return event.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8) : event.getBody();
    }

    static void setBody(APIGatewayV2HTTPEvent event, String body) {
        event.setBody(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
    }

    /** The event with {@code X-Twilio-Signature} made for its body with {@code authToken}. */
    static APIGatewayV2HTTPEvent signed(APIGatewayV2HTTPEvent event, String authToken) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-twilio-signature", TwilioSignature.sign(authToken.getBytes(StandardCharsets.UTF_8), URL,
                TwilioRequests.formParameters(body(event))));
        event.setHeaders(headers);
        return event;
    }

    /** A field of the callback's form body. */
    static String field(APIGatewayV2HTTPEvent event, String name) {
        return TwilioRequests.formParameters(body(event)).stream().filter(p -> p.getKey().equals(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
