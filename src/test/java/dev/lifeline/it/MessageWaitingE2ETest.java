package dev.lifeline.it;

import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import dev.lifeline.survival.Mode;
import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Message waiting as the user of an analog line notices it: a voicemail server (SIPp) sends
 * NOTIFY message-summary, the phone's message lamp lights (the on-hook FSK decoded by the
 * phone), a lifted handset hears the message-waiting dial tone; "no" puts the lamp out and
 * brings back plain dial tone; the lamp survives a gateway restart and shows in status.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class MessageWaitingE2ETest {
    /** Each test runs with the gateway in NORMAL mode and forced into SURVIVAL (issue #13). */
    @Parameter
    Mode mode;

    private static final Duration S6 = Duration.ofSeconds(6);

    @Test
    void notifyLightsTheLampChangesTheDialToneAndSurvivesARestart() throws Exception {
        Path data = Files.createTempDirectory("lifeline-mwi");
        int sipPort = FreePorts.udpAndTcp();
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s, sipPort, data).inMode(mode)) {
            VirtualPhone office = gw.phone("fxs2");
            VirtualPhone reception = gw.phone("fxs1");
            notify(gw, "6001", "yes", "2/1");
            assertEquals(Boolean.TRUE, office.awaitMessageLamp(S6), "fxs2 decodes the visual MWI on");
            assertFalse(office.isRinging() || office.ringEvents().size() > 0, "no ringing for the lamp");
            assertEquals(List.of(), reception.messageLampIndications(), "the other line's lamp is not touched");

            office.offHook();
            assertTrue(office.awaitTone(ToneKind.MWI_DIAL, Duration.ofSeconds(4)), "message-waiting dial tone when lifted");
            office.onHook();
            assertEquals(Boolean.TRUE, office.awaitMessageLamp(S6), "the lamp is shown again after the handset goes down");

            notify(gw, "6001", "no", "0/3");
            assertEquals(Boolean.FALSE, office.awaitMessageLamp(S6), "fxs2 decodes the visual MWI off");
            office.offHook();
            assertTrue(office.awaitDialTone(Duration.ofSeconds(4)), "the usual dial tone again");
            assertNotEquals(ToneKind.MWI_DIAL, office.heardTone(Duration.ofSeconds(3)), "plain dial tone, not the MWI one");
            office.onHook();

            Sipp refused = Sipp.start("notify-mwi-refused.xml", gw.sipPort(), "-s", "9999");
            assertEquals(0, refused.await(30), "404 for an unknown user, 489 for another event, 400 for a bad body:\n" + refused.output());

            notify(gw, "6001", "yes", "5/0");
            assertEquals(Boolean.TRUE, office.awaitMessageLamp(S6));
        }
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s, sipPort, data).inMode(mode)) {
            VirtualPhone office = gw.phone("fxs2");
            assertEquals(Boolean.TRUE, office.awaitMessageLamp(S6), "the lamp is sent again after the restart");
            office.offHook();
            assertTrue(office.awaitTone(ToneKind.MWI_DIAL, Duration.ofSeconds(4)), "and the line still has the MWI dial tone");
            office.onHook();
            String status = cli(data, "status", "--json");
            assertTrue(status.replace(" ", "").contains("\"mwi\":{\"waiting\":true,\"new\":5,\"old\":0}"), status);
        }
    }

    private static void notify(TestGateway gw, String user, String waiting, String voice) throws Exception {
        Sipp sipp = Sipp.start("notify-mwi.xml", gw.sipPort(), "-s", user, "-key", "waiting", waiting, "-key", "voice", voice);
        assertEquals(0, sipp.await(30), "200 OK to NOTIFY " + waiting + ":\n" + sipp.output());
    }

    private static String cli(Path data, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(TestGateway.HOME.resolve("scripts/lifeline").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--data", data.toString()));
        Path out = Files.createTempFile("lifeline-cli", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "lifeline " + String.join(" ", args) + " finished");
        return Files.readString(out);
    }
}
