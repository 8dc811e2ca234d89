package dev.lifeline.mgmt.firmware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Ed25519 firmware signing keys as PEM files: the private key as PKCS#8
 * ({@code openssl genpkey -algorithm ed25519} writes the same), the public key as
 * SubjectPublicKeyInfo ({@code openssl pkey -pubout}). A bundle ships the public keys it trusts
 * in {@code keys/*.pub}.
 */
public final class SigningKeys {
    private SigningKeys() {}

    public static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    public static void writePrivate(PrivateKey k, Path f) throws IOException {
        Files.writeString(f, pem("PRIVATE KEY", k.getEncoded()));
    }

    public static void writePublic(PublicKey k, Path f) throws IOException {
        Files.writeString(f, pem("PUBLIC KEY", k.getEncoded()));
    }

    public static PrivateKey readPrivate(Path f) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(f, "PRIVATE KEY")));
    }

    public static PublicKey readPublic(Path f) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(f, "PUBLIC KEY")));
    }

    /** The public keys in {@code dir}/*.pub; a file that is not one is named in the exception. */
    public static List<PublicKey> trusted(Path dir) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        if (!Files.isDirectory(dir)) return keys;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.pub")) {
            for (Path f : s) {
                try {
                    keys.add(readPublic(f));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new IOException(f + " is not an Ed25519 public key in PEM: " + e.getMessage(), e);
                }
            }
        }
        return keys;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(Path f, String type) throws IOException {
        String text = Files.readString(f);
        int a = text.indexOf("-----BEGIN " + type + "-----"), b = text.indexOf("-----END " + type + "-----");
        if (a < 0 || b < a) throw new IOException(f + " has no PEM " + type);
        return Base64.getMimeDecoder().decode(text.substring(a + type.length() + 16, b));
    }
}
