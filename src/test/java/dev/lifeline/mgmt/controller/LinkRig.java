package dev.lifeline.mgmt.controller;

import dev.lifeline.it.Mosquitto;
import dev.lifeline.it.MqttProbe;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.ConfigVersions;
import dev.lifeline.store.Database;
import dev.lifeline.util.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A controller link on a stand-in gateway with a real journal, a real broker and a probe client
 * playing the controller. Topics are those of the demo site: {@code lifeline/v1/demo-branch/gw-demo/}.
 */
final class LinkRig implements AutoCloseable {
    static final String P = "lifeline/v1/demo-branch/gw-demo/";

    final Mosquitto broker;
    final Database db;
    final CdrStore cdrs;
    final ConfigVersions versions;
    final StubGateway gw;
    final MqttProbe probe;
    ControllerLink link;

    /** @param extraYaml appended to the demo site after a controller section on the broker */
    LinkRig(String controllerExtra, String extraYaml) throws Exception {
        broker = Mosquitto.start();
        Path dir = Files.createTempDirectory("lifeline-link");
        db = Database.open(dir.resolve("lifeline.db"));
        cdrs = new CdrStore(db);
        versions = new ConfigVersions(db);
        gw = StubGateway.demo("\ncontroller: { url: \"" + broker.url() + "\", reconnect-max: 2s" + controllerExtra + " }\n" + extraYaml);
        probe = MqttProbe.connect(broker.url(), "lifeline/v1/#");
    }

    LinkRig() throws Exception { this("", ""); }

    ControllerLink start(int window, long ackTimeoutMs) {
        link = ControllerLink.start(gw, cdrs, versions, 0, Clock.SYSTEM, window, ackTimeoutMs);
        return link;
    }

    ControllerLink start() { return start(CdrSync.DEFAULT_WINDOW, CdrSync.DEFAULT_ACK_TIMEOUT_MS); }

    void awaitOnline() throws InterruptedException {
        await(() -> link.online(), Duration.ofSeconds(10), "link online");
    }

    /** Inserts {@code n} CDRs in one transaction. */
    List<Cdr> insert(int n) {
        List<Cdr> batch = new ArrayList<>(n);
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        for (int i = 0; i < n; i++) batch.add(cdr(t.plusSeconds(i)));
        return cdrs.insertAll(batch);
    }

    static Cdr cdr(Instant start) {
        return Cdr.builder().gatewayId("gw-demo").direction("internal").callingNumber("6000").callingName("Reception")
                .calledDialled("6001").srcLeg("fxs:fxs1").dstLeg("fxs:fxs2").start(start).answer(start.plusSeconds(2))
                .end(start.plusSeconds(30)).q850Cause(16).build();
    }

    static void await(BooleanSupplier cond, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        if (link != null) link.close();
        probe.close();
        db.close();
        broker.close();
    }
}
