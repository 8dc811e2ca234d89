package dev.lifeline.mgmt.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed image format: what verifies, and the fault code of each way an image can be bad. */
class FirmwareImageTest {
    @TempDir Path dir;
    KeyPair key;
    byte[] archive;
    byte[] image;

    @BeforeEach
    void setUp() throws Exception {
        key = SigningKeys.generate();
        archive = new byte[300_000];
        new Random(7).nextBytes(archive);
        Files.write(dir.resolve("a.tar.gz"), archive);
        FirmwareImage.write(dir.resolve("a.tar.gz"), "2.0.1", "amd64", "2026-12-06T00:00:00Z", key.getPrivate(), dir.resolve("a.fw"));
        image = Files.readAllBytes(dir.resolve("a.fw"));
    }

    private FirmwareImage.Manifest read(byte[] img, List<java.security.PublicKey> trusted, long max) throws Exception {
        return FirmwareImage.read(new ByteArrayInputStream(img), trusted, dir.resolve("out.tar.gz"), max, null);
    }

    private int fault(byte[] img, List<java.security.PublicKey> trusted) {
        return assertThrows(FirmwareException.class, () -> read(img, trusted, 1 << 20)).code();
    }

    @Test
    void aSignedImageVerifiesAndYieldsTheArchive() throws Exception {
        FirmwareImage.Manifest m = read(image, List.of(key.getPublic()), 1 << 20);
        assertEquals("2.0.1", m.version());
        assertEquals("amd64", m.arch());
        assertEquals(archive.length, m.archiveSize());
        assertArrayEquals(archive, Files.readAllBytes(dir.resolve("out.tar.gz")));
    }

    @Test
    void keysRoundTripThroughPemFiles() throws Exception {
        SigningKeys.writePublic(key.getPublic(), dir.resolve("k.pub"));
        SigningKeys.writePrivate(key.getPrivate(), dir.resolve("k.pem"));
        assertTrue(Files.readString(dir.resolve("k.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
        Path img2 = dir.resolve("b.fw");
        FirmwareImage.write(dir.resolve("a.tar.gz"), "3", "amd64", "x", dev.lifeline.util.Pem.privateKey(dir.resolve("k.pem")), img2);
        Files.createDirectories(dir.resolve("keys"));
        Files.move(dir.resolve("k.pub"), dir.resolve("keys/k.pub"));
        assertEquals("3", read(Files.readAllBytes(img2), SigningKeys.trusted(dir.resolve("keys")), 1 << 20).version());
    }

    @Test
    void anotherKeysSignatureIsAnAuthenticationFailure() throws Exception {
        assertEquals(FirmwareException.AUTHENTICATION, fault(image, List.of(SigningKeys.generate().getPublic())));
        assertEquals(FirmwareException.AUTHENTICATION, fault(image, List.of()));
    }

    @Test
    void aChangedManifestIsAnAuthenticationFailure() {
        byte[] bad = image.clone();
        int at = new String(bad, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("version=2.0.1") + 8;
        bad[at] = '9';
        assertEquals(FirmwareException.AUTHENTICATION, fault(bad, List.of(key.getPublic())));
    }

    @Test
    void aChangedArchiveByteIsACorruptedFile() {
        byte[] bad = image.clone();
        bad[bad.length - 1000] ^= 1;
        assertEquals(FirmwareException.CORRUPTED, fault(bad, List.of(key.getPublic())));
    }

    @Test
    void aCutOrPaddedImageIsACorruptedFile() {
        assertEquals(FirmwareException.CORRUPTED, fault(Arrays.copyOf(image, image.length - 1), List.of(key.getPublic())));
        assertEquals(FirmwareException.CORRUPTED, fault(Arrays.copyOf(image, image.length + 1), List.of(key.getPublic())));
        assertEquals(FirmwareException.CORRUPTED, fault(Arrays.copyOf(image, 20), List.of(key.getPublic())));
        assertEquals(FirmwareException.CORRUPTED, fault("<html>not found</html>".getBytes(), List.of(key.getPublic())));
    }

    @Test
    void anImageForAnotherArchitectureIsRefusedBeforeItsArchiveIsRead() {
        int code = assertThrows(FirmwareException.class, () -> FirmwareImage.read(new ByteArrayInputStream(image),
                List.of(key.getPublic()), dir.resolve("out.tar.gz"), 1 << 20, "arm64")).code();
        assertEquals(FirmwareException.CORRUPTED, code);
        assertTrue(!Files.exists(dir.resolve("out.tar.gz")));
    }

    @Test
    void anArchiveOverTheLimitIsRefusedBeforeItIsRead() {
        int code = assertThrows(FirmwareException.class, () -> read(image, List.of(key.getPublic()), 1000)).code();
        assertEquals(FirmwareException.INCOMPLETE, code);
        assertTrue(!Files.exists(dir.resolve("out.tar.gz")));
    }
}
