package dev.lifeline.bench;

import dev.lifeline.util.Json;
import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.it.Mosquitto;
import dev.lifeline.it.TestGateway;
import dev.lifeline.mgmt.controller.CdrSync;
import dev.lifeline.mgmt.controller.ControllerLink;
import dev.lifeline.mgmt.controller.GatewayControl;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.ConfigVersions;
import dev.lifeline.store.Database;
import dev.lifeline.survival.Mode;
import dev.lifeline.survival.ModeListener;
import dev.lifeline.util.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * CDR drain benchmark hook (issue #5: a 100,000-CDR backlog to Mosquitto on loopback, with acks).
 *
 * <pre>
 * CdrDrainBench drain [--cdrs 100000] [--url tcp://127.0.0.1:1883]
 *     fills a fresh journal, runs the gateway's ControllerLink/CdrSync against the broker (its own
 *     Mosquitto when no --url) with an acking controller that parses every batch, and prints
 *     "cdr-drain cdrs=N ms=T rate=R/s" (R from the sync's own first-send-to-last-ack time)
 * CdrDrainBench fill --data DIR [--cdrs 100000] [--gateway-id gw-demo]
 *     puts N CDRs into DIR/lifeline.db in one transaction, for a real gateway started on DIR: it
 *     drains them on connect and logs "cdr sync: drained N CDRs in T ms (R CDRs/s)"
 * </pre>
 * The controller side here is minimal on purpose (parse, count, ack); a controller that also
 * stores every CDR in its own database is slower, and that is the bench script's business.
 */
public final class CdrDrainBench {
    private CdrDrainBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "drain";
        int cdrs = Integer.parseInt(arg(args, "--cdrs", "100000"));
        switch (mode) {
            case "fill" -> {
                Path data = Path.of(arg(args, "--data", null));
                Files.createDirectories(data);
                try (Database db = Database.open(data.resolve("lifeline.db"))) {
                    long t0 = System.nanoTime();
                    List<Cdr> stored = fill(new CdrStore(db), cdrs, arg(args, "--gateway-id", "gw-demo"));
                    System.out.printf("cdr-fill cdrs=%d seq=%d..%d ms=%d%n", stored.size(), stored.get(0).seq(),
                            stored.get(stored.size() - 1).seq(), (System.nanoTime() - t0) / 1_000_000);
                }
            }
            case "drain" -> {
                String url = arg(args, "--url", "");
                if (url.isEmpty()) url = null;
                Mosquitto own = url == null ? Mosquitto.start() : null;
                try {
                    CdrSync.Drain d = drain(own != null ? own.url() : url, cdrs);
                    System.out.printf("cdr-drain cdrs=%d ms=%d rate=%d/s%n", d.cdrs(), d.millis(), Math.round(d.perSecond()));
                } finally {
                    if (own != null) own.close();
                }
            }
            default -> throw new IllegalArgumentException("usage: CdrDrainBench drain|fill [--cdrs N] [--url URL] [--data DIR]");
        }
    }

    /** Fills a fresh journal with {@code n} CDRs and drains it through a ControllerLink to {@code url}. */
    public static CdrSync.Drain drain(String url, int n) throws Exception {
        Path dir = Files.createTempDirectory("lifeline-drain");
        BoardProfile board = ConfigLoader.loadBoard(TestGateway.HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
        SiteConfig site = ConfigLoader.loadSite(Files.readString(TestGateway.HOME.resolve("site-configs/demo.yaml"))
                + "\ncontroller: { url: \"" + url + "\", reconnect-max: 2s }\n", "demo.yaml", board);
        try (Database db = Database.open(dir.resolve("lifeline.db"));
             Acker acker = new Acker(url, "lifeline/v1/" + site.site() + "/" + site.gatewayId() + "/cdr")) {
            CdrStore store = new CdrStore(db);
            fill(store, n, site.gatewayId());
            ControllerLink link = ControllerLink.start(new Idle(site, board), store, new ConfigVersions(db), 0, Clock.SYSTEM);
            try {
                long end = System.nanoTime() + 300_000_000_000L;
                while (store.count() > 0 || link.cdrSync().lastDrain() == null) {
                    if (System.nanoTime() > end) throw new IllegalStateException("drain did not finish in 5 min; " + store.count() + " left");
                    Thread.sleep(50);
                }
                if (acker.distinct() < n) throw new IllegalStateException("controller saw " + acker.distinct() + " of " + n);
                return link.cdrSync().lastDrain();
            } finally {
                link.close();
            }
        }
    }

    static List<Cdr> fill(CdrStore store, int n, String gatewayId) {
        List<Cdr> batch = new ArrayList<>(n);
        Instant t = Instant.parse("2026-01-01T08:00:00Z");
        for (int i = 0; i < n; i++) {
            Instant s = t.plusSeconds(i * 7L);
            batch.add(Cdr.builder().gatewayId(gatewayId).direction(i % 3 == 0 ? "outbound" : "internal")
                    .callingNumber("600" + (i % 4)).callingName("Line " + (i % 4)).calledDialled(i % 3 == 0 ? "05551234567" : "6001")
                    .calledNumber(i % 3 == 0 ? "+15551234567" : "6001").srcLeg("fxs:fxs" + (i % 4 + 1))
                    .dstLeg(i % 3 == 0 ? "fxo:fxo1" : "fxs:fxs2").start(s).answer(s.plusMillis(2300))
                    .end(s.plusSeconds(45)).q850Cause(16).build());
        }
        return store.insertAll(batch);
    }

    private static String arg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        if (def == null) throw new IllegalArgumentException(name + " is required");
        return def;
    }

    /** The controller side: parses each batch, counts distinct seqs, acks up to the batch's last seq. */
    private static final class Acker implements MqttCallback, AutoCloseable {
        private final MqttAsyncClient client;
        private final String topic;
        private final AtomicLong maxSeq = new AtomicLong();
        private final java.util.BitSet seen = new java.util.BitSet();

        Acker(String url, String topic) throws MqttException {
            this.topic = topic;
            client = new MqttAsyncClient(url, "bench-controller-" + System.nanoTime(), new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            client.connect(o).waitForCompletion(5000);
            client.subscribe(topic, 1).waitForCompletion(5000);
        }

        synchronized int distinct() { return seen.cardinality(); }

        @Override
        public void messageArrived(String t, MqttMessage m) throws Exception {
            Map<?, ?> batch = (Map<?, ?>) Json.parse(new String(m.getPayload(), StandardCharsets.UTF_8));
            synchronized (this) {
                for (Object c : (List<?>) batch.get("cdrs")) seen.set((int) ((Number) ((Map<?, ?>) c).get("seq")).longValue());
            }
            long last = ((Number) batch.get("last")).longValue();
            maxSeq.accumulateAndGet(last, Math::max);
            client.publish(topic + "/ack", ("{\"upTo\":" + last + "}").getBytes(StandardCharsets.UTF_8), 1, false);
        }

        @Override public void disconnected(MqttDisconnectResponse r) { }
        @Override public void mqttErrorOccurred(MqttException e) { }
        @Override public void deliveryComplete(IMqttToken token) { }
        @Override public void connectComplete(boolean reconnect, String serverURI) { }
        @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(3000);
            client.close();
        }
    }

    /** A gateway that only has to exist for the link: idle ports, no calls. */
    private record Idle(SiteConfig running, BoardProfile board) implements GatewayControl {
        @Override public String software() { return "bench"; }
        @Override public long uptimeSeconds() { return 0; }
        @Override public Snapshot snapshot() { return new Snapshot(Mode.NORMAL, 0, 0, List.of()); }
        @Override public ApplyResult apply(SiteConfig next) { return new ApplyResult(List.of(), List.of()); }
        @Override public void forceMode(String mode) { }
        @Override public void addModeListener(ModeListener listener) { }
        @Override public void flushCdrs() { }
        @Override public void exit(int status) { }
    }
}
