package dev.lifeline.app.ctl;

import dev.lifeline.util.Json;
import java.util.Map;

/**
 * A gateway's answer on {@code cmd/ack}.
 *
 * @param status  {@code ok} or {@code error}
 * @param message what happened, in words (may be null)
 * @param json    the payload as received
 */
public record CmdAck(String requestId, String command, String status, String message, String json) {
    public boolean ok() { return "ok".equals(status); }

    static CmdAck fromJson(String json) {
        Map<String, Object> m = Json.object(json);
        return new CmdAck(ConfigAck.str(m.get("requestId")), ConfigAck.str(m.get("command")), ConfigAck.str(m.get("status")),
                ConfigAck.str(m.get("message")), json);
    }
}
