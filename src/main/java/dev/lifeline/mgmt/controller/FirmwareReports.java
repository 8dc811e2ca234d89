package dev.lifeline.mgmt.controller;

import dev.lifeline.mgmt.firmware.Firmware;
import dev.lifeline.mgmt.firmware.TransferRecord;
import dev.lifeline.util.Json;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Reports the outcome of a firmware upgrade the controller ordered: a second ack on
 * {@code cmd/ack} with the order's requestId, status {@code done} (and the new version) or
 * {@code failed} (with the TR-069 fault code and why). Sent when the link is up, by whichever
 * version runs after the transfer; forgotten only once the broker took it (QoS 1).
 */
final class FirmwareReports {
    static final String CHANNEL = "mqtt";
    private final Firmware firmware;
    private final Topics topics;

    FirmwareReports(Firmware firmware, Topics topics) {
        this.firmware = firmware;
        this.topics = topics;
    }

    /** Publishes a pending report, if any, through {@code link}. */
    void publish(ControllerLink link) {
        if (firmware == null) return;
        TransferRecord r = firmware.completed();
        if (r == null || !r.channel().equals(CHANNEL)) return;
        Map<String, Object> a = Commands.ack(r.commandKey(), "upgrade", r.succeeded() ? "done" : "failed",
                r.succeeded() ? "upgraded from " + r.fromVersion() + " to " + r.toVersion() : r.faultString());
        a.put("faultCode", r.faultCode());
        a.put("version", r.succeeded() ? r.toVersion() : r.fromVersion());
        var token = link.publishAck(topics.cmdAck(), Json.write(a));
        if (token == null) return;
        try {
            token.waitForCompletion(5_000);
            firmware.reported(r);
            Logger.info("controller link: upgrade {} reported ({})", r.commandKey(), a.get("status"));
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            Logger.warn("controller link: upgrade report not confirmed ({}); sent again at the next connect", e.getMessage());
        }
    }
}
