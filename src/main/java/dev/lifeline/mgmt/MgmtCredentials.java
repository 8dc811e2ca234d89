package dev.lifeline.mgmt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pre-shared keys of the CoAP management API over DTLS (issue #15), one per role, kept in
 * {@code <data>/secrets/coap-psk} (directory 0700, file 0600: readable by the gateway's user only,
 * who is also the one running the {@code lifeline} CLI on the box). Created with fresh random keys
 * on first use; an operator may replace the keys (and add identities) by editing the file.
 *
 * <p>Format, one identity per line: {@code identity role key}; {@code role} is {@code admin} or
 * {@code viewer}; the key is the PSK as printable ASCII (libcoap's {@code coap-client -k} takes it
 * that way), at least 16 characters. Keys never appear in logs.
 */
public final class MgmtCredentials {
    /** What an identity may do: viewers read status, calls, registrations, CDRs; admins also act. */
    public enum Role { VIEWER, ADMIN }

    /** One identity. {@code toString} leaves the key out. */
    public record Entry(String identity, Role role, String key) {
        @Override public String toString() { return identity + " (" + role.name().toLowerCase() + ")"; }
    }

    public static final String FILE = "secrets/coap-psk";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private final List<Entry> entries;

    private MgmtCredentials(List<Entry> entries) { this.entries = List.copyOf(entries); }

    public List<Entry> entries() { return entries; }

    public Optional<Entry> byIdentity(String identity) {
        return entries.stream().filter(e -> e.identity().equals(identity)).findFirst();
    }

    /** The first identity with {@code role}: what the CLI on the box uses. */
    public Optional<Entry> first(Role role) { return entries.stream().filter(e -> e.role() == role).findFirst(); }

    /** Reads the file; creates it with an admin and a viewer identity when missing. */
    public static MgmtCredentials loadOrCreate(Path dataDir) throws IOException {
        Path f = dataDir.resolve(FILE);
        if (!Files.exists(f)) create(f);
        return load(f);
    }

    /** Reads an existing file (the CLI); IOException naming the problem otherwise. */
    public static MgmtCredentials load(Path f) throws IOException {
        List<Entry> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] p = t.split("\\s+");
            if (p.length != 3) throw new IOException(f + " line " + n + ": expected 'identity role key'");
            Role role = switch (p[1]) {
                case "admin" -> Role.ADMIN;
                case "viewer" -> Role.VIEWER;
                default -> throw new IOException(f + " line " + n + ": role must be admin or viewer, not '" + p[1] + "'");
            };
            if (p[2].length() < 16) throw new IOException(f + " line " + n + ": the key must have at least 16 characters");
            out.add(new Entry(p[0], role, p[2]));
        }
        if (out.isEmpty()) throw new IOException(f + ": no identity");
        return new MgmtCredentials(out);
    }

    private static void create(Path f) throws IOException {
        Path dir = f.getParent();
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system (development on another OS)
        }
        String text = "# CoAP management API over DTLS: identity role key (docs/operations.md)\n"
                + "lifeline-admin admin " + randomKey() + "\n"
                + "lifeline-viewer viewer " + randomKey() + "\n";
        dev.lifeline.util.AtomicFiles.write(f, text, PosixFilePermissions.fromString("rw-------"));
    }

    private static String randomKey() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
