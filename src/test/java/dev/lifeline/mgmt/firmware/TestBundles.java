package dev.lifeline.mgmt.firmware;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Firmware bundles for tests, laid out as {@code scripts/build-firmware} lays them out (launcher
 * from {@code firmware/launcher.sh.in}, {@code app/lifeline.jar}, {@code app/lib/}, {@code native/},
 * {@code keys/}, {@code ARCH}, {@code VERSION}), packed with tar and signed into real images.
 * Two differences keep four of them small and quick to make: {@code runtime/} is a link to the
 * JDK running the tests instead of a jlink image, and {@code app/lib/} and the DSP library are
 * links to the build's copies. The application jar is real: the compiled classes.
 */
final class TestBundles {
    static final Path HOME = Path.of(System.getProperty("lifeline.project.dir", "."));
    private final Path work;
    private final Path appJar;

    TestBundles(Path work) throws IOException {
        this.work = work;
        this.appJar = work.resolve("lifeline.jar");
        jar(HOME.resolve("target/classes"), appJar);
    }

    /** A bundle directory for {@code version} that trusts {@code trusted}; {@code launcher} null = the real one. */
    Path bundle(String version, PublicKey trusted, String launcher) throws IOException {
        Path b = work.resolve("lifeline-" + version + "-amd64");
        Files.createDirectories(b.resolve("bin"));
        Files.createDirectories(b.resolve("app/lib"));
        Files.createDirectories(b.resolve("native"));
        Files.createDirectories(b.resolve("keys"));
        String text = launcher != null ? launcher : Files.readString(HOME.resolve("firmware/launcher.sh.in"))
                .replace("@VERSION@", version).replace("@JVM_FLAGS@", "--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx160m");
        Files.writeString(b.resolve("bin/lifeline"), text);
        Files.setPosixFilePermissions(b.resolve("bin/lifeline"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(appJar, b.resolve("app/lifeline.jar"));
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (e.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(b.resolve("app/lib").resolve(p.getFileName()))) {
                Files.createSymbolicLink(b.resolve("app/lib").resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        Files.createSymbolicLink(b.resolve("native/liblifeline-dsp.so"), Path.of(System.getProperty("lifeline.dsp.library")).toAbsolutePath());
        Files.createSymbolicLink(b.resolve("runtime"), Path.of(System.getProperty("java.home")));
        SigningKeys.writePublic(trusted, b.resolve("keys/release.pub"));
        Files.writeString(b.resolve("ARCH"), "amd64\n");
        Files.writeString(b.resolve("VERSION"), version + "\n");
        return b;
    }

    /** Where the images are written. */
    Path imageDir() { return work; }

    /** The bundle's {@code .tar.gz}, as build-firmware packs it (one top directory). */
    Path archive(Path bundle) throws IOException, InterruptedException {
        Path out = work.resolve(bundle.getFileName() + ".tar.gz");
        Process p = new ProcessBuilder("tar", "-C", bundle.getParent().toString(), "-czf", out.toString(), bundle.getFileName().toString())
                .inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("tar failed");
        return out;
    }

    /** A signed image of the bundle. */
    Path image(Path bundle, String version, PrivateKey key) throws Exception {
        Path out = work.resolve("lifeline-" + version + "-amd64.fw");
        FirmwareImage.write(archive(bundle), version, "amd64", "2026-12-06T00:00:00Z", key, out);
        return out;
    }

    /** Installs a bundle into {@code root/slots/slot} as the box's installer does (tar -x, top directory stripped). */
    static void install(Path archive, Path root, String slot) throws IOException, InterruptedException {
        Path dir = root.resolve("slots").resolve(slot);
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString(), "--strip-components=1").inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("tar -x failed");
    }

    private static void jar(Path classes, Path out) throws IOException {
        try (OutputStream o = Files.newOutputStream(out); JarOutputStream j = new JarOutputStream(o);
             Stream<Path> all = Files.walk(classes)) {
            for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }
}
