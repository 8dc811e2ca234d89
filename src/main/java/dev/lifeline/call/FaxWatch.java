package dev.lifeline.call;

import dev.lifeline.dsp.ModemTone;
import dev.lifeline.dsp.ModemToneDetector;

/**
 * Listens for a fax on a SIP leg bridged to a line, in both directions: CNG from the calling fax,
 * CED or the V.21 preamble from the answering one (spandsp's {@code modem_connect_tones}, as the
 * line's own {@code tdm.LineEcho} does for its canceller). It lives with the SIP leg because the
 * leg is what must act (a re-INVITE, or G.711 data mode) and it sees both directions of the audio,
 * whichever kind of line (FXS, FXO, E1) is on the other side. It reports the first fax tone once.
 */
final class FaxWatch implements AutoCloseable {
    private final ModemToneDetector toFar = new ModemToneDetector();
    private final ModemToneDetector fromFar = new ModemToneDetector();
    private boolean heard;

    /** The frame the line sent toward the far end (or the far end sent toward the line); a description of the first fax tone, else null. */
    String listen(short[] frame, boolean fromLine) {
        if (heard) return null;
        for (ModemTone t : (fromLine ? toFar : fromFar).process(frame, 0, frame.length)) {
            if (t.meansFax()) {
                heard = true;
                return t + " from " + (fromLine ? "the line" : "the far end");
            }
        }
        return null;
    }

    @Override
    public void close() {
        toFar.close();
        fromFar.close();
    }
}
