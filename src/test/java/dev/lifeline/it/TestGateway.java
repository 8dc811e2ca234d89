package dev.lifeline.it;

import dev.lifeline.app.Gateway;
import dev.lifeline.app.GatewayOptions;
import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import dev.lifeline.util.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real gateway started in-process from the shipped demo files (with edits), on ephemeral
 * ports and a temporary data dir, plus virtual phones plugged into it over the sim protocol.
 */
public final class TestGateway implements AutoCloseable {
    public static final Path HOME = Path.of(System.getProperty("lifeline.project.dir", "."));

    /**
     * Where in-process gateways log (tinylog-test.properties): one file per test JVM, as the build
     * names it for each fork ({@code tinylog.writer2.file}), so a fork reads only its own lines.
     */
    public static Path log() {
        return Path.of(System.getProperty("tinylog.writer2.file", "target/test.log"));
    }
    private final Gateway gateway;
    private final Path dataDir;
    private final String zone;
    private final List<VirtualPhone> phones = new ArrayList<>();
    private dev.lifeline.rig.phone.ToneKind dialTone = dev.lifeline.rig.phone.ToneKind.DIAL;

    private TestGateway(Gateway gateway, Path dataDir, String zone) {
        this.gateway = gateway;
        this.dataDir = dataDir;
        this.zone = zone;
    }

    /** Starts from {@code site-configs/<siteFile>} after applying {@code edit} to its text. */
    public static TestGateway start(String siteFile, UnaryOperator<String> edit) throws Exception {
        return start(siteFile, edit, dev.lifeline.sip.FreePorts.udpAndTcp());
    }

    /** As {@link #start(String, UnaryOperator)} with SIP on {@code sipPort}. */
    public static TestGateway start(String siteFile, UnaryOperator<String> edit, int sipPort) throws Exception {
        return start(siteFile, edit, sipPort, Files.createTempDirectory("lifeline-test"));
    }

    /** As above, on a given data dir (restart tests start twice on the same one). */
    public static TestGateway start(String siteFile, UnaryOperator<String> edit, int sipPort, Path data) throws Exception {
        return start("sim-4fxs-2fxo", siteFile, edit, sipPort, data);
    }

    /** On another board profile ({@code board-profiles/<boardName>.yaml}), e.g. the one with an E1 span. */
    public static TestGateway start(String boardName, String siteFile, UnaryOperator<String> edit, int sipPort, Path data)
            throws Exception {
        return start(ConfigLoader.loadBoard(HOME.resolve("board-profiles/" + boardName + ".yaml")), siteFile, edit, sipPort, data);
    }

    /** On a board profile the test made or changed (e.g. another echo tail). */
    public static TestGateway start(BoardProfile board, String siteFile, UnaryOperator<String> edit, int sipPort, Path data)
            throws Exception {
        String text = edit.apply(Files.readString(HOME.resolve("site-configs").resolve(siteFile)));
        SiteConfig site = ConfigLoader.loadSite(text, siteFile, board);
        Gateway gw = Gateway.start(new GatewayOptions(board.withSimListen("127.0.0.1", 0), site, siteFile, data,
                Clock.SYSTEM, 0, 0, sipPort));
        return new TestGateway(gw, data, site.effectiveToneZone(board));
    }

    public static TestGateway demo() throws Exception { return start("demo.yaml", s -> s); }

    /** Adds an {@code analog:} section to the site config text. */
    public static UnaryOperator<String> analog(String yamlBody) {
        return s -> s + "\nanalog:\n" + yamlBody.indent(2);
    }

    /**
     * Forces the gateway into {@code mode} (SURVIVAL: as if HQ were lost) and tells its phones,
     * present and future, which dial tone that mode gives (stutter in SURVIVAL). Line-service
     * tests run once per mode with it.
     */
    public TestGateway inMode(dev.lifeline.survival.Mode mode) {
        if (mode != dev.lifeline.survival.Mode.NORMAL) gateway.survivability().force(mode, "test");
        dialTone = mode == dev.lifeline.survival.Mode.NORMAL ? dev.lifeline.rig.phone.ToneKind.DIAL
                : dev.lifeline.rig.phone.ToneKind.STUTTER_DIAL;
        phones.forEach(p -> p.expectDialTone(dialTone));
        return this;
    }

    /** "normal" or "survival": what a CDR of a call in this gateway's mode says. */
    public String cdrMode() { return gateway.mode() == dev.lifeline.survival.Mode.NORMAL ? "normal" : "survival"; }

    public Gateway gateway() { return gateway; }
    public int sipPort() { return gateway.sipPort(); }

    /** This gateway as the fax rig's paths see it: its SIP port, its sim and its phones. */
    public dev.lifeline.rig.fax.FaxPaths.Gateway faxView() {
        return new dev.lifeline.rig.fax.FaxPaths.Gateway(sipPort(), gateway.simPort(), this::phone);
    }
    public Path dataDir() { return dataDir; }

    public VirtualPhone phone(String port) throws Exception {
        VirtualPhone p = VirtualPhone.connect("127.0.0.1", gateway.simPort(), port, zone);
        p.expectDialTone(dialTone);
        phones.add(p);
        // the gateway sees the device on its engine thread; give it a tick to register
        Thread.sleep(60);
        return p;
    }

    /**
     * Lifts the handset, checks for the mode's dial tone, and dials {@code number} as DTMF. Up to
     * 5 s: in the CEPT zones a stutter dial tone is only told from ringback's 1 s burst of 425 Hz
     * after its ten breaks (2 s) and 1.1 s of steady tone.
     */
    public static void liftAndDial(VirtualPhone p, String number) throws Exception {
        p.offHook();
        org.junit.jupiter.api.Assertions.assertTrue(p.awaitDialTone(java.time.Duration.ofSeconds(5)),
                p.portId() + " hears dial tone");
        p.dialDtmf(number);
    }

    /** CDRs as stored, oldest first, after waiting for pending writes. */
    public List<Cdr> cdrs() throws Exception {
        gateway.flushCdrs();
        try (Database db = Database.open(dataDir.resolve("lifeline.db"))) {
            List<Cdr> r = new ArrayList<>(new CdrStore(db).recent(1000));
            java.util.Collections.reverse(r);
            return r;
        }
    }

    /** Waits until there are at least {@code n} CDRs. */
    public List<Cdr> awaitCdrs(int n, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        List<Cdr> c = cdrs();
        while (c.size() < n && System.nanoTime() < end) {
            Thread.sleep(100);
            c = cdrs();
        }
        return c;
    }

    @Override
    public void close() {
        phones.forEach(VirtualPhone::close);
        gateway.close();
    }
}
