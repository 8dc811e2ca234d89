package dev.lifeline.mgmt.firmware;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The signed firmware image: the bundle's {@code .tar.gz} archive behind a signed manifest.
 *
 * <pre>
 *   "LLFW1\n"                     magic
 *   u32 n, n bytes                manifest (UTF-8 properties: format, version, arch, archive-size, archive-sha256, built)
 *   u32 m, m bytes                Ed25519 signature over magic + manifest
 *   archive-size bytes            the bundle archive, then end of file
 * </pre>
 *
 * <p>Why the signature covers the manifest and the manifest the archive's SHA-256, not the
 * archive itself: Ed25519 (PureEdDSA) needs the whole message at once, and the JDK buffers it in
 * the heap; a 60 MB archive on a small box would need 60 MB of heap. Hash-then-sign checks the same
 * bytes while the archive streams to disk. The signature is checked first, so nothing an attacker
 * wrote is trusted before it is proven, and the archive is never unpacked before its hash matches.
 */
public final class FirmwareImage {
    static final byte[] MAGIC = "LLFW1\n".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_MANIFEST = 4096;
    static final int MAX_SIGNATURE = 256;

    /** What a verified image says about itself. */
    public record Manifest(String version, String arch, long archiveSize, String archiveSha256) { }

    private FirmwareImage() {}

    /** Writes a signed image of {@code archive}. */
    public static void write(Path archive, String version, String arch, String built, PrivateKey key, Path out)
            throws IOException, GeneralSecurityException {
        if (!version.matches("[A-Za-z0-9._+-]{1,64}")) throw new IllegalArgumentException("bad version '" + version + "'");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        }
        String manifest = "format=1\nversion=" + version + "\narch=" + arch + "\narchive-size=" + Files.size(archive)
                + "\narchive-sha256=" + HexFormat.of().formatHex(sha.digest()) + "\nbuilt=" + built + "\n";
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(MAGIC);
        s.update(m);
        byte[] sig = s.sign();
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(out))) {
            o.write(MAGIC);
            o.writeInt(m.length);
            o.write(m);
            o.writeInt(sig.length);
            o.write(sig);
            Files.copy(archive, o);
        }
    }

    /**
     * Reads an image from {@code in}: checks the signature against {@code trusted} before anything
     * else, then the architecture, then streams the archive to {@code archiveOut}, checking its size and SHA-256.
     *
     * @param maxBytes the largest archive accepted (nothing the network sends grows without bound)
     * @param arch     the architecture the image must be built for, or null to take any (checked
     *                 before the archive is read, so a wrong image is not downloaded in full)
     */
    public static Manifest read(InputStream in, List<PublicKey> trusted, Path archiveOut, long maxBytes, String arch)
            throws FirmwareException, IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            d.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new FirmwareException(FirmwareException.CORRUPTED, "not a Lifeline firmware image (bad magic)");
            byte[] m = block(d, MAX_MANIFEST, "manifest");
            byte[] sig = block(d, MAX_SIGNATURE, "signature");
            if (!signedByOneOf(trusted, m, sig)) {
                throw new FirmwareException(FirmwareException.AUTHENTICATION,
                        "the image's signature is not from a trusted key (" + trusted.size() + " key(s) trusted)");
            }
            Manifest man = manifest(m);
            if (arch != null && !arch.equals(man.arch())) {
                throw new FirmwareException(FirmwareException.CORRUPTED, "the image is for " + man.arch() + "; this box is " + arch);
            }
            if (man.archiveSize() > maxBytes) {
                throw new FirmwareException(FirmwareException.INCOMPLETE, "the archive is " + man.archiveSize() + " bytes; the limit is " + maxBytes);
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long left = man.archiveSize();
            try (OutputStream o = Files.newOutputStream(archiveOut)) {
                byte[] buf = new byte[65536];
                while (left > 0) {
                    int n = d.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new FirmwareException(FirmwareException.CORRUPTED,
                            "the image ends " + left + " bytes before its archive does");
                    sha.update(buf, 0, n);
                    o.write(buf, 0, n);
                    left -= n;
                }
            }
            if (d.read() >= 0) throw new FirmwareException(FirmwareException.CORRUPTED, "the image has bytes after its archive");
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equals(man.archiveSha256())) {
                throw new FirmwareException(FirmwareException.CORRUPTED, "the archive's SHA-256 is " + got + ", the signed manifest says "
                        + man.archiveSha256());
            }
            return man;
        } catch (EOFException e) {
            throw new FirmwareException(FirmwareException.CORRUPTED, "the image is cut short");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without SHA-256/Ed25519", e);
        }
    }

    private static byte[] block(DataInputStream d, int max, String what) throws IOException, FirmwareException {
        int n = d.readInt();
        if (n <= 0 || n > max) throw new FirmwareException(FirmwareException.CORRUPTED, "the image's " + what + " length " + n + " is out of range");
        byte[] b = new byte[n];
        d.readFully(b);
        return b;
    }

    private static boolean signedByOneOf(List<PublicKey> trusted, byte[] manifest, byte[] sig) {
        for (PublicKey k : trusted) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(k);
                s.update(MAGIC);
                s.update(manifest);
                if (s.verify(sig)) return true;
            } catch (GeneralSecurityException e) {
                // a malformed signature is simply not a valid one
            }
        }
        return false;
    }

    private static Manifest manifest(byte[] m) throws FirmwareException, IOException {
        Properties p = new Properties();
        p.load(new StringReader(new String(m, StandardCharsets.UTF_8)));
        if (!"1".equals(p.getProperty("format"))) throw new FirmwareException(FirmwareException.CORRUPTED, "unknown image format " + p.getProperty("format"));
        String version = p.getProperty("version"), arch = p.getProperty("arch"), sha = p.getProperty("archive-sha256");
        long size;
        try {
            size = Long.parseLong(p.getProperty("archive-size", ""));
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (version == null || arch == null || sha == null || !sha.matches("[0-9a-f]{64}") || size < 0) {
            throw new FirmwareException(FirmwareException.CORRUPTED, "the manifest lacks version, arch, archive-size or archive-sha256");
        }
        return new Manifest(version, arch, size, sha);
    }

}
