package dev.lifeline.mgmt.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real supervisor script ({@code firmware/lifeline-supervisor}, run by {@code /bin/sh}) with
 * stand-in slots: small scripts that log their start and act as a good, a crashing or a hanging
 * new version would. The gateway's side of the protocol is tested end to end in FirmwareUpgradeE2ETest.
 */
class SupervisorTest {
    private static final Path SCRIPT = Path.of(System.getProperty("lifeline.project.dir", ".")).resolve("firmware/lifeline-supervisor");
    @TempDir Path root;

    /** A slot whose bin/lifeline logs "start SLOT ARGS" and then runs {@code body} (sh). */
    private void slot(String name, String body) throws IOException {
        Path bin = root.resolve("slots").resolve(name).resolve("bin");
        Files.createDirectories(bin);
        Path f = bin.resolve("lifeline");
        Files.writeString(f, "#!/bin/sh\nS=\"$LIFELINE_FW_ROOT/state\"\necho \"start $LIFELINE_FW_SLOT $*\" >> \"$LIFELINE_FW_ROOT/log\"\n"
                + "N=$(grep -c \"^start $LIFELINE_FW_SLOT\" \"$LIFELINE_FW_ROOT/log\")\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Slot a's first run installs into b and asks for the restart; its later runs exit 0. */
    private void upgradingA() throws IOException {
        slot("a", "if [ \"$N\" = 1 ]; then printf 'slot=b\\nversion=2.0\\n' > \"$S/pending\"; exit 75; fi\nexit 0");
    }

    private Process start(int deadline) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", SCRIPT.toString(), root.toString(), "run", "--data", "/d");
        pb.environment().put("LIFELINE_HEALTH_DEADLINE", Integer.toString(deadline));
        pb.redirectErrorStream(true).redirectOutput(root.resolve("supervisor.out").toFile());
        return pb.start();
    }

    private int run(int deadline) throws Exception {
        Process p = start(deadline);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "supervisor ended");
        return p.exitValue();
    }

    private List<String> starts() throws IOException { return Files.readAllLines(root.resolve("log")); }
    private String state(String f) throws IOException {
        Path p = root.resolve("state").resolve(f);
        return Files.exists(p) ? Files.readString(p) : null;
    }

    @Test
    void runsTheActiveSlotWithItsArgumentsAndEndsWithItsStatus() throws Exception {
        slot("a", "exit 3");
        assertEquals(3, run(5));
        assertEquals(List.of("start a run --data /d"), starts());
    }

    @Test
    void status75StartsTheGatewayAgain() throws Exception {
        slot("a", "[ \"$N\" -lt 3 ] && exit 75\nexit 0");
        assertEquals(0, run(5));
        assertEquals(3, starts().size());
    }

    @Test
    void aNewSlotThatBecomesHealthyIsKept() throws Exception {
        upgradingA();
        slot("b", "echo b > \"$S/healthy\"\nsleep 1\nexit 0");
        assertEquals(0, run(30));
        assertEquals(List.of("start a run --data /d", "start b run --data /d"), starts());
        assertEquals("b", state("active").strip());
        assertTrue(state("result").contains("outcome=ok"), state("result"));
        assertEquals(null, state("trial"));
        assertEquals(null, state("pending"));
    }

    @Test
    void aNewSlotThatCrashesBeforeItIsHealthyIsRolledBack() throws Exception {
        upgradingA();
        slot("b", "exit 1");
        assertEquals(0, run(30));
        assertEquals(List.of("start a run --data /d", "start b run --data /d", "start a run --data /d"), starts());
        assertFalse("b".equals(state("active") == null ? null : state("active").strip()));
        assertTrue(state("result").contains("outcome=rolled-back"), state("result"));
        assertTrue(state("result").contains("exited with status 1"), state("result"));
    }

    @Test
    void aNewSlotThatIsNotHealthyInTimeIsStoppedAndRolledBack() throws Exception {
        upgradingA();
        slot("b", "trap 'echo term >> \"$LIFELINE_FW_ROOT/log\"; exit 143' TERM\nwhile :; do sleep 0.2; done");
        long t0 = System.nanoTime();
        assertEquals(0, run(2));
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "rolled back soon after the deadline");
        assertEquals(List.of("start a run --data /d", "start b run --data /d", "term", "start a run --data /d"), starts());
        assertTrue(state("result").contains("not healthy within 2 s"), state("result"));
        assertEquals(null, state("trial"));
    }

    @Test
    void aTrialCutShortByAPowerLossIsRolledBackAtTheNextStart() throws Exception {
        slot("a", "exit 0");
        slot("b", "exit 0");
        Files.createDirectories(root.resolve("state"));
        Files.writeString(root.resolve("state/trial"), "b\n");
        Files.writeString(root.resolve("state/active"), "a\n");
        assertEquals(0, run(5));
        assertEquals(List.of("start a run --data /d"), starts());
        assertTrue(state("result").contains("outcome=rolled-back"), state("result"));
    }

    @Test
    void aPendingSwitchToTheRunningSlotIsIgnored() throws Exception {
        slot("a", "if [ \"$N\" = 1 ]; then printf 'slot=a\\n' > \"$S/pending\"; exit 75; fi\nexit 0");
        assertEquals(0, run(5));
        assertEquals(List.of("start a run --data /d", "start a run --data /d"), starts());
        assertEquals(null, state("pending"));
    }

    @Test
    void sigtermReachesTheGatewayAndEndsTheSupervisorWith143() throws Exception {
        slot("a", "trap 'echo term >> \"$LIFELINE_FW_ROOT/log\"; exit 143' TERM\nwhile :; do sleep 0.2; done");
        Process p = start(5);
        for (int i = 0; i < 100 && !Files.exists(root.resolve("log")); i++) Thread.sleep(50);
        Thread.sleep(300);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        assertEquals(List.of("start a run --data /d", "term"), starts());
    }
}
