package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real peers the tests talk to. {@code ./scripts/test} installs them (TEST_PACKAGES in
 * scripts/lib/common.sh), so a missing one is a broken set-up and the test fails saying which
 * package — it never skips, because a skipped test is a test that did not run.
 *
 * <p>Kamailio is started without an {@code mpath} in its config: it then loads its modules from
 * the directory its own Debian package was built for (e.g. /usr/lib/x86_64-linux-gnu/kamailio/modules
 * or the aarch64 one), so the same tests run on amd64 and arm64.
 */
public final class Peers {
    private Peers() {}

    public static final String KAMAILIO = "/usr/sbin/kamailio";
    public static final String SIPP = "/usr/bin/sipp";
    public static final String BARESIP = "/usr/bin/baresip";
    public static final String OPENSSL = "/usr/bin/openssl";

    /** Fails the test unless {@code binary} is installed; {@code pkg} is the Debian package that has it. */
    public static void require(String binary, String pkg) {
        if (!Files.isExecutable(Path.of(binary))) {
            fail(binary + " is not installed: ./scripts/test installs it (apt-get install " + pkg + ")");
        }
    }

    public static void requireKamailio() { require(KAMAILIO, "kamailio"); }
    public static void requireSipp() { require(SIPP, "sip-tester"); }
}
