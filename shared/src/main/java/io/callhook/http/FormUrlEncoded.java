package io.callhook.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** {@code application/x-www-form-urlencoded} text, as browsers and curl send it. */
final class FormUrlEncoded {

    private FormUrlEncoded() {
    }

    static Fields parse(String text) {
        Fields.Builder builder = Fields.builder();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                builder.add(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("form body is malformed: bad percent-encoding");
            }
        }
        return builder.build();
    }
}
