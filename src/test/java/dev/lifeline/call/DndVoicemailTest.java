package dev.lifeline.call;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.ServicesConfig;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import dev.lifeline.store.ServiceStates;
import dev.lifeline.util.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Do-not-disturb with a voicemail route (issue #13: "callers get busy, or voicemail route when
 * configured"): the call goes to the route as if the extension forwarded it (the CDR's
 * forwarded_from names it); an extension's own route wins over the site's; without one, or when
 * the route would loop, callers get busy as before.
 */
class DndVoicemailTest {
    @TempDir Path tmp;
    private final ManualClock clock = new ManualClock();
    private final List<Runnable> later = new ArrayList<>();
    private Database db;
    private CdrRecorder cdrs;
    private CallEngine engine;
    private final RouterTest.FakeLeg a = new RouterTest.FakeLeg("fxs:fxs1", "6000");
    private final RouterTest.FakeLeg b = new RouterTest.FakeLeg("fxs:fxs2", "6001");
    private final RouterTest.FakeLeg vm = new RouterTest.FakeLeg("fxs:fxs3", "6002");
    private final RouterTest.FakeLeg own = new RouterTest.FakeLeg("fxs:fxs4", "6003");

    /** 6000 is in DND; the site's voicemail route is {@code site}, 6000's own {@code ownRoute}. */
    private void start(String site, String ownRoute) {
        db = Database.open(tmp.resolve("lifeline.db"));
        cdrs = new CdrRecorder(new CdrStore(db), dev.lifeline.store.CdrSpool.in(tmp), dev.lifeline.util.Clock.SYSTEM,
                CdrBacklog.Health.NONE);
        Directory dir = new Directory();
        engine = new CallEngine(clock, "gw1", dir, n -> n, 60_000, cdrs, () -> "normal");
        for (Leg l : List.of(a, b, vm, own)) dir.add(l);
        Map<String, ServicesConfig.ExtensionServices> exts = ownRoute == null ? Map.of() : Map.of("6000",
                new ServicesConfig.ExtensionServices(null, null, 0, List.of(), null, true, true, true, ownRoute));
        ServicesConfig cfg = new ServicesConfig(ServicesConfig.DEFAULT_CODES, 20_000, Map.of(), exts, Map.of(), null, site);
        ServiceStates states = new ServiceStates(db);
        LineServices services = new LineServices(cfg, states, clock, ToneZone.forName("us"), later::add);
        engine.setServices(services);
        engine.originate(a, "*78");
        while (!later.isEmpty()) later.remove(0).run();
        clock.advance(FeatureLeg.HOLD_MS);
        engine.tick(clock.millis());
        while (!later.isEmpty()) later.remove(0).run();
        assertTrue(services.state("6000").dnd(), "6000 in do-not-disturb");
    }

    @AfterEach
    void tearDown() {
        if (cdrs != null) cdrs.close();
        if (db != null) db.close();
    }

    private Cdr lastCdr() {
        cdrs.flush();
        return new CdrStore(db).recent(1).get(0);
    }

    @Test
    void aCallToAnExtensionInDndGoesToTheSitesVoicemailRoute() {
        start("6002", null);
        engine.originate(b, "6000");
        assertFalse(a.events.stream().anyMatch(e -> e.startsWith("alert")), "6000 does not ring");
        assertTrue(vm.alerted(), "the voicemail route rings");
        assertEquals("alert from 6001", vm.events.get(0), "with the caller's number");
        engine.answered(vm);
        engine.hungUp(b);
        Cdr cdr = lastCdr();
        assertEquals("6000", cdr.forwardedFrom(), "forwarded_from: the extension in DND");
        assertEquals("fxs:fxs3", cdr.dstLeg());
        assertEquals("6000", cdr.calledDialled());
    }

    @Test
    void anExtensionsOwnRouteWinsOverTheSites() {
        start("6002", "6003");
        engine.originate(b, "6000");
        assertTrue(own.alerted(), "6000's own route");
        assertFalse(vm.alerted());
        engine.hungUp(b);
        assertEquals("6000", lastCdr().forwardedFrom());
    }

    @Test
    void withoutARouteCallersGetBusy() {
        start(null, null);
        engine.originate(b, "6000");
        assertTrue(b.events.contains("release 17"), b.events.toString());
        assertEquals(17, lastCdr().q850Cause());
        assertNull(lastCdr().forwardedFrom());
    }

    @Test
    void aBusyVoicemailRouteGivesBusyAndALoopingOneIsNotFollowed() {
        start("6002", null);
        vm.available = false;
        engine.originate(b, "6000");
        assertTrue(b.events.contains("release 17"), "the route is busy: busy " + b.events);
        tearDown();
        tmp = tmp.resolve("again");
        start("6000", null); // the site's route is 6000 itself
        engine.originate(b, "6000");
        assertFalse(a.events.stream().anyMatch(e -> e.startsWith("alert")), "6000 in DND does not ring: " + a.events);
        assertEquals(17, lastCdr().q850Cause(), "its callers get busy");
    }
}
