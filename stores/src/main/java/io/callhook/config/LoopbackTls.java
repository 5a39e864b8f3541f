package io.callhook.config;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS identity for a loopback endpoint, made in-process with the JDK alone: a certificate authority of its own
 * and a server certificate for {@code localhost} and {@code 127.0.0.1} that it issued, both valid for a day, the
 * key pair made on the spot and never written anywhere. A client meets the same chain a service endpoint presents
 * (a server certificate issued by a trusted authority, so the JDK validates a certification path rather than
 * recognising a trusted certificate), with a 2,048-bit RSA key as DynamoDB's certificates have.
 *
 * <p>Nothing trusts it unless told: {@link #clientContext()} trusts this authority only, and a JVM's default trust
 * store never contains it unless a test or benchmark adds {@link #authority()} to a copy. One key pair signs both
 * certificates (an RSA key costs a fresh JVM a few hundred milliseconds of CPU to make; a client validates the same
 * signatures either way).
 */
public final class LoopbackTls {

    /** The host name the server certificate is for (and a client must connect to). */
    public static final String HOST = "localhost";

    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final PrivateKey key;
    private final X509Certificate authority;
    private final X509Certificate server;

    private LoopbackTls(PrivateKey key, X509Certificate authority, X509Certificate server) {
        this.key = key;
        this.authority = authority;
        this.server = server;
    }

    /** Makes a fresh key pair, authority and server certificate. */
    public static LoopbackTls create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            byte[] authorityName = name("callhook loopback authority");
            byte[] validity = seq(utcTime(now.minus(Duration.ofHours(1))), utcTime(now.plus(Duration.ofDays(1))));
            byte[] caConstraints = seq(oid(BASIC_CONSTRAINTS), new byte[] {0x01, 0x01, (byte) 0xff},
                    octets(seq(new byte[] {0x01, 0x01, (byte) 0xff})));
            byte[] altNames = seq(oid(SUBJECT_ALT_NAME),
                    octets(seq(tlv(0x82, HOST.getBytes(StandardCharsets.US_ASCII)),
                            tlv(0x87, new byte[] {127, 0, 0, 1}))));
            X509Certificate authority = certificate(keys, 1, authorityName, authorityName, validity, caConstraints);
            X509Certificate server = certificate(keys, 2, authorityName, name(HOST), validity, altNames);
            return new LoopbackTls(keys.getPrivate(), authority, server);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a loopback TLS identity", e);
        }
    }

    /** The authority that issued the server certificate: what a client must trust. */
    public X509Certificate authority() {
        return authority;
    }

    /** A server's TLS context presenting the server certificate and its authority. */
    public SSLContext serverContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new X509ExtendedKeyManager[] {new KeyManager()}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client's TLS context that trusts this authority only, through the JDK's default trust manager factory (the
     * PKIX validator a client's default context uses, with its host name check).
     */
    public SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("callhook-loopback", authority);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(KeyPair keys, int serial, byte[] issuer, byte[] subject,
                                               byte[] validity, byte[] extension) throws GeneralSecurityException {
        byte[] algorithm = seq(oid(SHA256_WITH_RSA), new byte[] {0x05, 0x00});
        byte[] tbs = seq(tlv(0xa0, integer(BigInteger.TWO)), integer(BigInteger.valueOf(serial)
                .shiftLeft(64).or(new BigInteger(63, new SecureRandom()))), algorithm, issuer, validity, subject,
                keys.getPublic().getEncoded(), tlv(0xa3, seq(extension)));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] name(String commonName) {
        return seq(tlv(0x31, seq(oid(COMMON_NAME), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] utcTime(Instant instant) {
        return tlv(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] octets(byte[] content) {
        return tlv(0x04, content);
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((arc >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tlv(0x30, content.toByteArray());
    }

    /** One DER element: tag, definite length, content. */
    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** The server's one identity, without a key store (nothing to encrypt, load or unlock). */
    private final class KeyManager extends X509ExtendedKeyManager {

        private static final String ALIAS = "callhook-loopback";

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return "RSA".equals(keyType) ? new String[] {ALIAS} : null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "RSA".equals(keyType) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return chooseServerAlias(keyType, issuers, null);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? new X509Certificate[] {server, authority} : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
