package dev.lifeline.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM files as OpenSSL writes them: X.509 certificates (one or a chain) and PKCS#8 private keys
 * ({@code BEGIN PRIVATE KEY}, RSA, EC or Ed25519), without a library: the JDK parses the DER.
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
        int b = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int e = text.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b) throw new IOException(pem + ": no BEGIN PRIVATE KEY block");
        byte[] der = Base64.getMimeDecoder().decode(text.substring(b + 27, e));
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new IOException(pem + ": not an RSA, EC or Ed25519 private key");
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
