package dev.lifeline.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM files as OpenSSL writes them: X.509 certificates (one or a chain), PKCS#8 private keys
 * ({@code BEGIN PRIVATE KEY}, RSA, EC or Ed25519) and public keys ({@code BEGIN PUBLIC KEY}),
 * without a library: the JDK parses the DER.
 * Encrypted and legacy "BEGIN RSA PRIVATE KEY" keys are refused with a message saying how to
 * convert them ({@code openssl pkcs8 -topk8 -nocrypt}).
 */
public final class Pem {
    private Pem() {}

    public static List<X509Certificate> certificates(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
            if (out.isEmpty()) throw new IOException("no certificate in " + pem);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY") || text.contains("ENCRYPTED")) {
            throw new IOException(pem + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert with "
                    + "openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        byte[] der = block(pem, text, "PRIVATE KEY");
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new IOException(pem + ": not an RSA, EC or Ed25519 private key");
    }

    /** A public key as {@code openssl pkey -pubout} writes it ({@code BEGIN PUBLIC KEY}, SubjectPublicKeyInfo) of {@code algorithm}. */
    public static PublicKey publicKey(Path pem, String algorithm) throws IOException {
        byte[] der = block(pem, Files.readString(pem, StandardCharsets.US_ASCII), "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": not an " + algorithm + " public key: " + e.getMessage(), e);
        }
    }

    /** {@code der} as a PEM block of {@code type} ({@code PRIVATE KEY}, {@code PUBLIC KEY}), 64 characters a line. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The DER inside the first {@code type} block of {@code text} (read from {@code pem}). */
    private static byte[] block(Path pem, String text, String type) throws IOException {
        int b = text.indexOf("-----BEGIN " + type + "-----");
        int e = text.indexOf("-----END " + type + "-----");
        if (b < 0 || e < b) throw new IOException(pem + ": no BEGIN " + type + " block");
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + type.length() + 16, e));
        } catch (IllegalArgumentException x) {
            throw new IOException(pem + ": the " + type + " block is not base64", x);
        }
    }

    /** Key managers presenting {@code certPem} (chain) with its PKCS#8 key {@code keyPem}: a TLS server or client identity. */
    public static javax.net.ssl.KeyManager[] keyManagers(Path certPem, Path keyPem) throws IOException {
        try {
            java.security.cert.Certificate[] chain = certificates(certPem).toArray(new java.security.cert.Certificate[0]);
            java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            ks.load(null, null);
            char[] none = new char[0];
            ks.setKeyEntry("identity", privateKey(keyPem), none, chain);
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, none);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException(certPem + ": " + e.getMessage(), e);
        }
    }
}
