package dev.lifeline.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority made with the {@code openssl} command in a test's temporary
 * directory: a CA and certificates it issues with the subjectAltNames a test needs (P-256 keys,
 * PKCS#8 files, mode 600). Nothing of it is committed; every run has its own keys.
 */
public final class TestCa {
    /** A certificate, its private key, and the certificate of the CA that issued it. */
    public record Identity(Path cert, Path key, Path ca) { }

    private final Path dir;
    private final String name;

    private TestCa(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** A new CA called {@code name} in {@code dir}. */
    public static TestCa create(Path dir, String name) throws Exception {
        Peers.require(Peers.OPENSSL, "openssl");
        Files.createDirectories(dir);
        TestCa ca = new TestCa(dir, name);
        ca.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", ca.file("ca.key").toString(), "-out", ca.cert().toString(), "-days", "365",
                "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** This CA's certificate (what a peer is told to trust). */
    public Path cert() { return file("ca.crt"); }

    /**
     * A certificate for {@code cn} with subjectAltNames such as {@code IP:127.0.0.1},
     * {@code DNS:hq.example}, valid for {@code days} (negative: already expired).
     */
    public Identity issue(String cn, List<String> altNames, int days) throws Exception {
        String base = cn.replaceAll("[^A-Za-z0-9.-]", "_");
        Path key = file(base + ".key"), csr = file(base + ".csr"), crt = file(base + ".crt"), ext = file(base + ".ext");
        Files.writeString(ext, "subjectAltName=" + String.join(",", altNames) + "\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + cn);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", cert().toString(), "-CAkey", file("ca.key").toString(),
                "-CAcreateserial", "-out", crt.toString(), "-days", String.valueOf(days), "-extfile", ext.toString());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return new Identity(crt, key, cert());
    }

    public Identity issue(String cn, List<String> altNames) throws Exception { return issue(cn, altNames, 365); }

    private Path file(String n) { return dir.resolve(name.replaceAll("[^A-Za-z0-9]", "") + "-" + n); }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Peers.OPENSSL));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("openssl " + args[0] + " failed: " + out);
    }
}
