package io.callhook.cti;

import io.callhook.auth.Hmac;
import io.callhook.auth.NamedSecrets;
import io.callhook.http.ApiRequest;
import io.callhook.http.HttpError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The optional body signature of generic CTI requests, on top of the path token: for an integration that has keys
 * configured, every request must carry {@code X-Callhook-Signature: sha256=<hex>}, the lower- or upper-case hex
 * HMAC-SHA256 of the raw body (the bytes sent, before any decoding) under one of the integration's keys. Other
 * integrations are not asked for one. There is no timestamp: every call event is idempotent, so a replayed request
 * changes nothing.
 */
public final class CtiSignatures {

    /** Comma-separated {@code integration:key} entries (several per integration while rotating). */
    public static final String VARIABLE = "CTI_SIGNATURE_KEYS";
    public static final String HEADER = "x-callhook-signature";
    static final String PREFIX = "sha256=";

    private final NamedSecrets keys;

    public CtiSignatures(NamedSecrets keys) {
        this.keys = keys;
    }

    /** No integration signs. */
    public static CtiSignatures none() {
        return new CtiSignatures(NamedSecrets.none());
    }

    /** The header value a PBX sends for {@code body} signed with {@code key}. */
    public static String sign(byte[] key, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(Hmac.of(Hmac.SHA256, key, body));
    }

    /** @throws HttpError 403 when the integration signs and the request's signature is missing or wrong */
    void verify(ApiRequest request, String source) {
        List<byte[]> integrationKeys = keys.of(source);
        if (integrationKeys.isEmpty()) {
            return;
        }
        String header = request.header(HEADER);
        if (header == null || header.isBlank()) {
            throw HttpError.forbidden("X-Callhook-Signature header is missing; this integration signs its requests");
        }
        byte[] presented = header.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] body = request.body();
        boolean match = false;
        for (byte[] key : integrationKeys) {
            match |= MessageDigest.isEqual(sign(key, body).getBytes(StandardCharsets.US_ASCII), presented);
        }
        if (!match) {
            throw HttpError.forbidden("X-Callhook-Signature does not match the body: expected sha256=<hex "
                    + "HMAC-SHA256 of the raw body under the integration's key>");
        }
    }
}
