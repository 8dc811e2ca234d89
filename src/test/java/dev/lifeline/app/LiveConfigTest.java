package dev.lifeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.it.TestGateway;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes of a pushed config wait for a restart, and which are applied live. */
class LiveConfigTest {
    private static final String CONTROLLER = "\ncontroller: { url: \"tcp://127.0.0.1:1883\" }\n";

    @Test
    void liveChangesNeedNoRestartAndTheOthersAreNamed() throws Exception {
        BoardProfile board = ConfigLoader.loadBoard(TestGateway.HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
        String demo = Files.readString(TestGateway.HOME.resolve("site-configs/demo.yaml"));
        SiteConfig base = ConfigLoader.loadSite(demo + CONTROLLER, "a", board);
        String live = demo.replace("\"6003\"", "\"6013\"").replace("lifeline7000", "other-pw")
                .replace("first-digit-timeout: 10s", "first-digit-timeout: 8s")
                .replace("emergency: [\"911\"]", "emergency: [\"911\", \"112\"]").replace("\"[6-7]xxx|", "\"[6-7]xxx|112|")
                .replace("outside-prefix: \"0\"", "outside-prefix: \"9\"")
                + CONTROLLER.replace("}", ", keep-configs: 9 }") + "analog: { flash-max: 500ms }\n";
        assertEquals(List.of(), LiveConfig.restartRequired(base, ConfigLoader.loadSite(live, "b", board)));

        String restart = demo.replace("udp-port: 5060", "udp-port: 5070").replace("tone-zone: us", "tone-zone: uk")
                .replace("coap-port: 5683", "coap-port: 5684").replace("fxo: { ports: [fxo1, fxo2]", "fxo: { ports: [fxo2]")
                + "\ncontroller: { url: \"tcp://10.0.0.1:1883\", password: x }\n"
                + "analog: { ring-timeout: 30s, caller-id: false }\nstorage: { cdr-journal-limit: 5000 }\n"
                + "survival: { hold-down: 10s }\n";
        assertEquals(List.of("tone-zone", "sip.udp-port", "analog.ring-timeout", "analog.caller-id", "management.coap-port",
                        "trunks.fxo.ports", "survival", "storage.cdr-journal-limit", "controller.url", "controller.password"),
                LiveConfig.restartRequired(base, ConfigLoader.loadSite(restart, "c", board)));
    }

    /** Both are read once at start (SipWiring's SRTP policy, UpstreamWiring's line registrations). */
    @Test
    void theSrtpPolicyAndALinesHqIdentityWaitForARestart() throws Exception {
        BoardProfile board = ConfigLoader.loadBoard(TestGateway.HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
        String demo = Files.readString(TestGateway.HOME.resolve("site-configs/demo.yaml"));
        String hq = dev.lifeline.it.HqSite.viaHq(demo) + "\nupstream: { servers: [ { host: 127.0.0.1 } ] }\n";
        SiteConfig base = ConfigLoader.loadSite(hq, "a", board);
        String changed = hq.replace("lifeline6001\"", "new-hq-pw\"")
                .replace("  tcp-port: 5060", "  tcp-port: 5060\n  srtp: off");
        assertEquals(List.of("sip.srtp", "lines.fxs2.upstream"), LiveConfig.restartRequired(base, ConfigLoader.loadSite(changed, "b", board)));
    }
}
