package dev.lifeline.app;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.util.Clock;
import java.nio.file.Path;

/**
 * Everything a gateway is started from. {@code simPort} / {@code coapPort} override the
 * configured ports when not null (tests ask for 0, an ephemeral port).
 */
public record GatewayOptions(BoardProfile board, SiteConfig site, String siteSource, Path dataDir, Clock clock,
                             Integer simPort, Integer coapPort) {
    public GatewayOptions withPorts(Integer sim, Integer coap) {
        return new GatewayOptions(board, site, siteSource, dataDir, clock, sim, coap);
    }
}
