package dev.lifeline.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything site-specific (DESIGN §5): who the lines and SIP users are, how dialling works,
 * where HQ and the controller are. Immutable and fully validated against a {@link BoardProfile};
 * a new config is a new instance (built by {@link ConfigLoader}), which makes apply/rollback simple.
 *
 * @param toneZone   tone zone override, or null to use the board's ({@link #effectiveToneZone})
 * @param lines      FXS port id → line; every FXS port of the board has one
 * @param emergency  numbers that always go out on the local PSTN trunk, in every mode
 * @param controller null if the gateway runs without a central controller
 * @param survival   WAN monitoring and mode switching (defaults when the section is absent)
 * @param services   supplementary services: feature codes, barring, hotline, pickup groups (defaults when absent)
 * @param huntGroups hunt groups: pilot extensions that ring their members by a strategy (none when absent)
 * @param tr069      the TR-069 (CWMP) agent, or null when the section is absent (off)
 */
public record SiteConfig(String site, String gatewayId, String toneZone, Map<String, LineConfig> lines,
                         List<SipUser> users, DialPlan dialPlan, AnalogConfig analog, SipConfig sip,
                         ManagementConfig management, List<String> emergency, TrunksConfig trunks,
                         UpstreamConfig upstream, ControllerConfig controller, StorageConfig storage,
                         SurvivalConfig survival, ServicesConfig services,
                         List<HuntGroup> huntGroups, Tr069Config tr069) {

    public SiteConfig {
        lines = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lines));
        users = List.copyOf(users);
        emergency = List.copyOf(emergency);
        huntGroups = List.copyOf(huntGroups);
    }

    public String effectiveToneZone(BoardProfile board) {
        return toneZone != null ? toneZone : board.toneZone();
    }

    public Optional<LineConfig> lineByExtension(String ext) {
        return lines.values().stream().filter(l -> l.extension().equals(ext)).findFirst();
    }

    public Optional<SipUser> userByExtension(String ext) {
        return users.stream().filter(u -> u.extension().equals(ext)).findFirst();
    }

    /** A site without TR-069 (the constructor before the {@code tr069} section existed). */
    public SiteConfig(String site, String gatewayId, String toneZone, Map<String, LineConfig> lines,
                      List<SipUser> users, DialPlan dialPlan, AnalogConfig analog, SipConfig sip,
                      ManagementConfig management, List<String> emergency, TrunksConfig trunks,
                      UpstreamConfig upstream, ControllerConfig controller, StorageConfig storage,
                      SurvivalConfig survival, ServicesConfig services, List<HuntGroup> huntGroups) {
        this(site, gatewayId, toneZone, lines, users, dialPlan, analog, sip, management, emergency, trunks, upstream,
                controller, storage, survival, services, huntGroups, null);
    }

    public Optional<ControllerConfig> controllerConfig() {
        return Optional.ofNullable(controller);
    }

    public boolean isEmergency(String number) {
        return emergency.contains(number);
    }
}
