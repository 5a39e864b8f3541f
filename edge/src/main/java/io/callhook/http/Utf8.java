package io.callhook.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict text decoding: bytes that are not valid in their charset (invalid UTF-8, overlong forms, encoded
 * surrogates) and strings with lone surrogates are refused with 400, never turned into U+FFFD or {@code ?}.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** @throws HttpError 400 "{@code what} is not valid UTF-8" */
    public static String decode(byte[] bytes, String what) {
        return decode(bytes, StandardCharsets.UTF_8, what);
    }

    /** @throws HttpError 400 "{@code what} is not valid {@code charset}" */
    public static String decode(byte[] bytes, Charset charset, String what) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest(what + " is not valid " + charset.name());
        }
    }

    /** The UTF-8 bytes of a string. @throws HttpError 400 when it has a lone surrogate */
    public static byte[] encode(CharSequence text, String what) {
        try {
            ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest(what + " is not valid UTF-8");
        }
    }
}
