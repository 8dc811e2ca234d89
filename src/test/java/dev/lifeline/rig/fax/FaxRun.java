package dev.lifeline.rig.fax;

import dev.lifeline.dsp.FaxTerminal;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How one fax over a {@link FaxPaths.Route} ended: both T.30 machines' final status (completion
 * code, pages, the rate reached, ECM), the received pages against the sent ones as images, and the
 * time from both machines attached to both finished. A run {@link #succeeded} only when both ends
 * say OK ({@link FaxEnds}: or the receiver holds every confirmed page and only the sender's DCN was
 * lost on the line) and every page sent came back pixel for pixel: T.30 reports OK for a non-ECM
 * page with damaged rows, so the images are the judge of the content.
 *
 * @param sender   the sending machine's status, null if it never ran (a T.38 terminal before T.38)
 * @param receiver the receiving machine's status, likewise
 * @param millis   attached → both finished (the route's limit when they did not)
 * @param dcnLost  the sender ended OK, the receiver holds every page but never heard the DCN ({@link FaxEnds})
 * @param media    the SIP endpoint's media notes (clock failure, UDPTL counters), null on line paths
 */
public record FaxRun(FaxPaths.Route route, FaxPaths.Case requested, FaxTerminal.Status sender, FaxTerminal.Status receiver,
                     long millis, boolean dcnLost, String media, Pages pages) {

    /** The received file against the sent one: page counts and differing pixels per page (-1 = other size). */
    public record Pages(int sent, int received, List<Long> differentPixels, String error) {
        /** Every page sent arrived, in order, with no pixel different. */
        public boolean equal() {
            return error == null && sent > 0 && sent == received && differentPixels.stream().allMatch(d -> d == 0);
        }

        @Override
        public String toString() {
            return error != null ? "pages not readable: " + error : received + " of " + sent + " pages, differing pixels per page " + differentPixels;
        }

        static Pages of(Path sent, Path got) {
            try {
                List<BufferedImage> in = TestPages.pages(sent);
                if (!Files.exists(got) || Files.size(got) == 0) return new Pages(in.size(), 0, List.of(), null);
                List<BufferedImage> out = TestPages.pages(got);
                List<Long> diff = new ArrayList<>();
                for (int i = 0; i < Math.min(in.size(), out.size()); i++) diff.add(TestPages.differentPixels(in.get(i), out.get(i)));
                return new Pages(in.size(), out.size(), diff, null);
            } catch (IOException | RuntimeException e) {
                return new Pages(0, 0, List.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    static FaxRun judge(FaxPaths.Route route, FaxPaths.Case c, FaxPaths.Ends ends, Path sent, Path got) {
        FaxEnds.Ended e = ends.ended();
        return new FaxRun(route, c, e.sender(), e.receiver(), e.millis(), e.dcnLost(), ends.media(), Pages.of(sent, got));
    }

    public boolean senderOk() { return sender != null && sender.ok(); }
    public boolean receiverOk() { return receiver != null && receiver.ok(); }

    /** Both ends OK (or only the DCN lost) and every page equal. */
    public boolean succeeded() { return senderOk() && (receiverOk() || dcnLost) && pages.equal(); }

    /** The rate the receiver reports (the last one trained), 0 if it never ran. */
    public int bitRate() { return receiver == null ? 0 : receiver.bitRate(); }

    /** Whether the receiver ran the fax with ECM. */
    public boolean ecm() { return receiver != null && receiver.ecm(); }

    /** T.30 completion codes (spandsp's {@code T30_ERR_*}; 0 = OK), -1 for a machine that never ran. */
    public int senderCode() { return sender == null ? -1 : sender.completionCode(); }
    public int receiverCode() { return receiver == null ? -1 : receiver.completionCode(); }

    /** One line for a failure message or a log: codes, rate, pages and media. */
    public String summary() {
        return route.label + " " + requested + ": sender " + sender + " (T.30 " + T30Codes.name(senderCode()) + "), receiver " + receiver
                + " (T.30 " + T30Codes.name(receiverCode()) + "), " + pages + ", " + millis + " ms" + (dcnLost ? ", DCN lost" : "") + (media == null ? "" : " (" + media + ")");
    }
}
