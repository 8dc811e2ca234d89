package dev.lifeline.app;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.util.Clock;
import java.nio.file.Path;

/**
 * Everything a gateway is started from. {@code simPort} / {@code coapPort} / {@code sipPort}
 * override the configured ports when not null (tests ask for free ports).
 */
public record GatewayOptions(BoardProfile board, SiteConfig site, String siteSource, Path dataDir, Clock clock,
                             Integer simPort, Integer coapPort, Integer sipPort) {
    public GatewayOptions(BoardProfile board, SiteConfig site, String siteSource, Path dataDir, Clock clock,
                          Integer simPort, Integer coapPort) {
        this(board, site, siteSource, dataDir, clock, simPort, coapPort, null);
    }
}
