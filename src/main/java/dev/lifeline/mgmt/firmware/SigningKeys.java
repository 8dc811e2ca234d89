package dev.lifeline.mgmt.firmware;

import dev.lifeline.util.Pem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Ed25519 firmware signing keys as PEM files (read and written by {@link Pem}): the private key as
 * PKCS#8 ({@code openssl genpkey -algorithm ed25519} writes the same), the public key as
 * SubjectPublicKeyInfo ({@code openssl pkey -pubout}). A bundle ships the public keys it trusts
 * in {@code keys/*.pub}.
 */
public final class SigningKeys {
    private SigningKeys() {}

    public static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    public static void writePrivate(PrivateKey k, Path f) throws IOException {
        Files.writeString(f, Pem.encode("PRIVATE KEY", k.getEncoded()));
    }

    public static void writePublic(PublicKey k, Path f) throws IOException {
        Files.writeString(f, Pem.encode("PUBLIC KEY", k.getEncoded()));
    }

    /** The public keys in {@code dir}/*.pub; a file that is not one is named in the exception. */
    public static List<PublicKey> trusted(Path dir) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        if (!Files.isDirectory(dir)) return keys;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.pub")) {
            for (Path f : s) keys.add(Pem.publicKey(f, "Ed25519"));
        }
        return keys;
    }
}
