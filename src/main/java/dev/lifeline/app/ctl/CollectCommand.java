package dev.lifeline.app.ctl;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * {@code ctl collect}: runs a {@link CdrCollector} into an archive file until SIGTERM, one
 * line per CDR batch on stdout, problems and connection changes on stderr.
 */
final class CollectCommand {
    private CollectCommand() {}

    static int run(CtlArgs a) throws MqttException, InterruptedException {
        Path db = Path.of(a.required("db"));
        String site = a.get("site", "+"), gw = a.get("gateway", "+");
        String clientId = a.get("client-id", defaultClientId());
        CdrArchive archive = CdrArchive.open(db);
        CdrCollector collector;
        try {
            collector = CdrCollector.start(a.login(), clientId, archive, site, gw, new CdrCollector.Events() {
                @Override
                public void batch(CdrCollector.BatchReport r) { out(r.toString()); }

                @Override
                public void status(GatewayStatus s) {
                    out("%s/%s status: %s%s".formatted(s.site(), s.gatewayId(), s.online() ? "online" : "OFFLINE",
                            s.mode() == null ? "" : ", mode " + s.mode()));
                }

                @Override
                public void alarm(AlarmEvent e) {
                    out("%s/%s alarm %s %s (%s): %s".formatted(e.site(), e.gatewayId(), e.id(), e.state(), e.severity(), e.text()));
                }

                @Override
                public void problem(String text) { System.err.println("lifeline ctl: " + text); }

                @Override
                public void connection(String text) { System.err.println("lifeline ctl: " + text); }
            });
        } catch (MqttException e) {
            archive.close();
            throw e;
        }
        System.err.printf("lifeline ctl: collecting %s into %s as %s; stop with SIGTERM%n",
                Topics.of(site, gw, Topics.CDR), db, clientId);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            collector.close();
            archive.close();
            stopped.countDown();
        }, "ctl-shutdown"));
        stopped.await();
        return CtlMain.OK;
    }

    private static synchronized void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Stable per host, so a restarted collector resumes its broker session. */
    private static String defaultClientId() {
        try {
            return "lifeline-ctl-collect-" + InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "lifeline-ctl-collect";
        }
    }
}
