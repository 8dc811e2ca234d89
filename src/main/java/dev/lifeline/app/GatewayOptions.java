package dev.lifeline.app;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.util.Clock;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.tinylog.Logger;

/**
 * Everything a gateway is started from. {@code simPort} / {@code coapPort} / {@code sipPort} /
 * {@code httpPort} override the configured ports when not null (tests ask for free ports). The
 * short constructors are for gateways inside another program (tests, tools): they give the web
 * console, when the site config has one, an ephemeral port, so they never collide with a demo
 * gateway on its fixed port. {@code exit} ends the
 * process when the controller orders a reboot: {@code System::exit} for {@code lifeline run}; by
 * default (in-process gateways, tests) it only logs, so a test JVM is never shut down.
 */
public record GatewayOptions(BoardProfile board, SiteConfig site, String siteSource, Path dataDir, Clock clock,
                             Integer simPort, Integer coapPort, Integer sipPort, Integer httpPort, IntConsumer exit) {
    /** Logs instead of exiting: the default for gateways that are not the whole process. */
    public static final IntConsumer NO_EXIT = status ->
            Logger.warn("exit {} requested, but this gateway runs inside another program: not exiting", status);

    public GatewayOptions {
        if (exit == null) exit = NO_EXIT;
    }

    public GatewayOptions(BoardProfile board, SiteConfig site, String siteSource, Path dataDir, Clock clock,
                          Integer simPort, Integer coapPort, Integer sipPort) {
        this(board, site, siteSource, dataDir, clock, simPort, coapPort, sipPort, 0, NO_EXIT);
    }

    public GatewayOptions(BoardProfile board, SiteConfig site, String siteSource, Path dataDir, Clock clock,
                          Integer simPort, Integer coapPort) {
        this(board, site, siteSource, dataDir, clock, simPort, coapPort, null, 0, NO_EXIT);
    }

    /** The same options with another exit action (tests record reboots with it). */
    public GatewayOptions withExit(IntConsumer action) {
        return new GatewayOptions(board, site, siteSource, dataDir, clock, simPort, coapPort, sipPort, httpPort, action);
    }
}
