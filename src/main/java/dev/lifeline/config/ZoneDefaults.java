package dev.lifeline.config;

import dev.lifeline.config.ServicesConfig.Feature;
import java.util.Map;

/**
 * What a site gets by default for the country its tone zone names: the service codes its users
 * already know and a digit map that lets them dial those codes. North America ({@code us}) uses
 * the Bellcore vertical service codes ({@code *72} forward ...); the European zones ({@code uk},
 * {@code de}, {@code fr}, {@code eu}) use the ETSI/GSM style that their exchanges and mobiles use
 * ({@code *21*number#} forward, {@code #21#} off; 3GPP TS 22.030 service codes 21, 67, 61).
 * A site's {@code services.feature-codes} and {@code dial-plan.digit-map} still override them.
 */
public final class ZoneDefaults {
    private ZoneDefaults() {}

    /** Bellcore vertical service codes: the defaults in the {@code us} zone (and any zone not European). */
    public static final Map<String, Feature> US_CODES = Map.of("*72", Feature.CFU_ON, "*73", Feature.CFU_OFF,
            "*90", Feature.CFB_ON, "*91", Feature.CFB_OFF, "*92", Feature.CFNR_ON, "*93", Feature.CFNR_OFF,
            "*78", Feature.DND_ON, "*79", Feature.DND_OFF, "*8", Feature.PICKUP, "**", Feature.DIRECTED_PICKUP);

    /**
     * ETSI/GSM-style codes. The closing {@code #} ends dialling on an analog line and is not part of
     * the code ({@link ServicesConfig#feature} ignores it from SIP phones too). Do-not-disturb has no
     * standard code; {@code *26#}/{@code #26#} is this gateway's choice.
     */
    public static final Map<String, Feature> ETSI_CODES = Map.of("*21*", Feature.CFU_ON, "#21", Feature.CFU_OFF,
            "*67*", Feature.CFB_ON, "#67", Feature.CFB_OFF, "*61*", Feature.CFNR_ON, "#61", Feature.CFNR_OFF,
            "*26", Feature.DND_ON, "#26", Feature.DND_OFF, "*8", Feature.PICKUP, "**", Feature.DIRECTED_PICKUP);

    public static final String US_DIGIT_MAP = "[6-7]xxx|0[1-9]xxxxxxxxx|911|*xx|*72x.T|*90x.T|*92x.T|*8|**xxxx";
    public static final String ETSI_DIGIT_MAP = "[6-7]xxx|0[1-9]xxxxxxxxx|112|911|*xx|*21*x.T|*67*x.T|*61*x.T|#xx|*8|**xxxx";

    /** True for the zones whose users know the ETSI codes. */
    static boolean european(String zone) {
        return zone != null && switch (zone) {
            case "uk", "de", "fr", "eu" -> true;
            default -> false;
        };
    }

    public static Map<String, Feature> featureCodes(String zone) { return european(zone) ? ETSI_CODES : US_CODES; }

    public static String digitMap(String zone) { return european(zone) ? ETSI_DIGIT_MAP : US_DIGIT_MAP; }
}
