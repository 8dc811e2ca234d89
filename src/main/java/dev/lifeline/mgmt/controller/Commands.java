package dev.lifeline.mgmt.controller;

import dev.lifeline.util.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tinylog.Logger;

/**
 * Commands from the controller on {@code cmd}, each answered on {@code cmd/ack}:
 * {@code force-mode} (survival, normal, auto), {@code resync-cdrs}, {@code reboot}, {@code mwi}
 * (message waiting for an analog line: lamp and dial tone) and {@code upgrade} (a signed firmware
 * image by URL and SHA-256; its outcome comes later as a second ack with status {@code done} or
 * {@code failed}, from the version that runs afterwards).
 * Anything unknown or malformed is answered with status {@code error} and a message that
 * says what was wrong; it never changes anything.
 */
final class Commands {
    static final int MAX_BYTES = 16 * 1024;
    private static final Set<String> MODES = Set.of("survival", "normal", "auto");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "force-mode", Set.of("command", "requestId", "mode"),
            "resync-cdrs", Set.of("command", "requestId"),
            "reboot", Set.of("command", "requestId"),
            "mwi", Set.of("command", "requestId", "extension", "waiting", "new", "old"),
            "upgrade", Set.of("command", "requestId", "url", "sha256", "size"));
    /** Message counts above this are refused (a mailbox's worth, and no int overflow). */
    static final int MAX_MESSAGES = 999_999;

    /** The ack to publish, and whether the gateway must reboot once it is out. */
    record Reply(Map<String, Object> ack, boolean reboot) { }

    private final GatewayControl gw;
    private final CdrSync cdrs;

    Commands(GatewayControl gw, CdrSync cdrs) {
        this.gw = gw;
        this.cdrs = cdrs;
    }

    Reply handle(byte[] payload) {
        Map<?, ?> m;
        try {
            m = read(payload);
        } catch (IllegalArgumentException e) {
            return error(null, null, e.getMessage());
        }
        Object rid = m.get("requestId");
        String requestId = rid instanceof String s ? s : null;
        if (rid != null && requestId == null) return error(null, null, "requestId must be a string");
        Object c = m.get("command");
        if (!(c instanceof String command)) {
            return error(requestId, null, c == null ? "command is required (one of " + String.join(", ", new TreeSet<>(FIELDS.keySet())) + ")"
                    : "command must be a string");
        }
        Set<String> allowed = FIELDS.get(command);
        if (allowed == null) {
            return error(requestId, command, "unknown command '" + command + "' (known: " + String.join(", ", new TreeSet<>(FIELDS.keySet())) + ")");
        }
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                return error(requestId, command, "unknown field '" + k + "' for " + command + " (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        Logger.info("controller command {} (request {})", command, requestId);
        return switch (command) {
            case "force-mode" -> forceMode(requestId, m.get("mode"));
            case "mwi" -> mwi(requestId, m);
            case "upgrade" -> upgrade(requestId, m);
            case "resync-cdrs" -> new Reply(ack(requestId, command, "ok",
                    "resending CDRs from seq " + (cdrs.resync() + 1)), false);
            case "reboot" -> new Reply(ack(requestId, command, "ok", "rebooting: CDRs are flushed to disk, offline status published, then exit "
                    + ControllerLink.EXIT_REBOOT + " for the supervisor to restart the gateway"), true);
            default -> throw new IllegalStateException(command);
        };
    }

    private Reply forceMode(String requestId, Object mode) {
        if (!(mode instanceof String s) || !MODES.contains(s)) {
            return error(requestId, "force-mode", "mode must be one of " + String.join(", ", new TreeSet<>(MODES))
                    + ", got " + (mode instanceof String m ? "'" + m + "'" : ConfigEnvelope.describe(mode)));
        }
        try {
            gw.forceMode(s);
        } catch (RuntimeException e) {
            return error(requestId, "force-mode", "could not force mode " + s + ": " + e.getMessage());
        }
        String msg = s.equals("auto") ? "mode released: the WAN probes decide" : "mode held at " + s + " until auto";
        return new Reply(ack(requestId, "force-mode", "ok", msg), false);
    }

    /** {@code {"command":"mwi","extension":"6001","waiting":true,"new":2,"old":1}}; new/old optional (0). */
    private Reply mwi(String requestId, Map<?, ?> m) {
        if (!(m.get("extension") instanceof String ext) || ext.isEmpty()) {
            return error(requestId, "mwi", "extension is required (a string, the analog line's extension)");
        }
        if (!(m.get("waiting") instanceof Boolean waiting)) {
            return error(requestId, "mwi", "waiting is required (true or false)");
        }
        Integer newMsgs = count(m.get("new")), oldMsgs = count(m.get("old"));
        if (newMsgs == null || oldMsgs == null) {
            return error(requestId, "mwi", "new and old must be whole numbers 0.." + MAX_MESSAGES + " when given");
        }
        boolean known;
        try {
            known = gw.messageWaiting(ext, waiting, newMsgs, oldMsgs);
        } catch (RuntimeException e) {
            return error(requestId, "mwi", "could not set message waiting: " + e.getMessage());
        }
        if (!known) return error(requestId, "mwi", "no analog line has extension " + ext);
        return new Reply(ack(requestId, "mwi", "ok", "message waiting " + (waiting ? "on" : "off") + " for " + ext
                + " (" + newMsgs + " new, " + oldMsgs + " old)"), false);
    }

    /** {@code {"command":"upgrade","requestId":"r1","url":"https://...","sha256":"<hex>","size":123}}; size optional. */
    private Reply upgrade(String requestId, Map<?, ?> m) {
        if (requestId == null) return error(null, "upgrade", "requestId is required: the outcome is reported with it");
        if (!(m.get("url") instanceof String url) || url.isEmpty()) return error(requestId, "upgrade", "url is required (http:// or https://)");
        if (!(m.get("sha256") instanceof String sha) || !sha.matches("[0-9a-fA-F]{64}")) {
            return error(requestId, "upgrade", "sha256 is required: the image file's SHA-256 as 64 hex digits");
        }
        Object sz = m.get("size");
        long size = 0;
        if (sz != null) {
            if (!(sz instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1) {
                return error(requestId, "upgrade", "size must be a whole number of bytes when given");
            }
            size = n.longValue();
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
            if (uri.getHost() == null) throw new java.net.URISyntaxException(url, "no host");
        } catch (java.net.URISyntaxException e) {
            return error(requestId, "upgrade", "url is not a valid URL: " + e.getReason());
        }
        var fw = gw.firmware();
        if (fw == null) return error(requestId, "upgrade", "this gateway cannot be upgraded remotely");
        try {
            fw.upgrade(new dev.lifeline.mgmt.firmware.UpgradeRequest(FirmwareReports.CHANNEL, requestId, uri, null, sha, size, 0));
        } catch (dev.lifeline.mgmt.firmware.FirmwareException e) {
            return error(requestId, "upgrade", e.getMessage() + " (" + e.code() + ")");
        }
        return new Reply(ack(requestId, "upgrade", "ok", "downloading; the outcome follows as status done or failed"), false);
    }

    /** An absent count is 0; anything but a whole number in range is null. */
    private static Integer count(Object v) {
        if (v == null) return 0;
        if (!(v instanceof Number n)) return null;
        double d = n.doubleValue();
        if (d != Math.rint(d) || d < 0 || d > MAX_MESSAGES) return null;
        return (int) d;
    }

    private static Map<?, ?> read(byte[] payload) {
        if (payload.length > MAX_BYTES) throw new IllegalArgumentException("payload is " + payload.length + " bytes; the limit is " + MAX_BYTES);
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)); // bad UTF-8 gets its own clear refusal
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("payload is not UTF-8 text");
        }
        Object doc = Json.parse(payload, MAX_BYTES);
        if (!(doc instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("expected a JSON object {\"command\", \"requestId\", ...}, got " + ConfigEnvelope.describe(doc));
        }
        return m;
    }

    private static Reply error(String requestId, String command, String message) {
        Logger.warn("controller command {} refused: {}", command, message);
        return new Reply(ack(requestId, command, "error", message), false);
    }

    static Map<String, Object> ack(String requestId, String command, String status, String message) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("requestId", requestId);
        a.put("command", command);
        a.put("status", status);
        a.put("message", message);
        return a;
    }
}
