package dev.lifeline.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Supplementary services of the site's lines and SIP users (issue #13): the feature codes that
 * switch call forwarding and do-not-disturb, how long an unanswered call rings before it is
 * forwarded, the call-barring classes, and per extension a hotline / warm line and the barred
 * classes. What users switch on with feature codes (forward targets, DND) is state, kept in
 * SQLite, not config; config push can set it too (docs/line-services.md).
 *
 * @param codes            feature code → what it does
 * @param noAnswerMs       call forward on no answer: ring this long first
 * @param barringClasses   class name → patterns on the normalized number (the first that finds it classifies the call)
 * @param extensions       extension → its per-extension settings
 * @param pickupGroups     extension → the call pickup group it is in (at most one; extensions in none are absent)
 * @param musicOnHold      an 8 kHz mono 16-bit WAV file held parties hear in a loop, or null: the comfort tone
 * @param voicemail        where calls to an extension in do-not-disturb go instead of getting busy (a number
 *                         routed as if that extension forwarded the call: the voicemail pilot at HQ, a local
 *                         extension...), unless the extension names its own; null: busy, as without it
 */
public record ServicesConfig(Map<String, Feature> codes, long noAnswerMs, Map<String, List<Pattern>> barringClasses,
                             Map<String, ExtensionServices> extensions, Map<String, String> pickupGroups, String musicOnHold,
                             String voicemail) {
    /** What a feature code does. */
    public enum Feature {
        CFU_ON, CFU_OFF, CFB_ON, CFB_OFF, CFNR_ON, CFNR_OFF, DND_ON, DND_OFF,
        /** Group call pickup: answer a call ringing another extension of the caller's pickup group. */
        PICKUP,
        /** Directed call pickup: the code then the ringing extension. */
        DIRECTED_PICKUP;

        /** The config key, e.g. {@code cfu-on}. */
        public String key() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }

        /** Takes a target number after the code (the forward-on codes). */
        public boolean takesTarget() { return this == CFU_ON || this == CFB_ON || this == CFNR_ON || this == DIRECTED_PICKUP; }

        /** A pickup code: it answers a ringing call rather than switching a service. */
        public boolean isPickup() { return this == PICKUP || this == DIRECTED_PICKUP; }
    }

    /**
     * @param hotline         number dialled at once when the handset is lifted, or null
     * @param warmline        number dialled when nothing is dialled within {@code warmlineMs}, or null
     * @param barred          barring classes this extension may not call
     * @param preset          switched services this config sets (forward targets, DND), or null when it names none
     * @param callWaiting     a call for this line while it is in a call waits (tone, type II caller ID) instead of
     *                        getting busy, and hook flash switches between the calls (on unless the site says
     *                        {@code call-waiting: false}; docs/line-services.md "Hook-flash services")
     * @param hold            a hook flash in a call with no other call holds it and gives dial tone for a second
     *                        call (three-way calling, transfer); on unless {@code hold: false}
     * @param transfer        hanging up with a call held and a second call dialled transfers the held party to it;
     *                        on unless {@code transfer: false} (then the second call ends and the held one rings back)
     * @param voicemail       this extension's own voicemail route while in do-not-disturb (over the site's), or null
     */
    public record ExtensionServices(String hotline, String warmline, long warmlineMs, List<String> barred, Preset preset,
                                    boolean callWaiting, boolean hold, boolean transfer, String voicemail) {
        public static final ExtensionServices NONE = new ExtensionServices(null, null, 0, List.of(), null, true, true, true, null);

        public ExtensionServices {
            barred = List.copyOf(barred);
        }

        /** Without a voicemail route of its own. */
        public ExtensionServices(String hotline, String warmline, long warmlineMs, List<String> barred, Preset preset,
                                 boolean callWaiting, boolean hold, boolean transfer) {
            this(hotline, warmline, warmlineMs, barred, preset, callWaiting, hold, transfer, null);
        }

        /** Without a call-waiting setting: on, the default. */
        public ExtensionServices(String hotline, String warmline, long warmlineMs, List<String> barred, Preset preset) {
            this(hotline, warmline, warmlineMs, barred, preset, true, true, true, null);
        }
    }

    /**
     * Forward targets and DND named in the config (a controller pushing them, docs/line-services.md);
     * a null target is "off".
     */
    public record Preset(String forwardAlways, String forwardBusy, String forwardNoAnswer, boolean dnd) {}

    /** The {@code us} zone's codes (see {@link ZoneDefaults} for the others). */
    public static final Map<String, Feature> DEFAULT_CODES = ZoneDefaults.US_CODES;

    public static final ServicesConfig DEFAULTS = new ServicesConfig(DEFAULT_CODES, 20_000, Map.of(), Map.of(), Map.of(), null, null);

    public ServicesConfig {
        codes = Map.copyOf(codes);
        barringClasses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(barringClasses));
        extensions = Map.copyOf(extensions);
        pickupGroups = Map.copyOf(pickupGroups);
    }

    /** Without pickup groups, with the comfort tone on hold. */
    public ServicesConfig(Map<String, Feature> codes, long noAnswerMs, Map<String, List<Pattern>> barringClasses,
                          Map<String, ExtensionServices> extensions) {
        this(codes, noAnswerMs, barringClasses, extensions, Map.of(), null);
    }

    /** With the comfort tone on hold. */
    public ServicesConfig(Map<String, Feature> codes, long noAnswerMs, Map<String, List<Pattern>> barringClasses,
                          Map<String, ExtensionServices> extensions, Map<String, String> pickupGroups) {
        this(codes, noAnswerMs, barringClasses, extensions, pickupGroups, null);
    }

    /** Without a voicemail route: callers of an extension in do-not-disturb get busy. */
    public ServicesConfig(Map<String, Feature> codes, long noAnswerMs, Map<String, List<Pattern>> barringClasses,
                          Map<String, ExtensionServices> extensions, Map<String, String> pickupGroups, String musicOnHold) {
        this(codes, noAnswerMs, barringClasses, extensions, pickupGroups, musicOnHold, null);
    }

    /** Where a call to {@code extension} goes while it is in do-not-disturb: its own route, else the site's, else null (busy). */
    public String voicemailFor(String extension) {
        String own = of(extension).voicemail();
        return own != null ? own : voicemail;
    }

    /** The other extensions of {@code extension}'s pickup group (empty when it is in none). */
    public Set<String> pickupPeers(String extension) {
        String group = pickupGroups.get(extension);
        if (group == null) return Set.of();
        Set<String> peers = new java.util.TreeSet<>();
        pickupGroups.forEach((ext, g) -> { if (g.equals(group) && !ext.equals(extension)) peers.add(ext); });
        return peers;
    }

    public ExtensionServices of(String extension) { return extensions.getOrDefault(extension, ExtensionServices.NONE); }

    /** The barring class a normalized number falls in, or empty when no class matches. */
    public Optional<String> classify(String normalized) {
        for (Map.Entry<String, List<Pattern>> c : barringClasses.entrySet()) {
            for (Pattern p : c.getValue()) if (p.matcher(normalized).find()) return Optional.of(c.getKey());
        }
        return Optional.empty();
    }

    /**
     * The feature a dialled string starts with, and the rest (the target), or empty. Longest code
     * first. A closing {@code #} (ETSI style, {@code #21#}, as a SIP phone sends it) is not part of it.
     */
    public Optional<Map.Entry<Feature, String>> feature(String number) {
        String dialled = number.length() > 1 && number.endsWith("#") ? number.substring(0, number.length() - 1) : number;
        return codes.entrySet().stream().filter(e -> dialled.startsWith(e.getKey()))
                .filter(e -> e.getValue().takesTarget() || dialled.equals(e.getKey()))
                .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                .map(e -> Map.entry(e.getValue(), dialled.substring(e.getKey().length())));
    }

    /** Without a services section: the zone's feature codes, everything else default. */
    static ServicesConfig defaults(String zone) {
        return new ServicesConfig(ZoneDefaults.featureCodes(zone), DEFAULTS.noAnswerMs(), Map.of(), Map.of(), Map.of(), null, null);
    }

    static ServicesConfig read(YamlNode node, Set<String> allExtensions, String zone) {
        if (node == null) return defaults(zone);
        Map<String, Feature> zoneCodes = ZoneDefaults.featureCodes(zone);
        Fields f = node.fields("feature-codes", "no-answer-timeout", "barring-classes", "extensions", "pickup-groups",
                "music-on-hold", "voicemail");
        Map<String, Feature> codes = new LinkedHashMap<>(zoneCodes);
        f.get("feature-codes").ifPresent(n -> {
            Map<Feature, String> byFeature = new LinkedHashMap<>();
            zoneCodes.forEach((code, feat) -> byFeature.put(feat, code));
            Set<String> known = new java.util.TreeSet<>();
            for (Feature ft : Feature.values()) known.add(ft.key());
            n.fields().all().forEach((key, v) -> {
                Feature ft = java.util.Arrays.stream(Feature.values()).filter(x -> x.key().equals(key)).findFirst().orElse(null);
                String code = v.string();
                if (ft == null) v.error("unknown feature (known: " + String.join(", ", known) + ")");
                else if (code != null && !code.matches("[*#][0-9*#]{1,4}")) v.error("a feature code is * or # and 1-4 more of 0-9 * #, got '" + code + "'");
                else if (code != null) byFeature.put(ft, code);
            });
            codes.clear();
            byFeature.forEach((ft, code) -> {
                Feature other = codes.putIfAbsent(code, ft);
                if (other != null) n.error("code " + code + " is given to both " + other.key() + " and " + ft.key());
            });
        });
        long noAnswer = f.durationMs("no-answer-timeout", 20_000, 5_000, 120_000);
        Map<String, List<Pattern>> classes = new LinkedHashMap<>();
        f.get("barring-classes").ifPresent(n -> n.fields().all().forEach((name, v) -> {
            List<Pattern> patterns = new ArrayList<>();
            for (String re : v.isSequence() ? v.strings() : List.of(v.string() == null ? "" : v.string())) {
                try {
                    patterns.add(Pattern.compile(re));
                } catch (PatternSyntaxException e) {
                    v.error("not a regular expression: " + e.getDescription());
                }
            }
            classes.put(name, patterns);
        }));
        Map<String, ExtensionServices> exts = new LinkedHashMap<>();
        f.get("extensions").ifPresent(n -> n.fields().all().forEach((ext, v) -> {
            if (!allExtensions.contains(ext)) {
                v.error("'" + ext + "' is not an extension of this site (a line or a user)");
                return;
            }
            Fields e = v.fields("hotline", "warmline", "warmline-after", "barred", "forward-always", "forward-busy",
                    "forward-no-answer", "dnd", "call-waiting", "hold", "transfer", "voicemail");
            String hotline = e.get("hotline").map(ServicesConfig::number).orElse(null);
            String warmline = e.get("warmline").map(ServicesConfig::number).orElse(null);
            long after = e.durationMs("warmline-after", 5_000, 1_000, 60_000);
            if (hotline != null && warmline != null) v.error("hotline and warmline exclude each other: choose one");
            List<String> barred = e.strings("barred", List.of());
            e.get("barred").ifPresent(b -> {
                for (String c : barred) if (!classes.containsKey(c)) b.error("'" + c + "' is not a barring class (classes: " + String.join(", ", classes.keySet()) + ")");
            });
            boolean named = e.get("forward-always").isPresent() || e.get("forward-busy").isPresent()
                    || e.get("forward-no-answer").isPresent() || e.get("dnd").isPresent();
            Preset preset = named ? new Preset(e.get("forward-always").map(ServicesConfig::number).orElse(null),
                    e.get("forward-busy").map(ServicesConfig::number).orElse(null),
                    e.get("forward-no-answer").map(ServicesConfig::number).orElse(null), e.bool("dnd", false)) : null;
            String voicemail = e.get("voicemail").map(ServicesConfig::number).orElse(null);
            if (ext.equals(voicemail)) {
                e.get("voicemail").get().error("the voicemail route of " + ext + " is " + ext + " itself: its callers would loop back to it");
            }
            exts.put(ext, new ExtensionServices(hotline, warmline, after, barred, preset, e.bool("call-waiting", true),
                    e.bool("hold", true), e.bool("transfer", true), voicemail));
        }));
        String moh = f.get("music-on-hold").map(YamlNode::string).orElse(null);
        if (moh != null && moh.isBlank()) moh = null;
        String voicemail = f.get("voicemail").map(ServicesConfig::number).orElse(null);
        return new ServicesConfig(codes, noAnswer, classes, exts, pickupGroups(f.get("pickup-groups").orElse(null), allExtensions), moh,
                voicemail);
    }

    /** {@code pickup-groups: { name: [extension, ...] }}; an extension is in at most one group. */
    private static Map<String, String> pickupGroups(YamlNode node, Set<String> allExtensions) {
        Map<String, String> groupOf = new LinkedHashMap<>();
        if (node == null) return groupOf;
        node.fields().all().forEach((group, v) -> {
            if (!group.matches("[A-Za-z0-9_-]{1,32}")) v.error("a pickup group name is 1-32 of A-Z a-z 0-9 _ -, got '" + group + "'");
            for (YamlNode item : v.items()) {
                String ext = item.string();
                if (ext == null) continue;
                if (!allExtensions.contains(ext)) item.error("'" + ext + "' is not a line or SIP user of this site");
                else if (groupOf.containsKey(ext)) item.error("'" + ext + "' is already in pickup group " + groupOf.get(ext) + " (an extension is in one group at most)");
                else groupOf.put(ext, group);
            }
        });
        return groupOf;
    }

    private static String number(YamlNode n) {
        String v = n.string();
        if (v != null && !v.matches("\\+?[0-9*#]{1,20}")) {
            n.error("expected a number to dial (digits, * #, optional leading +), got '" + v + "'");
            return null;
        }
        return v;
    }
}
