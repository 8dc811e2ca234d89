package dev.lifeline.mgmt.firmware;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The signing side, for {@code scripts/build-firmware} (and tests):
 *
 * <pre>
 *   keygen  PRIVATE.pem PUBLIC.pub                      a new Ed25519 key pair
 *   sign    PRIVATE.pem ARCHIVE.tar.gz VERSION ARCH OUT  a signed image of a bundle archive
 *   verify  KEYS-DIR IMAGE                              checks an image as a gateway would; prints its manifest
 * </pre>
 */
public final class FirmwareTool {
    private FirmwareTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) usage();
        switch (args[0]) {
            case "keygen" -> {
                need(args, 3);
                KeyPair kp = SigningKeys.generate();
                SigningKeys.writePrivate(kp.getPrivate(), Path.of(args[1]));
                Files.setPosixFilePermissions(Path.of(args[1]), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                SigningKeys.writePublic(kp.getPublic(), Path.of(args[2]));
            }
            case "sign" -> {
                need(args, 6);
                FirmwareImage.write(Path.of(args[2]), args[3], args[4], Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        dev.lifeline.util.Pem.privateKey(Path.of(args[1])), Path.of(args[5]));
            }
            case "verify" -> {
                need(args, 3);
                Path out = Files.createTempFile("lifeline-verify", ".tar.gz");
                try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
                    FirmwareImage.Manifest m = FirmwareImage.read(in, SigningKeys.trusted(Path.of(args[1])), out, Upgrader.MAX_IMAGE_BYTES, null);
                    System.out.println("verified: version " + m.version() + ", arch " + m.arch() + ", archive " + m.archiveSize()
                            + " bytes, sha256 " + m.archiveSha256());
                } catch (FirmwareException e) {
                    System.err.println("refused (" + e.code() + "): " + e.getMessage());
                    System.exit(1);
                } finally {
                    Files.deleteIfExists(out);
                }
            }
            default -> usage();
        }
    }

    private static void need(String[] args, int n) {
        if (args.length != n) usage();
    }

    private static void usage() {
        System.err.println("usage: FirmwareTool keygen PRIVATE PUBLIC | sign PRIVATE ARCHIVE VERSION ARCH OUT"
                + " | verify KEYS-DIR IMAGE");
        System.exit(2);
    }
}
