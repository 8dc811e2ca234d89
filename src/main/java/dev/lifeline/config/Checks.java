package dev.lifeline.config;

import java.util.Set;
import java.util.regex.Pattern;

/** Value formats shared by the board profile and the site config, kept in one place so the docs can quote them. */
final class Checks {
    /** Identifiers that end up in MQTT topics and log lines: no '/', '+', '#', spaces. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Port, span and GPIO names on a board. */
    static final Pattern PORT_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** A dialable extension: 2 to 15 digits. */
    static final Pattern EXTENSION = Pattern.compile("\\d{2,15}");
    /** Tone zones known to the DSP layer (DESIGN §3.2). */
    static final Set<String> TONE_ZONES = Set.of("us", "uk", "de", "fr", "eu");

    private Checks() {}

    static String id(YamlNode n, Pattern p, String what) {
        if (n == null) return null;
        String v = n.string();
        if (v != null && !p.matcher(v).matches()) {
            n.error("'" + v + "' is not a valid " + what + " (allowed: " + p.pattern() + ")");
            return null;
        }
        return v;
    }

    static String toneZone(YamlNode n) {
        return n == null ? null : n.choice(TONE_ZONES);
    }

    /** "host:port", "[v6]:port"; the port may be 0 (ephemeral). Returns {host, port} or null. */
    static Object[] hostPort(YamlNode n) {
        String v = n.string();
        if (v == null) return null;
        int colon = v.lastIndexOf(':');
        String host = colon > 0 ? v.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        try {
            int port = Integer.parseInt(v.substring(colon + 1));
            if (host.isEmpty() || port < 0 || port > 65535) throw new NumberFormatException();
            return new Object[] {host, port};
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            n.error("expected host:port with a port 0-65535, got '" + v + "'");
            return null;
        }
    }

    /**
     * Why a secret file is exposed ("readable by its group", "readable by everyone"), or null when
     * only its owner can read it (or the file system has no POSIX permissions to ask).
     */
    static String exposedToOthers(java.nio.file.Path file) {
        try {
            var perms = java.nio.file.Files.getPosixFilePermissions(file);
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) return "readable by everyone";
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)) return "readable by its group";
            return null;
        } catch (UnsupportedOperationException | java.io.IOException e) {
            return null;
        }
    }
}
