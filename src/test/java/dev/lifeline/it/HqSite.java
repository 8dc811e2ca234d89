package dev.lifeline.it;

/** Site-config edits shared by the HQ tests and the survivability bench. */
public final class HqSite {
    private HqSite() {}

    /**
     * As a branch runs in normal mode: fxs1..fxs4 register at HQ as 6000..6003 and extension calls
     * go via HQ first, so a call in NORMAL is hairpinned through HQ and a call right after the cut
     * meets a dead HQ before it falls back locally.
     */
    public static String viaHq(String s) {
        for (int i = 0; i < 4; i++) {
            String ext = "600" + i;
            s = s.replaceFirst("(fxs" + (i + 1) + ": \\{ extension: \"" + ext + "\", name: \"[^\"]*\")( })",
                    "$1, upstream: { user: \"" + ext + "\", password: \"lifeline" + ext + "\" }$2");
        }
        return s.replace("- { match: \"^[67]\\\\d{3}$\", via: [local] }", "- { match: \"^[67]\\\\d{3}$\", via: [hq, local] }");
    }
}
