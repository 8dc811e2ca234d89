package dev.lifeline.mgmt.firmware;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * One firmware transfer, from the order to its report: who ordered it (TR-069 {@code Download} or
 * the controller's {@code upgrade}), and how it ended. Kept in the slots' state directory so the
 * report survives the restart into the new version (or back into the old one).
 *
 * @param channel    {@code cwmp} or {@code mqtt}: who gets the report
 * @param commandKey the Download's CommandKey, or the controller's requestId
 * @param url        the image URL (never with credentials)
 * @param fromVersion the version that took the order
 * @param toVersion  the image's version once verified, else null
 * @param start      when the transfer started
 * @param faultCode  0 on success, a TR-069 fault code on failure, null while not finished
 * @param faultString what went wrong (empty on success)
 * @param complete   when it ended, or null
 */
public record TransferRecord(String channel, String commandKey, String url, String fromVersion, String toVersion,
                             Instant start, Integer faultCode, String faultString, Instant complete) {
    static final String FILE = "transfer.properties";

    public boolean finished() { return faultCode != null; }

    public boolean succeeded() { return faultCode != null && faultCode == 0; }

    TransferRecord verified(String version) {
        return new TransferRecord(channel, commandKey, url, fromVersion, version, start, faultCode, faultString, complete);
    }

    TransferRecord ended(int code, String why, Instant at) {
        return new TransferRecord(channel, commandKey, url, fromVersion, toVersion, start, code, why, at);
    }

    String text() throws IOException {
        Properties p = new Properties();
        p.setProperty("channel", channel);
        p.setProperty("command-key", commandKey);
        p.setProperty("url", url);
        p.setProperty("from-version", fromVersion);
        if (toVersion != null) p.setProperty("to-version", toVersion);
        p.setProperty("start", start.toString());
        if (faultCode != null) {
            p.setProperty("fault-code", faultCode.toString());
            p.setProperty("fault-string", faultString);
            p.setProperty("complete", complete.toString());
        }
        StringWriter w = new StringWriter();
        p.store(w, "firmware transfer");
        return w.toString();
    }

    /** The record in {@code dir}, or null when there is none (or it cannot be read: nothing to report then). */
    static TransferRecord load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) return null;
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(f)));
        try {
            String code = p.getProperty("fault-code");
            return new TransferRecord(p.getProperty("channel", "cwmp"), p.getProperty("command-key", ""), p.getProperty("url", ""),
                    p.getProperty("from-version", ""), p.getProperty("to-version"), Instant.parse(p.getProperty("start")),
                    code == null ? null : Integer.valueOf(code), p.getProperty("fault-string", ""),
                    code == null ? null : Instant.parse(p.getProperty("complete")));
        } catch (RuntimeException e) {
            throw new IOException(f + " is damaged: " + e.getMessage(), e);
        }
    }
}
