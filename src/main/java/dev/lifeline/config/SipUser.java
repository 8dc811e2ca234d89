package dev.lifeline.config;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A SIP phone of the branch that may register with the gateway (always with digest auth).
 * Holds only HA1 hashes: a configured password is hashed at load and not kept.
 *
 * @param extension  2-15 digits, unique in the site; the AOR user part
 * @param name       display name, or null
 * @param authUser   digest username (default: the extension)
 * @param ha1Md5     MD5 HA1 in lower-case hex, or null (then MD5 digest is refused for this user)
 * @param ha1Sha256  SHA-256 HA1 in lower-case hex, or null (then the user can only do MD5)
 * @param srtp       this phone's SRTP policy ({@code users[].srtp}), or null for the site's {@code sip.srtp}
 */
public record SipUser(String extension, String name, String authUser, String ha1Md5, String ha1Sha256, SrtpPolicy srtp) {
    public SipUser(String extension, String name, String authUser, String ha1Md5, String ha1Sha256) {
        this(extension, name, authUser, ha1Md5, ha1Sha256, null);
    }

    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    /** Never prints the hashes: they are password equivalents for this realm. */
    @Override
    public String toString() {
        return "SipUser[extension=" + extension + ", name=" + name + ", authUser=" + authUser
                + ", ha1Md5=" + (ha1Md5 == null ? "none" : "***") + ", ha1Sha256=" + (ha1Sha256 == null ? "none" : "***") + (srtp == null ? "" : ", srtp=" + srtp.configName()) + "]";
    }

    static List<SipUser> read(List<YamlNode> items, String realm, Extensions extensions) {
        List<SipUser> users = new ArrayList<>();
        for (YamlNode item : items) {
            Fields f = item.fields("extension", "name", "auth-user", "password", "ha1-md5", "ha1-sha256", "srtp");
            String ext = extensions.claim(f.required("extension"));
            String name = f.string("name", null);
            String authUser = f.string("auth-user", ext);
            String md5 = f.get("ha1-md5").map(n -> hex(n, HEX32)).orElse(null);
            String sha = f.get("ha1-sha256").map(n -> hex(n, HEX64)).orElse(null);
            boolean hasHash = f.get("ha1-md5").isPresent() || f.get("ha1-sha256").isPresent();
            if (f.get("password").isPresent()) {
                String pw = f.get("password").get().text();
                if (hasHash) item.error("give either password or ha1-md5/ha1-sha256, not both");
                else if (pw == null || pw.isEmpty()) f.get("password").get().error("must not be empty");
                else if (authUser != null && realm != null) {
                    md5 = Ha1.md5(authUser, realm, pw);
                    sha = Ha1.sha256(authUser, realm, pw);
                }
            } else if (!hasHash) {
                item.error("needs a password or ha1-md5/ha1-sha256");
            }
            if (ext != null && authUser != null) users.add(new SipUser(ext, name, authUser, md5, sha, SipConfig.srtp(f, null)));
        }
        return users;
    }

    private static String hex(YamlNode n, Pattern p) {
        String v = n.string();
        if (v != null && !p.matcher(v).matches()) {
            n.error("expected " + (p == HEX32 ? 32 : 64) + " hex digits");
            return null;
        }
        return v == null ? null : HexFormat.of().formatHex(HexFormat.of().parseHex(v));
    }
}
