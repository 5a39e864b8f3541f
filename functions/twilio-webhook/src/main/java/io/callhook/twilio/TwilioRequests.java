package io.callhook.twilio;

import io.callhook.auth.NamedSecrets;
import io.callhook.http.ApiRequest;
import io.callhook.http.HttpError;
import io.callhook.http.JsonBody;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that a request to {@code /api/v1/twilio/{token}} was signed by Twilio for the integration its token
 * names, before anything of it is read (see {@link TwilioSignature}).
 *
 * <p>The URL Twilio signed is the public one, which the function does not see as such: with a configured public
 * base URL ({@code PUBLIC_BASE_URL}, say {@code https://hooks.example.com}) it is that base followed by the
 * request's path from {@code /api/v1/twilio/} on; otherwise the first {@code X-Forwarded-Proto} ({@code https} if
 * none), the {@code Host} header (else API Gateway's domain name) and the request's path. The query string is
 * appended as the client sent it.
 */
final class TwilioRequests {

    static final String SIGNATURE_HEADER = "x-twilio-signature";
    static final String ROUTE_PREFIX = "/api/v1/twilio/";
    static final String FORM = "application/x-www-form-urlencoded";

    private final NamedSecrets authTokens;
    private final String publicBaseUrl;

    /**
     * @param authTokens    each integration's Twilio auth tokens (several while one is rotated)
     * @param publicBaseUrl the scheme, host and any base path Twilio calls, or {@code null} to take them from
     *                      the request
     */
    TwilioRequests(NamedSecrets authTokens, String publicBaseUrl) {
        this.authTokens = authTokens;
        this.publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null
                : publicBaseUrl.trim().replaceAll("/+$", "");
    }

    /**
     * Accepts only what Twilio signs whole: a form body, every parameter of which is signed, or a JSON body whose
     * SHA-256 is the signed URL's {@code bodySHA256} query parameter. Any other body (multipart above all, whose
     * fields no signature covers) is refused before the signature is looked at.
     *
     * @throws HttpError 415 for a content type other than {@code application/x-www-form-urlencoded} or JSON; 403
     *                   when the request is not signed with one of the integration's auth tokens
     */
    void verify(ApiRequest request, String source) {
        String mediaType = JsonBody.mediaType(request.contentType());
        boolean json = JsonBody.isJson(mediaType);
        if (!json && !mediaType.equals(FORM)) {
            throw HttpError.unsupportedMediaType((mediaType.isEmpty() ? "content-type is missing"
                    : "content-type " + mediaType + " is not accepted for Twilio callbacks")
                    + "; send " + FORM + " (every parameter signed) or application/json with a bodySHA256 query "
                    + "parameter");
        }
        List<byte[]> tokens = authTokens.of(source);
        if (tokens.isEmpty()) {
            throw HttpError.forbidden("no Twilio auth token is configured for this integration (TwilioAuthTokens)");
        }
        String presented = request.header(SIGNATURE_HEADER);
        if (presented == null || presented.isBlank()) {
            throw HttpError.forbidden("X-Twilio-Signature header is missing");
        }
        String url = publicUrl(request);
        byte[] body = request.body();
        List<Map.Entry<String, String>> params;
        if (json) {
            String bodyHash = request.queryParameter("bodySHA256");
            if (bodyHash == null || !MessageDigest.isEqual(sha256Hex(body),
                    bodyHash.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                throw HttpError.forbidden("bodySHA256 query parameter does not match the body");
            }
            params = List.of();
        } else {
            params = formParameters(new String(body, StandardCharsets.UTF_8));
        }
        if (!TwilioSignature.matches(tokens, url, params, presented)) {
            throw HttpError.forbidden("X-Twilio-Signature does not match this request; check that the URL Twilio "
                    + "calls is exactly the public URL (PublicBaseUrl) and the integration's auth token");
        }
    }

    /** The public URL Twilio called, as rebuilt for this request (see the class comment). */
    String publicUrl(ApiRequest request) {
        String path = request.path();
        String base;
        if (publicBaseUrl != null) {
            int route = path.indexOf(ROUTE_PREFIX);
            base = publicBaseUrl + (route < 0 ? path : path.substring(route));
        } else {
            String proto = request.header("x-forwarded-proto");
            proto = proto == null || proto.isBlank() ? "https" : proto.split(",", 2)[0].trim();
            String host = request.header("host");
            if (host == null || host.isBlank()) {
                host = request.domainName();
            }
            if (host == null || host.isBlank()) {
                throw HttpError.forbidden("cannot tell the URL Twilio called: no Host header; set PublicBaseUrl");
            }
            base = proto + "://" + host.trim() + path;
        }
        String query = request.rawQueryString();
        return query.isEmpty() ? base : base + "?" + query;
    }

    /** Form parameters with their names exactly as sent (a {@code []} suffix kept), {@code +} as a space. */
    static List<Map.Entry<String, String>> formParameters(String body) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                params.add(Map.entry(decode(equals < 0 ? pair : pair.substring(0, equals)),
                        decode(equals < 0 ? "" : pair.substring(equals + 1))));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("form body is malformed: bad percent-encoding");
            }
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static byte[] sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
