package dev.lifeline.rig.fax;

import dev.lifeline.dsp.FaxTerminal;
import dev.lifeline.dsp.T38Options;
import dev.lifeline.rig.co.CentralOffice;
import dev.lifeline.rig.co.Subscriber;
import dev.lifeline.rig.phone.VirtualPhone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The fax paths of issue #14 set up through a running gateway, one three-page fax each, so the e2e
 * tests (once per path) and the bench series ({@code dev.lifeline.bench.FaxBench}, many times per
 * path) place the same call, start the same machines and judge the result the same way. A path
 * that cannot be set up (no answer, no T.38) throws {@link SetupFailed}; a fax that ran returns a
 * {@link FaxRun} whatever its T.30 outcome, and the caller decides what it demands of it.
 */
public final class FaxPaths {
    /** Scan lines per test page: enough for a few seconds of image data per page at 14,400 bit/s. */
    public static final int PAGES = 3, LINES = 250;

    /** The running gateway a path goes through: its SIP port, its sim listener, and how to plug a phone into it. */
    public record Gateway(int sipPort, int simPort, Phones phones) {}

    /** Connects a virtual phone to a port of the gateway's sim (as the test gateway does). */
    @FunctionalInterface
    public interface Phones {
        VirtualPhone phone(String port) throws Exception;
    }

    /** The paths, named as the bench reports them. */
    public enum Route {
        /** fxs1 → SIP T.38 endpoint 7000: the gateway hears the calling fax's CNG and re-INVITEs to T.38. */
        FXS1_TO_T38("fxs1 → SIP T.38", 150),
        /** SIP T.38 endpoint 7001 → fxs2 (6001): the endpoint re-INVITEs to T.38 once the call is up. */
        T38_TO_FXS2("SIP T.38 → fxs2", 150),
        /** fxs1 → SIP endpoint 7000 that refuses the gateway's T.38 offer (488): G.711 pass-through. */
        FXS1_PASS_THROUGH("fxs1 → SIP G.711 (T.38 refused)", 180),
        /** A fax on a subscriber line of the virtual CO calls the branch; the FXO line rings fxs2. */
        CO_TO_FXS2("CO → FXO → fxs2", 180),
        /** fxs1 dials fxs2 (6001): the line-to-line path inside the gateway. */
        FXS1_TO_FXS2("fxs1 → fxs2", 150);

        public final String label;
        final int timeoutSeconds;

        Route(String label, int timeoutSeconds) {
            this.label = label;
            this.timeoutSeconds = timeoutSeconds;
        }

        /** The site file's edit this path needs ({@code demo.yaml}): the CO path makes the FXO line ring fxs2. */
        public UnaryOperator<String> siteEdit() {
            return this == CO_TO_FXS2 ? RING_FXS2 : s -> s;
        }
    }

    /** What both machines are offered: the top rate (9,600 = V.29, 14,400 = V.17) and ECM. */
    public record Case(int rate, boolean ecm) {
        public int modems() {
            return rate > 9600 ? FaxTerminal.V17 | FaxTerminal.V29 | FaxTerminal.V27TER : FaxTerminal.V29 | FaxTerminal.V27TER;
        }

        @Override
        public String toString() { return rate + (ecm ? " ECM" : " no ECM"); }
    }

    /** A path that could not be set up (the call or the T.38 switch did not happen). */
    public static final class SetupFailed extends Exception {
        public SetupFailed(String message) { super(message); }
    }

    private static final UnaryOperator<String> RING_FXS2 = s -> s.replace("number: \"+15555550100\" }",
            "number: \"+15555550100\", ring: [\"6001\"] }");

    private FaxPaths() {}

    /** One fax over {@code route} with no UDPTL loss. */
    public static FaxRun send(Gateway gw, Route route, Case c, Path dir) throws Exception {
        return send(gw, route, c, 0, dir);
    }

