// Unit and property tests (no I/O): Twilio's request signature, checked against the examples Twilio publishes
// (its documentation's https://mycompany.com/myapp.php?foo=1&bar=2 with auth token 12345, and twilio-java's test
// vectors for ports and JSON bodies), then as properties: any order of the parameters verifies, any single change
// of the URL, a parameter or the auth token does not; and only the bodies a signature covers whole (form, JSON with
// bodySHA256) are verified at all: any other content type is 415.
package io.callhook.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.callhook.auth.NamedSecrets;
import io.callhook.http.ApiRequest;
import io.callhook.http.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    static final byte[] AUTH_TOKEN = "12345".getBytes(StandardCharsets.UTF_8);
    static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    static final List<Map.Entry<String, String>> PARAMS = List.of(Map.entry("CallSid", "CA1234567890ABCDE"),
            Map.entry("Caller", "+14158675309"), Map.entry("Digits", "1234"), Map.entry("From", "+14158675309"),
            Map.entry("To", "+18005551212"));
    static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    static final String JSON_BODY = "{\"property\": \"value\", \"boolean\": true}";
    static final String JSON_BODY_SHA256 = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

    @Test
    void theDocumentedExampleGivesTheDocumentedSignature() {
        assertEquals(SIGNATURE, TwilioSignature.sign(AUTH_TOKEN, URL, PARAMS));
        assertTrue(TwilioSignature.matches(List.of(AUTH_TOKEN), URL, PARAMS, SIGNATURE));
        assertFalse(TwilioSignature.matches(List.of(AUTH_TOKEN), URL, PARAMS, "NOT" + SIGNATURE));
        assertFalse(TwilioSignature.matches(List.of(AUTH_TOKEN), URL, PARAMS, null));
    }

    @Test
    void aUrlIsAcceptedWithoutItsPortAndWithItsDefaultPortAsTwiliosValidatorsDo() {
        List<byte[]> tokens = List.of(AUTH_TOKEN);
        assertTrue(TwilioSignature.matches(tokens, URL.replace(".com", ".com:1234"), PARAMS, SIGNATURE));
        // signed over https://mycompany.com:443/... and http://mycompany.com:80/...
        assertTrue(TwilioSignature.matches(tokens, URL, PARAMS, "kvajT1Ptam85bY51eRf/AJRuM3w="));
        assertTrue(TwilioSignature.matches(tokens, URL.replace("https", "http"), PARAMS,
                "0ZXoZLH/DfblKGATFgpif+LLRf4="));
        // signed over http://mycompany.com:1234/...
        assertTrue(TwilioSignature.matches(tokens, URL.replace(".com", ".com:1234").replace("https", "http"),
                PARAMS, "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="));
        assertFalse(TwilioSignature.matches(tokens, URL.replace("https", "http"), PARAMS, SIGNATURE),
                "http and https are different URLs");
        assertEquals(List.of("https://h:8443/p?q=1", "https://h/p?q=1"),
                TwilioSignature.urlVariants("https://h:8443/p?q=1"));
        assertEquals(List.of("http://h", "http://h:80"), TwilioSignature.urlVariants("http://h"));
    }

    @Test
    void anyOfSeveralAuthTokensVerifiesSoATokenCanBeRotated() {
        byte[] next = "67890".getBytes(StandardCharsets.UTF_8);
        assertTrue(TwilioSignature.matches(List.of(next, AUTH_TOKEN), URL, PARAMS, SIGNATURE));
        assertFalse(TwilioSignature.matches(List.of(next), URL, PARAMS, SIGNATURE));
    }

    /** The documented example as API Gateway delivers it, with the public URL taken from the request. */
    static APIGatewayV2HTTPEvent documentedRequest() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/myapp.php");
        event.setRawQueryString("foo=1&bar=2");
        event.setHeaders(new HashMap<>(Map.of("host", "mycompany.com", "x-forwarded-proto", "https",
                "content-type", "application/x-www-form-urlencoded", "x-twilio-signature", SIGNATURE)));
        event.setBody("CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309"
                + "&To=%2B18005551212");
        event.setIsBase64Encoded(false);
        return event;
    }

    static TwilioRequests requests(String publicBaseUrl) {
        return new TwilioRequests(NamedSecrets.parse("acme:12345"), publicBaseUrl);
    }

    @Test
    void aFormRequestIsVerifiedAgainstTheUrlRebuiltFromItsHostOrTheConfiguredBase() {
        APIGatewayV2HTTPEvent event = documentedRequest();
        ApiRequest request = ApiRequest.of(event);
        assertEquals(URL, requests(null).publicUrl(request));
        requests(null).verify(request, "acme");
        requests("https://mycompany.com/").verify(request, "acme");
        event.getHeaders().put("x-forwarded-proto", "http");
        assertForbidden(() -> requests(null).verify(ApiRequest.of(event), "acme"), "does not match");
        requests("https://mycompany.com").verify(ApiRequest.of(event), "acme");
        assertForbidden(() -> requests("https://other.example").verify(request, "acme"), "does not match");
        assertForbidden(() -> requests(null).verify(request, "globex"), "no Twilio auth token");
        event.getHeaders().remove("x-twilio-signature");
        assertForbidden(() -> requests(null).verify(ApiRequest.of(event), "acme"), "missing");
    }

    @Test
    void theConfiguredBaseTakesTheRequestPathFromTheRouteOnSoAStagePrefixDoesNotMatter() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/prod/api/v1/twilio/tok");
        event.setRawQueryString("a=%2B1");
        event.setHeaders(Map.of("host", "abc.execute-api.eu-west-1.amazonaws.com"));
        ApiRequest request = ApiRequest.of(event);
        assertEquals("https://hooks.example.com/api/v1/twilio/tok?a=%2B1",
                requests("https://hooks.example.com/").publicUrl(request));
        assertEquals("https://abc.execute-api.eu-west-1.amazonaws.com/prod/api/v1/twilio/tok?a=%2B1",
                requests("").publicUrl(request), "without a base: https, the Host and the whole path");
    }

    @Test
    void aJsonBodyIsSignedThroughItsBodySha256InTheUrl() {
        assertEquals("a9nBmqA0ju/hNViExpshrM61xv4=",
                TwilioSignature.sign(AUTH_TOKEN, URL + "&bodySHA256=" + JSON_BODY_SHA256, List.of()));
        assertEquals("y77kIzt2vzLz71DgmJGsen2scGs=", TwilioSignature.sign(AUTH_TOKEN,
                "https://mycompany.com/myapp.php?bodySHA256=" + JSON_BODY_SHA256, List.of()));
        APIGatewayV2HTTPEvent event = documentedRequest();
        event.setRawQueryString("foo=1&bar=2&bodySHA256=" + JSON_BODY_SHA256);
        event.getHeaders().put("content-type", "application/json");
        event.getHeaders().put("x-twilio-signature", "a9nBmqA0ju/hNViExpshrM61xv4=");
        event.setBody(JSON_BODY);
        requests(null).verify(ApiRequest.of(event), "acme");
        event.setBody(JSON_BODY.replace("true", "false"));
        assertForbidden(() -> requests(null).verify(ApiRequest.of(event), "acme"), "bodySHA256");
        event.setBody(JSON_BODY);
        event.setRawQueryString("foo=1&bar=2");
        assertForbidden(() -> requests(null).verify(ApiRequest.of(event), "acme"), "bodySHA256");
    }

    /**
     * Twilio signs the URL alone for a JSON body (its bodySHA256 covers the body). A multipart or other body under
     * that URL-only signature must not pass: no signed string covers its fields.
     */
    @Test
    void onlyFormAndJsonBodiesAreAcceptedSoAUrlOnlySignatureCannotCarryOtherFields() {
        String urlOnly = TwilioSignature.sign(AUTH_TOKEN, URL, List.of());
        APIGatewayV2HTTPEvent event = documentedRequest();
        event.getHeaders().put("x-twilio-signature", urlOnly);
        event.getHeaders().put("content-type", "multipart/form-data; boundary=XyZ");
        event.setBody("--XyZ\r\nContent-Disposition: form-data; name=\"CallSid\"\r\n\r\nCAforged\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"CallStatus\"\r\n\r\nno-answer\r\n--XyZ--\r\n");
        assertUnsupported(() -> requests(null).verify(ApiRequest.of(event), "acme"),
                "content-type multipart/form-data is not accepted");
        event.getHeaders().put("content-type", "text/plain");
        assertUnsupported(() -> requests(null).verify(ApiRequest.of(event), "acme"), "content-type text/plain");
        event.getHeaders().remove("content-type");
        assertUnsupported(() -> requests(null).verify(ApiRequest.of(event), "acme"), "content-type is missing");
        event.getHeaders().put("x-twilio-signature", "not a signature");
        assertUnsupported(() -> requests(null).verify(ApiRequest.of(event), "globex"), "content-type is missing");

        APIGatewayV2HTTPEvent form = documentedRequest();
        form.getHeaders().put("content-type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8");
        requests(null).verify(ApiRequest.of(form), "acme");
        form.getHeaders().put("x-twilio-signature", urlOnly);
        assertForbidden(() -> requests(null).verify(ApiRequest.of(form), "acme"), "does not match");
    }

    static void assertUnsupported(Runnable verification, String mentions) {
        HttpError error = assertThrows(HttpError.class, verification::run);
        assertEquals(415, error.status());
        assertTrue(error.getMessage().contains(mentions), error.getMessage());
        assertTrue(error.getMessage().contains("application/x-www-form-urlencoded")
                && error.getMessage().contains("bodySHA256"), error.getMessage());
    }

    static void assertForbidden(Runnable verification, String mentions) {
        HttpError error = assertThrows(HttpError.class, verification::run);
        assertEquals(403, error.status());
        assertTrue(error.getMessage().contains(mentions), error.getMessage());
    }

    // Properties over generated requests: distinct parameter names, so no two parameter lists concatenate alike.

    record Signed(String url, List<Map.Entry<String, String>> params, String token) {
        String signature() {
            return TwilioSignature.sign(token.getBytes(StandardCharsets.UTF_8), url, params);
        }

        boolean verifies(String signature) {
            return TwilioSignature.matches(List.of(token.getBytes(StandardCharsets.UTF_8)), url, params, signature);
        }
    }

    @Provide
    Arbitrary<Signed> requests() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> url = Combinators.combine(Arbitraries.of("https", "http"), segment, segment,
                        Arbitraries.strings().withChars("abc=&%2B19").ofMaxLength(20))
                .as((scheme, host, path, query) -> scheme + "://" + host + ".example/" + path
                        + (query.isEmpty() ? "" : "?" + query));
        Arbitrary<Map<String, String>> params = Arbitraries.maps(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(15),
                Arbitraries.strings().all().ofMaxLength(30)).ofMaxSize(12);
        Arbitrary<String> token = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40);
        return Combinators.combine(url, params, token).as((u, p, t) ->
                new Signed(u, List.copyOf(new LinkedHashMap<>(p).entrySet()), t));
    }

    @Property(tries = 500)
    void anyOrderOfTheParametersVerifies(@ForAll("requests") Signed signed, @ForAll long seed) {
        List<Map.Entry<String, String>> shuffled = new ArrayList<>(signed.params());
        Collections.shuffle(shuffled, new Random(seed));
        Signed reordered = new Signed(signed.url(), shuffled, signed.token());
        assertTrue(reordered.verifies(signed.signature()));
        assertEquals(signed.signature(), reordered.signature());
    }

    @Property(tries = 1000)
    void anySingleChangeOfUrlParameterOrTokenFails(@ForAll("requests") Signed signed,
                                                   @ForAll @IntRange(min = 0, max = 5) int change,
                                                   @ForAll @IntRange(min = 0, max = 1000) int where,
                                                   @ForAll char inserted) {
        String signature = signed.signature();
        List<Map.Entry<String, String>> params = new ArrayList<>(signed.params());
        int index = params.isEmpty() ? -1 : where % params.size();
        Signed changed = switch (index < 0 && change >= 2 && change <= 4 ? 5 : change) {
            case 0 -> new Signed(insertIntoPath(signed.url(), where, inserted), params, signed.token());
            // HMAC pads a key with zero bytes, so a key and the same key with NULs appended are one key.
            case 1 -> new Signed(signed.url(), params, signed.token() + (inserted == 0 ? '0' : inserted));
            case 2 -> {
                Map.Entry<String, String> param = params.get(index);
                params.set(index, Map.entry(param.getKey(), param.getValue() + inserted));
                yield new Signed(signed.url(), params, signed.token());
            }
            case 3 -> {
                params.remove(index);
                yield new Signed(signed.url(), params, signed.token());
            }
            case 4 -> {
                Map.Entry<String, String> param = params.get(index);
                params.set(index, Map.entry(param.getKey() + "x", param.getValue()));
                yield new Signed(signed.url(), params, signed.token());
            }
            default -> {
                params.add(Map.entry("Extra" + where, String.valueOf(inserted)));
                yield new Signed(signed.url(), params, signed.token());
            }
        };
        assertFalse(changed.verifies(signature), () -> "change " + change + ": " + changed);
    }

    /** The URL with one more character in its path (after the host, so no port variant can undo it). */
    static String insertIntoPath(String url, int where, char inserted) {
        int pathStart = url.indexOf('/', url.indexOf("://") + 3) + 1;
        int at = pathStart + where % (url.length() - pathStart + 1);
        return url.substring(0, at) + inserted + url.substring(at);
    }
}
