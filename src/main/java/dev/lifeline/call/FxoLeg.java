package dev.lifeline.call;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.media.AudioSource;
import dev.lifeline.tdm.FxoChannel;
import dev.lifeline.tdm.FxoListener;
import dev.lifeline.tdm.FxoState;
import java.util.List;
import org.tinylog.Logger;

/**
 * A PSTN line on an FXO port as a call leg, long-lived like {@link FxsLeg}.
 *
 * <p>Outgoing: {@link #alert} seizes the line and dials the number given by {@link PstnRoute}.
 * An analog line gives no answer signal and ringback cannot be told from speech reliably, so
 * "all digits sent" counts as answered: the call is bridged then and the caller hears the
 * exchange's own ringback, busy tone or announcement through the line. The CDR's answer time is
 * therefore the end of dialling, not the far end's answer (as on every FXO gateway without
 * polarity-reversal answer supervision).
 *
 * <p>Incoming: the exchange rings; once caller ID is decoded (or at the second ring) the call is
 * offered to the first available extension of {@code trunks.fxo.ring}; when that answers, the
 * line is seized.
 */
public final class FxoLeg implements Leg, FxoListener {
    private final FxoChannel line;
    private final CallEngine engine;
    private volatile String trunkNumber;
    private volatile List<String> ring;
    private final dev.lifeline.util.Clock clock;
    private String nextNumber;
    private long faxMark; // the line's fax count when the current call was connected
    private CallerId incoming;

    public FxoLeg(FxoChannel line, String trunkNumber, List<String> ring, CallEngine engine, dev.lifeline.util.Clock clock) {
        this.line = line;
        this.trunkNumber = trunkNumber;
        this.ring = List.copyOf(ring);
        this.engine = engine;
        this.clock = clock;
    }

    public FxoChannel line() { return line; }

    /** A pushed config changed the trunk's number or whom incoming calls ring (engine thread). */
    public void retarget(String newTrunkNumber, List<String> newRing) {
        this.trunkNumber = newTrunkNumber;
        this.ring = List.copyOf(newRing);
    }

    @Override public String id() { return "fxo:" + line.id(); }
    @Override public boolean isPstn() { return true; }

    /** The caller's number on an incoming call (from caller ID), else the trunk's own number. */
    @Override
    public String number() {
        if (incoming != null && incoming.number() != null && !incoming.number().isEmpty()) return incoming.number();
        return trunkNumber == null ? "" : trunkNumber;
    }

    @Override public String displayName() { return incoming == null ? null : incoming.name(); }
    @Override public boolean available() { return line.isIdle() && !engine.inCall(this); }

    /** The digits the next {@link #alert} sends (prefix already stripped). */
    void dialNext(String digits) { this.nextNumber = digits; }

    @Override
    public void alert(Party caller, long now) {
        incoming = null;
        Logger.info("{}: outgoing call from {} to {} (the line presents its own number {})", id(),
                caller.number(), nextNumber, trunkNumber);
        line.dial(nextNumber, now);
    }

    @Override public void ringback(long now) { } // the PSTN caller hears the exchange's ringback

    @Override
    public void connect(AudioSource peer, long now) {
        faxMark = line.faxEpisodes();
        if (line.state() == FxoState.RINGING_IN) line.answer(now);
        line.connect(peer);
    }

    @Override public boolean faxOnLine() { return line.faxEpisodes() > faxMark; }

    @Override public AudioSource audio() { return line.input(); }

    @Override
    public void release(int cause, long now) {
        line.release(now);
    }

    @Override public void sendDtmf(char digit, long now) { line.sendDigit(digit); }

    @Override
    public void dispose() {
        incoming = null;
        nextNumber = null;
    }

    // ---- signalling from the line -------------------------------------------------------

    @Override
    public void onIncoming(FxoChannel l, CallerId callerId) {
        incoming = callerId;
        String target = ring.stream()
                .filter(ext -> engine.directory().lookup(ext).map(Leg::available).orElse(false))
                .findFirst().orElse(ring.isEmpty() ? "" : ring.get(0));
        Logger.info("{}: incoming PSTN call from {} rings {}", id(), callerId == null ? "unknown" : callerId.number(), target);
        engine.originate(this, target);
    }

    @Override public void onDialled(FxoChannel l) { engine.answered(this); }

    @Override public void onRemoteHangup(FxoChannel l, int q850) { engine.hungUp(this, q850); }
}
