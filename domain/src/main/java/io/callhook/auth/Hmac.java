package io.callhook.auth;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMACs of request data, as webhook senders sign it. */
public final class Hmac {

    /** HMAC-SHA1, Twilio's request signature. */
    public static final String SHA1 = "HmacSHA1";
    /** HMAC-SHA256. */
    public static final String SHA256 = "HmacSHA256";

    private Hmac() {
    }

    /** The HMAC of {@code data} under {@code key} with {@code algorithm} ({@link #SHA1} or {@link #SHA256}). */
    public static byte[] of(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
