package io.callhook.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code application/x-www-form-urlencoded} bodies, as browsers and curl send them, and query strings. In a body
 * {@code +} is a space; in a query string it stays a {@code +} (as API Gateway decodes query parameters), so
 * {@code ?line=+4930500} means the number.
 */
final class FormUrlEncoded {

    private FormUrlEncoded() {
    }

    static Fields parse(String text) {
        return parse(text, true);
    }

    static Fields parseQuery(String text) {
        return parse(text, false);
    }

    private static Fields parse(String text, boolean plusIsSpace) {
        Fields.Builder builder = Fields.builder();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                builder.add(decode(name, plusIsSpace), decode(value, plusIsSpace));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("form body is malformed: bad percent-encoding");
            }
        }
        return builder.build();
    }

    private static String decode(String text, boolean plusIsSpace) {
        return URLDecoder.decode(plusIsSpace ? text : text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