    /**
     * One three-page fax over {@code route}; {@code udptlLoss} is the share of the SIP endpoint's
     * UDPTL datagrams dropped (T.38 paths only). Hangs up at the end; the gateway stays up (its CDR
     * can be read). The received pages are compared with the sent ones after both machines closed.
     */
    public static FaxRun send(Gateway gw, Route route, Case c, double udptlLoss, Path dir) throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), PAGES, LINES), got = dir.resolve("got.tif");
        java.nio.file.Files.deleteIfExists(got);
        Ends ends = switch (route) {
            case FXS1_TO_T38 -> fxs1ToT38(gw, route, c, sent, got, udptlLoss, null);
            case T38_TO_FXS2 -> t38ToFxs2(gw, route, c, sent, got, udptlLoss);
            case FXS1_PASS_THROUGH -> fxs1PassThrough(gw, route, c, sent, got);
            case CO_TO_FXS2 -> coToFxs2(gw, route, c, sent, got);
            case FXS1_TO_FXS2 -> fxs1ToFxs2(gw, route, c, sent, got);
        };
        return FaxRun.judge(route, c, ends, sent, got);
    }

    /**
     * fxs1 → T.38 endpoint with the endpoint's own re-INVITE crossing the gateway's (glare, each
     * side answers the other 491); the gateway's retry carries the fax. Returns the run and the
     * endpoint's counts ({@code crossed}, the status it got for its re-INVITE).
     */
    public static Glare sendWithGlare(Gateway gw, Case c, Path dir) throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), PAGES, LINES), got = dir.resolve("got.tif");
        int[] seen = new int[2];
        Ends ends = fxs1ToT38(gw, Route.FXS1_TO_T38, c, sent, got, 0, seen);
        return new Glare(FaxRun.judge(Route.FXS1_TO_T38, c, ends, sent, got), seen[0], seen[1]);
    }

    /** A glare run and what the endpoint saw: re-INVITEs crossed, the status of its own re-INVITE. */
    public record Glare(FaxRun run, int crossed, int reinviteStatus) {}

    /** How the wait for both machines ended, and the SIP endpoint's media notes. */
    record Ends(FaxEnds.Ended ended, String media) {}

    private static Ends fxs1ToT38(Gateway gw, Route route, Case c, Path sent, Path got, double loss, int[] glare) throws Exception {
        try (FaxTerminal tx = FaxTerminal.sender(sent, true, c.ecm(), c.modems());
             SipFaxEndpoint ep = new SipFaxEndpoint(gw.sipPort(), "7000", "lifeline7000", SipFaxEndpoint.Mode.T38,
                     FaxMedia.t38Receiver(got, false, T38Options.of(c.rate(), c.ecm()), loss))) {
            check(ep.register(), "the endpoint registers");
            if (glare != null) ep.crossNextT38Offer();
            VirtualPhone a = gw.phones().phone("fxs1");
            liftAndDial(a, "7000");
            a.attachFax(tx);
            check(ep.answer(15_000), "the endpoint answers");
            check(ep.awaitT38(glare != null ? 20_000 : 15_000), "the gateway re-INVITEs to T.38 on the fax's CNG");
            Ends e = await(route, tx::status, () -> ep.media().status(), ep.media());
            if (glare != null) {
                glare[0] = ep.crossed();
                glare[1] = ep.reinviteStatus();
            }
            a.stopPlaying();
            a.onHook();
            return e;
        }
    }

    private static Ends t38ToFxs2(Gateway gw, Route route, Case c, Path sent, Path got, double loss) throws Exception {
        try (FaxTerminal rx = FaxTerminal.receiver(got, false, c.ecm(), c.modems());
             SipFaxEndpoint ep = new SipFaxEndpoint(gw.sipPort(), "7001", "lifeline7001", SipFaxEndpoint.Mode.T38,
                     FaxMedia.t38Sender(sent, true, T38Options.of(c.rate(), c.ecm()), loss))) {
            VirtualPhone b = gw.phones().phone("fxs2");
            Thread answerer = Thread.ofVirtual().start(() -> {
                try {
                    if (b.awaitRinging(Duration.ofSeconds(15))) {
                        b.offHook();
                        b.attachFax(rx);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            boolean answered = ep.call("6001", 20_000);
            answerer.join();
            check(answered, "fxs2 answers the endpoint's call");
            check(ep.reinviteToT38(5_000), "the gateway accepts T.38: " + ep.reinviteStatus());
            Ends e = await(route, () -> ep.media().status(), rx::status, ep.media());
            if (loss > 0) {
                var u = ep.media().udptlStats();
                check(u != null && u.simulatedDrops() > 0, "datagrams were dropped: " + u);
            }
            b.stopPlaying();
            b.onHook();
            return e;
        }
    }

    private static Ends fxs1PassThrough(Gateway gw, Route route, Case c, Path sent, Path got) throws Exception {
        try (FaxTerminal tx = FaxTerminal.sender(sent, true, c.ecm(), c.modems());
             FaxTerminal rx = FaxTerminal.receiver(got, false, c.ecm(), c.modems());
             SipFaxEndpoint ep = new SipFaxEndpoint(gw.sipPort(), "7000", "lifeline7000", SipFaxEndpoint.Mode.REFUSE_T38,
                     FaxMedia.audio(rx))) {
            check(ep.register(), "the endpoint registers");
            VirtualPhone a = gw.phones().phone("fxs1");
            liftAndDial(a, "7000");
            a.attachFax(tx);
            check(ep.answer(15_000), "the endpoint answers");
            check(ep.awaitRefusal(15_000), "the gateway offers T.38 on the fax's CNG, and it is refused");
            Ends e = await(route, tx::status, rx::status, ep.media());
            a.stopPlaying();
            a.onHook();
            return e;
        }
    }

    private static Ends coToFxs2(Gateway gw, Route route, Case c, Path sent, Path got) throws Exception {
        try (CentralOffice co = new CentralOffice("us");
             FaxTerminal tx = FaxTerminal.sender(sent, true, c.ecm(), c.modems());
             FaxTerminal rx = FaxTerminal.receiver(got, false, c.ecm(), c.modems())) {
            co.plug("127.0.0.1", gw.simPort(), "fxo1", "5550100");
            Subscriber alice = co.addSubscriber("5551234", "Alice");
            VirtualPhone b = gw.phones().phone("fxs2");
            alice.call("5550100");
            check(b.awaitRinging(Duration.ofSeconds(10)), "fxs2 rings: " + co.events());
            alice.attachFax(tx);
            b.offHook();
            b.attachFax(rx);
            Ends e = await(route, tx::status, rx::status, null);
            b.stopPlaying();
            alice.silence();
            b.onHook();
            return e;
        }
    }

    private static Ends fxs1ToFxs2(Gateway gw, Route route, Case c, Path sent, Path got) throws Exception {
        try (FaxTerminal tx = FaxTerminal.sender(sent, true, c.ecm(), c.modems());
             FaxTerminal rx = FaxTerminal.receiver(got, false, c.ecm(), c.modems())) {
            VirtualPhone a = gw.phones().phone("fxs1"), b = gw.phones().phone("fxs2");
            liftAndDial(a, "6001");
            check(b.awaitRinging(Duration.ofSeconds(10)), "fxs2 rings");
            b.offHook();
            b.attachFax(rx);
            a.attachFax(tx);
            Ends e = await(route, tx::status, rx::status, null);
            a.stopPlaying();
            b.stopPlaying();
            a.onHook();
            b.onHook();
            return e;
        }
    }

    /** Lifts the handset, waits for dial tone (up to 5 s, as the CEPT zones need) and dials. */
    private static void liftAndDial(VirtualPhone p, String number) throws Exception {
        p.offHook();
        check(p.awaitDialTone(Duration.ofSeconds(5)), p.portId() + " hears dial tone");
        p.dialDtmf(number);
    }

    /** Waits until both machines have finished (or the route's limit, or a lost DCN's grace: {@link FaxEnds}). */
    private static Ends await(Route route, Supplier<FaxTerminal.Status> tx, Supplier<FaxTerminal.Status> rx, FaxMedia ep)
            throws InterruptedException {
        FaxEnds.Ended e = FaxEnds.waitFor(tx, rx, Duration.ofSeconds(route.timeoutSeconds), FaxEnds.DCN_GRACE);
        String media = ep == null ? null : "endpoint media: " + ep.failure() + ", UDPTL " + ep.udptlStats();
        return new Ends(e, media);
    }

    private static void check(boolean ok, String what) throws SetupFailed {
        if (!ok) throw new SetupFailed("not so: " + what);
    }
}
