package io.callhook.twilio;

import io.callhook.auth.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): the base64 HMAC-SHA1, keyed with the account's auth
 * token, of the full URL Twilio requested (query string included) followed by every form parameter, sorted by name,
 * each as its name immediately followed by its value. A JSON body is signed through the URL alone, whose
 * {@code bodySHA256} query parameter carries the body's hex SHA-256.
 *
 * <p>Like Twilio's own validators, a URL is accepted as written, without its port, and with its scheme's default
 * port ({@code :443}, {@code :80}) added, since the URL Twilio signed and the one rebuilt here may differ in just
 * that.
 */
final class TwilioSignature {

    private TwilioSignature() {
    }

    /** The signature Twilio sends for {@code url} and {@code params} under {@code authToken}. */
    static String sign(byte[] authToken, String url, List<Map.Entry<String, String>> params) {
        return Base64.getEncoder().encodeToString(Hmac.of(Hmac.SHA1, authToken, signedData(url, params)));
    }

    /**
     * Whether {@code presented} is the signature of any variant of {@code url} with {@code params} under any of
     * {@code authTokens}. Every combination is computed and compared in constant time, whichever matches.
     */
    static boolean matches(List<byte[]> authTokens, String url, List<Map.Entry<String, String>> params,
                           String presented) {
        if (presented == null) {
            return false;
        }
        byte[] expected = presented.trim().getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String variant : urlVariants(url)) {
            for (byte[] token : authTokens) {
                byte[] actual = sign(token, variant, params).getBytes(StandardCharsets.US_ASCII);
                match |= MessageDigest.isEqual(actual, expected);
            }
        }
        return match;
    }

    /** The URL followed by the parameters sorted by name (then value), each name followed by its value. */
    static byte[] signedData(String url, List<Map.Entry<String, String>> params) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(params);
        sorted.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        StringBuilder data = new StringBuilder(url);
        for (Map.Entry<String, String> param : sorted) {
            data.append(param.getKey()).append(param.getValue());
        }
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The URL as written, without its port, and with its scheme's default port: in that order, no repeats. */
    static List<String> urlVariants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        int schemeEnd = url.indexOf("://");
        if (schemeEnd > 0) {
            String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            int hostStart = schemeEnd + 3;
            int hostEnd = hostStart;
            while (hostEnd < url.length() && "/?#".indexOf(url.charAt(hostEnd)) < 0) {
                hostEnd++;
            }
            String authority = url.substring(hostStart, hostEnd);
            int colon = authority.lastIndexOf(':');
            boolean hasPort = colon >= 0 && authority.indexOf(']', colon) < 0;
            String host = hasPort ? authority.substring(0, colon) : authority;
            String before = url.substring(0, hostStart);
            String after = url.substring(hostEnd);
            variants.add(before + host + after);
            String defaultPort = scheme.equals("https") ? ":443" : scheme.equals("http") ? ":80" : null;
            if (!hasPort && defaultPort != null) {
                variants.add(before + host + defaultPort + after);
            }
        }
        return List.copyOf(variants);
    }
}
