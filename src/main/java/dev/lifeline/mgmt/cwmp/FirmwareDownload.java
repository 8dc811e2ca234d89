package dev.lifeline.mgmt.cwmp;

import dev.lifeline.mgmt.firmware.Firmware;
import dev.lifeline.mgmt.firmware.FirmwareException;
import dev.lifeline.mgmt.firmware.UpgradeRequest;
import java.net.URI;
import java.net.URISyntaxException;
import org.w3c.dom.Element;

/**
 * The Download RPC (TR-069 §A.3.2.8) for FileType {@code 1 Firmware Upgrade Image}: the transfer
 * runs after the answer ({@code Status 1}: not finished yet) and is reported by a TransferComplete,
 * from this version when it fails early, else from the version that runs after the restart.
 * What cannot start at all (no A/B slots, another transfer running, not http/https) is a fault
 * here, since TransferComplete cannot carry those codes.
 */
final class FirmwareDownload {
    static final String FIRMWARE = "1 Firmware Upgrade Image";
    private static final String UNKNOWN_TIME = "0001-01-01T00:00:00Z";

    private FirmwareDownload() {}

    static Soap.Message handle(Firmware firmware, Soap.Received req) throws Fault.Raised {
        Element rpc = req.rpc();
        String type = text(rpc, "FileType");
        if (!FIRMWARE.equals(type)) {
            throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "FileType '" + type + "' is not supported (only '" + FIRMWARE + "')");
        }
        String url = text(rpc, "URL");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "URL is not a valid URL");
        }
        if (uri.getHost() == null) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "URL has no host");
        long size = number(rpc, "FileSize"), delay = number(rpc, "DelaySeconds");
        String user = text(rpc, "Username"), password = text(rpc, "Password");
        AcsAuth auth = user.isEmpty() ? null : new AcsAuth(user, password);
        try {
            firmware.upgrade(new UpgradeRequest(CwmpAgent.CHANNEL, text(rpc, "CommandKey"), uri, auth, null, size, delay * 1000));
        } catch (FirmwareException e) {
            throw new Fault.Raised(e.code(), e.getMessage());
        }
        Soap.Message m = Soap.envelope(req.id());
        Element r = m.rpc("DownloadResponse");
        Soap.add(r, "Status", "1");
        Soap.add(r, "StartTime", UNKNOWN_TIME);
        Soap.add(r, "CompleteTime", UNKNOWN_TIME);
        return m;
    }

    private static String text(Element rpc, String name) {
        String t = Soap.text(rpc, name);
        return t == null ? "" : t;
    }

    private static long number(Element rpc, String name) throws Fault.Raised {
        String t = text(rpc, name);
        if (t.isEmpty()) return 0;
        try {
            long v = Long.parseLong(t);
            if (v < 0 || v > 0xffffffffL) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new Fault.Raised(Fault.INVALID_ARGUMENTS, name + " must be an unsigned whole number");
        }
    }
}
