package io.callhook.http;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * {@code application/x-www-form-urlencoded} bodies, as browsers and curl send them, and query strings. In a body
 * {@code +} is a space; in a query string it stays a {@code +} (as API Gateway decodes query parameters), so
 * {@code ?line=+4930500} means the number. Percent-escapes must decode to valid UTF-8 (else 400).
 */
final class FormUrlEncoded {

    private FormUrlEncoded() {
    }

    static Fields parse(String text) {
        return parse(text, true, "form body");
    }

    static Fields parseQuery(String text) {
        return parse(text, false, "query string");
    }

    private static Fields parse(String text, boolean plusIsSpace, String what) {
        Fields.Builder builder = Fields.builder();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                builder.add(decode(name, plusIsSpace, what), decode(value, plusIsSpace, what));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest(what + " is malformed: bad percent-encoding");
            }
        }
        return builder.build();
    }

    /** Percent-decoding into bytes, then strict UTF-8. @throws IllegalArgumentException for a bad escape */
    private static String decode(String text, boolean plusIsSpace, String what) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int literal = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || (c == '+' && plusIsSpace)) {
                bytes.writeBytes(Utf8.encode(text.subSequence(literal, i), what));
                if (c == '+') {
                    bytes.write(' ');
                } else {
                    if (i + 2 >= text.length()) {
                        throw new IllegalArgumentException("truncated escape");
                    }
                    // ASCII hex digits only (fromHexDigit throws NumberFormatException, an IllegalArgumentException)
                    bytes.write(HexFormat.fromHexDigit(text.charAt(i + 1)) * 16
                            + HexFormat.fromHexDigit(text.charAt(i + 2)));
                    i += 2;
                }
                literal = i + 1;
            }
        }
        bytes.writeBytes(Utf8.encode(text.subSequence(literal, text.length()), what));
        return Utf8.decode(bytes.toByteArray(), what);
    }
}
