package dev.lifeline.call;

import dev.lifeline.media.AudioSource;
import dev.lifeline.tdm.pri.BChannel;
import dev.lifeline.tdm.pri.PartyNumber;
import dev.lifeline.tdm.pri.PriCall;
import dev.lifeline.tdm.pri.PriSetup;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * One call on a B-channel of an ISDN PRI span, as a call leg (one per call, like a SIP dialog).
 *
 * <p>Outgoing: {@link #alert} sends SETUP with the trunk's calling number; CONNECT answers it.
 * Incoming: the exchange's SETUP is offered to the DID's extension; {@link #ringback} sends
 * ALERTING and plays the zone's ringback on the B-channel (progress indicator 8: the caller
 * hears it in-band), {@link #connect} sends CONNECT. The id names span and timeslot for CDRs
 * and {@code calls}: {@code e1:e1a/17}.
 */
public final class E1Leg implements Leg {
    private final PriTrunk trunk;
    private final boolean incoming;
    private final String digits;
    private PriCall call;
    private BChannel channel;
    private long faxMark; // the bearer's fax count when the call was connected
    private AudioSource ringbackTone;
    private boolean answered;
    private boolean clearedByNetwork;

    private E1Leg(PriTrunk trunk, boolean incoming, String digits, PriCall call) {
        this.trunk = trunk;
        this.incoming = incoming;
        this.digits = digits;
        this.call = call;
    }

    static E1Leg outgoing(PriTrunk trunk, String digits) { return new E1Leg(trunk, false, digits, null); }

    static E1Leg incoming(PriTrunk trunk, PriCall call) {
        E1Leg leg = new E1Leg(trunk, true, null, call);
        call.attach(leg);
        leg.channel = trunk.channel(call.timeslot());
        return leg;
    }

    @Override
    public String id() {
        int ts = call == null ? 0 : call.timeslot();
        return "e1:" + trunk.spanId() + (ts > 0 ? "/" + ts : "");
    }

    /** Incoming: the caller's number as the exchange gave it ({@code +} for international); outgoing: the digits sent. */
    @Override
    public String number() {
        if (!incoming) return digits;
        PartyNumber n = call.setup().calling();
        if (n == null || n.digits().isEmpty()) return "";
        return n.typeOfNumber() == PartyNumber.TON_INTERNATIONAL ? "+" + n.digits() : n.digits();
    }

    @Override public String displayName() { return null; }

    @Override public boolean available() { return incoming || trunk.up() && trunk.hasFreeChannel(); }

    @Override public boolean isPstn() { return true; }

    boolean answered() { return answered; }

    PriCall call() { return call; }

    @Override
    public void alert(Party caller, long now) {
        if (incoming) return;
        Optional<PriCall> c = trunk.control().setup(new PriSetup(PartyNumber.of(digits), trunk.callingNumber(caller),
                PriSetup.SPEECH, 0, false), now);
        if (c.isEmpty()) {
            Logger.info("{}: no B-channel for the call to {} (span down or all busy)", id(), digits);
            trunk.later(() -> trunk.engine().rejected(this, Q850.NO_CIRCUIT));
            return;
        }
        call = c.get();
        call.attach(this);
        channel = trunk.channel(call.timeslot());
        Logger.info("{}: SETUP to {} from {}", id(), digits, caller.number());
    }

    @Override
    public void ringback(long now) {
        if (!incoming || call == null) return;
        trunk.control().alerting(call, now);
        if (channel != null) {
            ringbackTone = trunk.ringbackTone();
            channel.connect(ringbackTone);
        }
    }

    @Override
    public void connect(AudioSource peer, long now) {
        if (incoming && !answered && call != null) trunk.control().answer(call, now);
        answered = true;
        stopTone();
        if (channel != null) {
            faxMark = channel.faxEpisodes();
            channel.connect(peer);
        }
    }

    @Override public boolean faxOnLine() { return channel != null && channel.faxEpisodes() > faxMark; }

    @Override
    public AudioSource audio() {
        return frame -> channel != null && channel.input().read(frame);
    }

    @Override
    public void release(int q850Cause, long now) {
        stopTone();
        if (channel != null) channel.disconnect();
        if (call != null && !clearedByNetwork) trunk.control().hangup(call, q850Cause, now);
    }

    /** A digit from the other party (an RFC 4733 event from a SIP phone): in-band DTMF on the B-channel. */
    @Override
    public void sendDtmf(char digit, long now) {
        if (channel != null && answered) channel.sendDigit(digit);
    }

    @Override
    public void dispose() { stopTone(); }

    // ---- from the span (engine thread, deferred by the trunk) --------------------------------

    void farEndAnswered() { answered = true; }

    void clearedByNetwork() {
        clearedByNetwork = true;
        stopTone();
        if (channel != null) channel.disconnect();
    }

    void channelFree() {
        if (channel != null) channel.disconnect();
    }

    private void stopTone() {
        if (ringbackTone instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a tone generator's native context; nothing to recover
            }
        }
        if (ringbackTone != null && channel != null) channel.disconnect();
        ringbackTone = null;
    }
}
