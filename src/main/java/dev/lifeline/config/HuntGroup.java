package dev.lifeline.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A hunt group (issue #13): a pilot extension that rings its members, analog lines and SIP users
 * of this site, by a strategy; a member that does not answer within {@code memberTimeoutMs} is
 * given up, and when no member answers (or every one is busy or absent) the call goes to the
 * overflow number, or fails. The pilot is an extension like any other, so routes, FXO
 * {@code ring} lists and PRI DIDs can name it.
 *
 * @param overflow any routable number, or null (the caller then gets no answer / busy)
 */
public record HuntGroup(String pilot, Strategy strategy, List<String> members, long memberTimeoutMs, String overflow) {
    /** Default ring time per member. */
    public static final long DEFAULT_MEMBER_TIMEOUT_MS = 15_000;

    /** In which order members are offered a call. */
    public enum Strategy {
        /** Every free member at once; the first to answer wins. */
        RING_ALL,
        /** One at a time, always from the first member. */
        LINEAR,
        /** One at a time, starting after the member the previous call was offered to last. */
        CIRCULAR,
        /** One at a time, the member whose last call ended longest ago first (never called: first). */
        LONGEST_IDLE;

        /** The config spelling, e.g. {@code ring-all}. */
        public String key() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    public HuntGroup {
        members = List.copyOf(members);
    }

    /**
     * Reads {@code hunt-groups}; each pilot is claimed in {@code extensions} (so it is unique among
     * lines, users and other pilots), each member must be in {@code memberExtensions} (a line or a
     * user, never a pilot).
     */
    static List<HuntGroup> read(List<YamlNode> items, Extensions extensions, Set<String> memberExtensions) {
        List<HuntGroup> out = new ArrayList<>();
        Set<String> strategies = new TreeSet<>();
        for (Strategy s : Strategy.values()) strategies.add(s.key());
        for (YamlNode item : items) {
            Fields f = item.fields("pilot", "strategy", "members", "member-timeout", "overflow");
            String pilot = extensions.claim(f.required("pilot"));
            String key = f.choice("strategy", Strategy.LINEAR.key(), strategies);
            Strategy strategy = Arrays.stream(Strategy.values()).filter(s -> s.key().equals(key)).findFirst().orElse(null);
            List<String> members = new ArrayList<>();
            YamlNode membersNode = f.required("members");
            if (membersNode != null) {
                for (YamlNode m : membersNode.items()) {
                    String ext = m.string();
                    if (ext == null) continue;
                    if (!memberExtensions.contains(ext)) {
                        m.error("'" + ext + "' is not a line or SIP user of this site (a hunt group's members are)");
                    } else if (members.contains(ext)) {
                        m.error("'" + ext + "' is listed twice");
                    } else {
                        members.add(ext);
                    }
                }
                if (membersNode.items().isEmpty()) membersNode.error("a hunt group needs at least one member");
            }
            long timeout = f.durationMs("member-timeout", DEFAULT_MEMBER_TIMEOUT_MS, 2_000, 300_000);
            String overflow = f.get("overflow").map(n -> {
                String v = n.string();
                if (v != null && !v.matches("\\+?[0-9*#]{1,20}")) {
                    n.error("expected a number to dial (digits, * #, optional leading +), got '" + v + "'");
                    return null;
                }
                if (v != null && v.equals(pilot)) {
                    n.error("the overflow of hunt group " + pilot + " is the group itself: it would loop");
                    return null;
                }
                return v;
            }).orElse(null);
            if (pilot != null && strategy != null && !members.isEmpty()) {
                out.add(new HuntGroup(pilot, strategy, members, timeout, overflow));
            }
        }
        return out;
    }
}
