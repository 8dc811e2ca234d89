package dev.lifeline.mgmt.cwmp;

import static dev.lifeline.mgmt.cwmp.CwmpRig.VS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.it.Mosquitto;
import dev.lifeline.it.MqttProbe;
import dev.lifeline.util.Json;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Which channel wins when the ACS and the controller both manage the gateway (tr069.md): over a
 * real broker and the reference ACS, a TR-069 change becomes the next config version and the
 * controller sees it in {@code status}; a push that is not newer is rejected and changes nothing;
 * a newer push replaces the whole config, the ACS's change included, and the ACS reads that back.
 */
@Tag("e2e")
class BothManagersE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String P0 = "lifeline/v1/demo-branch/gw-demo/";
    private static final String LINE4 = VS + "CallControl.Line.4.DirectoryNumber";

    @Test
    void theNewestAppliedVersionWinsWhole() throws Exception {
        try (Mosquitto broker = Mosquitto.start(); MqttProbe probe = MqttProbe.connect(broker.url(), "lifeline/v1/#")) {
            String controller = "\ncontroller:\n  url: " + broker.url() + "\n";
            CwmpRig rig = CwmpRig.withSite(s -> s + controller);
            try {
                assertNotNull(rig.acs.awaitInform(WAIT));
                assertNotNull(probe.awaitJson(P0 + "status", "online", true, WAIT), "controller link up");

                Element set = call(rig, CwmpRig.spv("acs-1", LINE4, "xsd:string", "6013"));
                assertEquals("SetParameterValuesResponse", set.getLocalName());
                assertNotNull(probe.await(P0 + "status", m -> Long.valueOf(1).equals(number(m.json().get("configVersion"))), WAIT),
                        "the controller sees the ACS's change as config version 1");

                // what the controller knows: the site file, its own section and the ACS's (the push is a whole config)
                String fileText = Files.readString(CwmpRig.HOME.resolve("site-configs/demo.yaml")) + controller + rig.tr069Section();
                probe.publish(P0 + "config/set", push(1, "stale", fileText.replace("\"6002\"", "\"6022\"")));
                MqttProbe.Msg stale = probe.await(P0 + "config/ack", m -> "stale".equals(m.json().get("requestId")), WAIT);
                assertNotNull(stale);
                assertEquals("rejected", stale.json().get("status"), stale.payload());
                assertTrue(String.valueOf(stale.json()).contains("not newer"), stale.payload());
                assertEquals("6013", rig.gateway.site().lines().get("fxs4").extension(), "the rejected push changed nothing");
                assertEquals("6002", rig.gateway.site().lines().get("fxs3").extension());

                probe.publish(P0 + "config/set", push(2, "newer", fileText.replace("\"6002\"", "\"6022\"")));
                MqttProbe.Msg newer = probe.await(P0 + "config/ack", m -> "newer".equals(m.json().get("requestId")), WAIT);
                assertNotNull(newer);
                assertEquals("applied", newer.json().get("status"), newer.payload());
                assertEquals(2, rig.gateway.configVersion());
                assertEquals("6022", rig.gateway.site().lines().get("fxs3").extension());
                assertEquals("6003", rig.gateway.site().lines().get("fxs4").extension(), "a push is a whole config: the ACS's change is gone");

                Map<String, String> v = CwmpRig.values(call(rig, CwmpRig.gpv(LINE4, VS + "CallControl.Line.3.DirectoryNumber")), false);
                assertEquals("6003", v.get(LINE4), "the ACS reads the pushed config back");
                assertEquals("6022", v.get(VS + "CallControl.Line.3.DirectoryNumber"));
            } finally {
                rig.close();
            }
        }
    }

    private static Long number(Object o) { return o instanceof Number n ? n.longValue() : null; }

    private static String push(long version, String requestId, String config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("requestId", requestId);
        m.put("config", config);
        return Json.write(m);
    }

    private static Element call(CwmpRig rig, String rpc) throws Exception {
        CompletableFuture<Element> f = rig.acs.queue(rpc);
        try {
            return f.get(2, TimeUnit.SECONDS); // a session still open takes it
        } catch (java.util.concurrent.TimeoutException e) {
            rig.clock.advance(ConnectionRequestServer.MIN_ACCEPT_GAP_MS);
            assertEquals(200, rig.connectionRequest());
            return f.get(10, TimeUnit.SECONDS);
        }
    }
}
