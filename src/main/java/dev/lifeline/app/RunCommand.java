package dev.lifeline.app;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigException;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.dsp.DspUnavailableException;
import dev.lifeline.util.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code lifeline run}: load and check the config, start the gateway, stop cleanly on SIGTERM. */
final class RunCommand {
    private RunCommand() {}

    static int run(Args a) {
        Path home = Path.of(System.getProperty("lifeline.home", "."));
        Path data = Path.of(a.get("data", "var")).toAbsolutePath();
        Path boardFile = boardPath(home, a.get("board", "sim-4fxs-2fxo"));
        Path siteFile = Path.of(a.get("config", home.resolve("site-configs/demo.yaml").toString()));
        LogSetup.gateway(data, a.get("log-level", "info"));
        BoardProfile board;
        SiteConfig site;
        try {
            board = ConfigLoader.loadBoard(boardFile);
            site = ConfigLoader.loadSite(siteFile, board);
        } catch (ConfigException e) {
            System.err.println("lifeline: configuration refused, gateway not started:");
            e.errors().forEach(err -> System.err.println("  " + err));
            return 2;
        }
        // a controller's reboot command exits with status 75; the supervisor (systemd) starts the gateway again
        GatewayOptions opts = new GatewayOptions(board, site, siteFile.getFileName().toString(), data, Clock.SYSTEM, null, null,
                null, null, System::exit);
        Gateway gw;
        try {
            gw = Gateway.start(opts);
        } catch (ConfigException e) {
            System.err.println("lifeline: configuration refused, gateway not started:");
            e.errors().forEach(err -> System.err.println("  " + err));
            return 2;
        } catch (DspUnavailableException e) {
            System.err.println("lifeline: DSP library unavailable: " + e.getMessage());
            return 3;
        } catch (IOException e) {
            System.err.println("lifeline: cannot start: " + e.getMessage());
            return 3;
        }
        // out of memory / stack overflow on the engine: the tick cannot be trusted; exit 70 so the supervisor restarts us
        gw.engine().onFatal(e -> Runtime.getRuntime().halt(70));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // a user who pressed Ctrl-C, or a supervisor that sent SIGTERM, sees why the gateway ends
            System.err.println("lifeline: stopping (SIGTERM, Ctrl-C or a controller's reboot): ending calls, writing their CDRs...");
            gw.close();
            System.err.println("lifeline: stopped cleanly");
            try {
                org.tinylog.provider.ProviderRegistry.getLoggingProvider().shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "shutdown"));
        System.out.println("""
                Lifeline is running: gateway %s, site %s, board %s
                  %s
                  plug a virtual phone in:  test-rigs/phone fxs1 --port %d      (then lift it: it hears dial tone)
                  SIP (registrar, calls):   sip:%s:%d  udp/tcp   (./scripts/lifeline registrations)
                  management API:           %s   (./scripts/lifeline status | calls | cdr)
                  web console:              %s
                  data and logs:            %s
                Stop with Ctrl-C or SIGTERM.""".formatted(site.gatewayId(), site.site(), board.board(),
                gw.describeBoard(), gw.simPort(), site.sip().listenHost(), gw.sipPort(), gw.coapUri(),
                gw.httpUri() == null ? "off (management.http in the site config)" : gw.httpUri() + "   (docs/operations.md#web-console)",
                data));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static Path boardPath(Path home, String nameOrFile) {
        Path p = Path.of(nameOrFile);
        if (nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || Files.exists(p)) return p;
        return home.resolve("board-profiles").resolve(nameOrFile + ".yaml");
    }
}
