package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DspLoaderTest {

    @Test
    void loadedInTheTestJvm() {
        assertTrue(Dsp.isAvailable(), Dsp.unavailabilityCause());
        assertNull(Dsp.unavailabilityCause());
        Dsp.ensureAvailable();
    }

    @Test
    void missingFileIsNamedWithTheReason() {
        Throwable[] err = new Throwable[1];
        String cause = Dsp.load("/nonexistent/dir/liblifeline-dsp.so", err);
        assertNotNull(cause);
        assertTrue(cause.contains("/nonexistent/dir/liblifeline-dsp.so"), cause);
        assertTrue(cause.contains("does not exist"), cause);
        assertInstanceOf(UnsatisfiedLinkError.class, err[0]);
        assertTrue(Dsp.isAvailable(), "probing another path leaves the loaded library alone");
    }

    @Test
    void missingSpandspSaysWhatToInstall() {
        String cause = Dsp.explain(null, new UnsatisfiedLinkError(
                "/opt/lifeline/liblifeline-dsp.so: libspandsp.so.2: cannot open shared object file: No such file or directory"));
        assertTrue(cause.contains("libspandsp.so.2") && cause.contains("install libspandsp2"), cause);
        assertTrue(cause.contains("java.library.path="), "names where it looked: " + cause);
    }

    /** A fresh JVM with a wrong path: not available, a clear cause, and every DSP class refuses cleanly. */
    @Test
    void childJvmWithMissingLibraryReportsTheCause() throws Exception {
        Path project = Path.of(System.getProperty("lifeline.project.dir", "."));
        String cp = project.resolve("target/classes") + java.io.File.pathSeparator + project.resolve("target/test-classes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", cp, "-Dlifeline.dsp.library=/nonexistent/liblifeline-dsp.so",
                DspProbeMain.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("cause=cannot load native DSP library /nonexistent/liblifeline-dsp.so"), out);
        assertTrue(out.contains("does not exist"), out);
        assertTrue(out.contains("ToneGenerator: DspUnavailableException"), out);
        assertTrue(out.contains("DtmfDetector: DspUnavailableException"), out);
    }
}
