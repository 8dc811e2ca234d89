package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.sip.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A gateway restarted with registrations present has them back, with their remaining lifetime. */
@Tag("e2e")
class RegistrationRestartE2ETest {

    @Test
    void registrationsSurviveARestartWithTheirRemainingExpiry() throws Exception {
        Path data = Files.createTempDirectory("lifeline-restart");
        int sipPort = FreePorts.udpAndTcp();
        int contactPort = FreePorts.udpAndTcp();
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s, sipPort, data)) {
            SipCallE2ETest.register("7004", "lifeline7004", contactPort, gw);
            assertTrue(expiresIn(gw, "7004") > 295, "registered for 300 s");
        }
        Thread.sleep(3000);
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s, sipPort, data)) {
            assertEquals(1, gw.gateway().registeredContacts("7004"), "the binding is back after the restart");
            long left = expiresIn(gw, "7004");
            assertTrue(left <= 297 && left >= 285, "remaining lifetime kept, not reset: " + left);
            Map<String, Object> reg = gw.gateway().registrations().get(0);
            assertTrue(String.valueOf(reg.get("contact")).endsWith(":" + contactPort + ">")
                    || String.valueOf(reg.get("contact")).contains(":" + contactPort), reg.toString());
        }
    }

    private static long expiresIn(TestGateway gw, String ext) {
        List<Map<String, Object>> regs = gw.gateway().registrations();
        return regs.stream().filter(r -> ext.equals(r.get("extension")))
                .mapToLong(r -> ((Number) r.get("expiresInSeconds")).longValue()).findFirst().orElse(-1);
    }
}
