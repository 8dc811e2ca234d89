package dev.lifeline.rig.fax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.FaxTerminal;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Waits for both ends of a fax in a test and judges it as the people at either end would: the
 * sender's T.30 ended OK (every page confirmed by MCF) and the receiver has every page.
 *
 * <p>The one T.30 message nobody confirms is the sender's last, DCN. When a stretch of line audio
 * spoils it (on the sim: the test JVM's phone stalling for a few frames at that moment; seen once in
 * CI), spandsp's receiver never ends its call — it does not time out waiting for
 * DCN (its T2 handler for that state is left out) and waits for the line to drop, as a real fax
 * machine's caller would hang up after DCN. That case is accepted only when the receiver holds as
 * many pages as the sender had confirmed, after {@link #DCN_GRACE} with nothing more happening, and
 * is printed; the pages are then compared as images by the caller as always.
 */
public final class FaxEnds {
    /** How long a complete receiver may wait for the sender's DCN before it counts as lost on the line. */
    static final Duration DCN_GRACE = Duration.ofSeconds(10);

    private FaxEnds() {}

    /**
     * Waits up to {@code timeout} for both T.30 ends to finish, then asserts the fax went through.
     * {@code context} describes the media path for a failure message.
     */
    public static void await(Supplier<FaxTerminal.Status> tx, Supplier<FaxTerminal.Status> rx, Duration timeout,
                             Supplier<String> context) throws InterruptedException {
        await(tx, rx, timeout, DCN_GRACE, context);
    }

    static void await(Supplier<FaxTerminal.Status> tx, Supplier<FaxTerminal.Status> rx, Duration timeout, Duration dcnGrace,
                      Supplier<String> context) throws InterruptedException {
        Ended e = waitFor(tx, rx, timeout, dcnGrace);
        FaxTerminal.Status s = e.sender(), r = e.receiver();
        assertNotNull(s, "the sender ran");
        assertNotNull(r, "the receiver ran");
        assertTrue(s.ok(), "sender ended with T.30 code " + s.completionCode() + ": " + s + context.get());
        if (e.dcnLost()) {
            System.err.println("fax: the sender's DCN never reached the receiver; every one of its " + s.pagesSent()
                    + " pages was confirmed and received" + context.get());
            return;
        }
        assertTrue(r.ok(), "receiver ended with T.30 code " + r.completionCode() + ": " + r + context.get());
    }

    /**
     * The same judgement of a {@link FaxRun} ({@link FaxPaths}): the sender OK, the receiver OK or
     * complete but for the lost DCN.
     */
    public static void assertEnded(FaxRun run) {
        assertTrue(run.senderOk(), "sender ended with T.30 code " + run.senderCode() + ": " + run.summary());
        if (run.dcnLost()) {
            System.err.println("fax: the sender's DCN never reached the receiver; every one of its " + run.sender().pagesSent()
                    + " pages was confirmed and received: " + run.summary());
            return;
        }
        assertTrue(run.receiverOk(), "receiver ended with T.30 code " + run.receiverCode() + ": " + run.summary());
    }

    /**
     * How a wait ended: both machines' status then (null for one that never ran), the time from the
     * start of the wait to both ending (or to the receiver holding every confirmed page, when its DCN
     * was lost), and whether it was the lost-DCN case.
     */
    record Ended(FaxTerminal.Status sender, FaxTerminal.Status receiver, long millis, boolean dcnLost) {}

    /** Waits up to {@code timeout} for both ends to finish, or {@code dcnGrace} in the lost-DCN state; judges nothing. */
    static Ended waitFor(Supplier<FaxTerminal.Status> tx, Supplier<FaxTerminal.Status> rx, Duration timeout, Duration dcnGrace)
            throws InterruptedException {
        long start = System.nanoTime(), end = start + timeout.toNanos();
        long completeSince = 0, done = 0;
        while (System.nanoTime() < end) {
            FaxTerminal.Status s = tx.get(), r = rx.get();
            if (s != null && r != null && s.finished() && r.finished()) {
                done = System.nanoTime();
                break;
            }
            if (waitingForDcn(s, r)) {
                if (completeSince == 0) completeSince = System.nanoTime();
                else if (System.nanoTime() - completeSince > dcnGrace.toNanos()) break;
            } else {
                completeSince = 0;
            }
            Thread.sleep(200);
        }
        FaxTerminal.Status s = tx.get(), r = rx.get();
        boolean dcnLost = (r == null || !r.ok()) && waitingForDcn(s, r);
        if (done == 0) done = dcnLost && completeSince != 0 ? completeSince : System.nanoTime();
        return new Ended(s, r, (done - start) / 1_000_000, dcnLost);
    }

    /** The sender ended OK and the receiver, not ended, holds every page the sender had confirmed. */
    private static boolean waitingForDcn(FaxTerminal.Status s, FaxTerminal.Status r) {
        return s != null && r != null && s.ok() && !r.finished() && s.pagesSent() > 0 && r.pagesReceived() == s.pagesSent();
    }

    /** Every page of {@code got} equals the page of {@code sent}, pixel for pixel. */
    public static void assertPagesEqual(Path sent, Path got) throws Exception {
        assertTrue(Files.size(got) > 0, "a received file");
        List<BufferedImage> in = TestPages.pages(sent), out = TestPages.pages(got);
        assertEquals(in.size(), out.size(), "pages");
        for (int i = 0; i < in.size(); i++) assertEquals(0, TestPages.differentPixels(in.get(i), out.get(i)), "page " + (i + 1));
    }
}
