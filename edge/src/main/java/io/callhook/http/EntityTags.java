package io.callhook.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Conditional GETs for lists that clients poll: a strong {@code ETag} computed from the answer's bytes, and
 * {@code 304 Not Modified} (no body) when the request's {@code If-None-Match} names it. The answer is still built
 * and read from the table (the tag is of what it would say), so a 304 saves the transfer and the client's work,
 * not the query; it is always exactly as fresh as a full answer.
 *
 * <p>A list whose store keeps a change marker ({@link #conditional(ApiRequest, String, Supplier)}) is tagged with
 * the marker and the request's parameters instead: a matching {@code If-None-Match} is answered {@code 304}
 * without building the answer at all (one read of the marker).
 */
public final class EntityTags {

    /** Lets the browser keep the answer but never use it without asking; agents' answers are never shared. */
    static final String CACHE_CONTROL = "private, no-cache";

    private EntityTags() {
    }

    /** {@code response} with its tag, or a 304 carrying only the tag when the client already has those bytes. */
    public static APIGatewayV2HTTPResponse conditional(ApiRequest request, APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != 200 || response.getBody() == null) {
            return response;
        }
        String tag = tagOf(response.getBody());
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.put("etag", tag);
        headers.put("cache-control", CACHE_CONTROL);
        if (matches(request.header("if-none-match"), tag)) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(304).withHeaders(headers).withBody("")
                    .withIsBase64Encoded(false).build();
        }
        response.setHeaders(headers);
        return response;
    }

    /**
     * A list tagged by its store's change marker: the tag is computed from {@code marker}, the marker (read before
     * the list) joined with everything else the answer depends on (organization, filters, range, page); a
     * matching {@code If-None-Match} gets a 304 and {@code answer} is never called, otherwise the answer carries
     * the tag. Since the marker was read first, the answer is at least as new as the marker it is tagged with.
     */
    public static APIGatewayV2HTTPResponse conditional(ApiRequest request, String marker,
                                                       Supplier<APIGatewayV2HTTPResponse> answer) {
        String tag = tagOf("marker\n" + marker);
        Map<String, String> headers = new HashMap<>();
        headers.put("etag", tag);
        headers.put("cache-control", CACHE_CONTROL);
        if (matches(request.header("if-none-match"), tag)) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(304).withHeaders(headers).withBody("")
                    .withIsBase64Encoded(false).build();
        }
        APIGatewayV2HTTPResponse response = answer.get();
        if (response.getStatusCode() != 200) {
            return response;
        }
        Map<String, String> all = new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        all.putAll(headers);
        response.setHeaders(all);
        return response;
    }

    /** A strong entity tag of a body: 128 bits of its SHA-256, base64url, quoted. */
    static String tagOf(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16))
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Whether an {@code If-None-Match} value names {@code tag}: {@code *}, or a comma-separated list of tags
     * compared weakly (RFC 9110 section 13.1.2: a {@code W/} prefix is ignored).
     */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.trim();
            if (value.equals("*")) {
                return true;
            }
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
