package dev.lifeline.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.sip.FreePorts;
import dev.lifeline.util.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIPp (a real, independent SIP implementation) against the registrar, scenarios from
 * test-rigs/sipp/. SIPp 3.6 reads only the first WWW-Authenticate header and knows only MD5, so
 * this registrar offers MD5 first (the SHA-256-first default is covered by RegistrarTest).
 */
@Tag("e2e")
class SippRegistrarE2ETest {
    private static final Path RIGS = Path.of(System.getProperty("lifeline.project.dir", ".")).resolve("test-rigs/sipp");

    @TempDir Path dir;
    private RegistrarHarness rig;

    @BeforeEach
    void start() throws Exception {
        dev.lifeline.it.Peers.requireSipp();
        rig = new RegistrarHarness(dir.resolve("gw.db"), Clock.SYSTEM, 1_000, 3, 0, List.of("MD5", "SHA-256"));
    }

    @AfterEach
    void stop() {
        if (rig != null) rig.close();
    }

    @Test
    void registerRefreshUnregisterWithMd5Digest() throws Exception {
        assertEquals(0, sipp("register-auth.xml"), "all SIPp calls succeeded");
        assertTrue(rig.store.lookup("7000").isEmpty(), "unregistered at the end");
    }

    /** Issue 9 §3: SIPp without -auth_uri sends uri="sip:127.0.0.1:PORT" for Request-URI sip:127.0.0.1. */
    @Test
    void sippDefaultDigestUriRegisters() throws Exception {
        assertEquals(0, sipp("register-default-auth-uri.xml"), "401 then 200 with SIPp's own digest uri");
        assertEquals(1, rig.store.lookup("7000").size(), "registered");
    }

    @Test
    void wrongPasswordIsChallengedAgainThenTheSourceIsThrottled() throws Exception {
        assertEquals(0, sipp("register-wrong-password.xml"), "401, 401, 403 (blocked), 403 for the right password");
        assertTrue(rig.store.lookup("7000").isEmpty());
        assertTrue(rig.throttle.isBlocked("127.0.0.1", "7000"), "user 7000 blocked from 127.0.0.1: " + rig.throttle.blocked());
        assertTrue(!rig.throttle.isBlocked("127.0.0.1", "7001"), "another user from the same source is not: " + rig.throttle.blocked());
    }

    @Test
    void loadScenarioRegistersAllDemoUsers() throws Exception {
        int rc = run(List.of("sipp", "-sf", RIGS.resolve("register-load.xml").toString(), "-inf",
                RIGS.resolve("users.csv").toString(), "-m", "50", "-r", "100", "-i", "127.0.0.1",
                "-p", String.valueOf(FreePorts.udpAndTcp()), "-mp", String.valueOf(FreePorts.mediaBlock()),
                "127.0.0.1:" + rig.port, "-timeout", "20s", "-nostdin"));
        assertEquals(0, rc);
        assertEquals(10, rig.store.snapshot().size(), "7000..7009 registered");
    }

    private int sipp(String scenario) throws Exception {
        return run(List.of("sipp", "-sf", RIGS.resolve(scenario).toString(), "-m", "1", "-i", "127.0.0.1",
                "-p", String.valueOf(FreePorts.udpAndTcp()), "-mp", String.valueOf(FreePorts.mediaBlock()),
                "127.0.0.1:" + rig.port, "-s", "7000", "-timeout", "10s",
                "-nostdin", "-trace_err", "-error_file", dir.resolve("sipp-errors.log").toString()));
    }

    private int run(List<String> cmd) throws Exception {
        Path out = dir.resolve("sipp.out");
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sipp did not finish");
        }
        if (p.exitValue() != 0) {
            Path err = dir.resolve("sipp-errors.log");
            System.err.println("sipp exit " + p.exitValue() + (Files.exists(err) ? ":\n" + Files.readString(err) : ""));
        }
        return p.exitValue();
    }
}
