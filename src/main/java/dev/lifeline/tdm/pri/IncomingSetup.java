package dev.lifeline.tdm.pri;

import static dev.lifeline.tdm.pri.InformationElement.CALLED_NUMBER;
import static dev.lifeline.tdm.pri.InformationElement.CALLING_NUMBER;
import static dev.lifeline.tdm.pri.InformationElement.CHANNEL_ID;

import org.tinylog.Logger;

/**
 * An incoming SETUP (Q.931 §5.2): checks it, settles the B-channel — including glare with our
 * own outgoing SETUP, which the network side always wins — and either answers CALL PROCEEDING
 * and hands the call to the call layer, or refuses it with RELEASE COMPLETE and a cause.
 */
final class IncomingSetup {
    private final PriStack s;

    IncomingSetup(PriStack stack) { this.s = stack; }

    void handle(Q931Message m, Q931Codec.Decoded d, long now) {
        if (!s.isUp()) {
            refuse(m, Cause.TEMPORARY_FAILURE, -1, now);
            return;
        }
        int problem = CallSignalling.mandatoryProblem(m, d);
        if (problem != 0) {
            refuse(m, problem, CallSignalling.problemIe(m, d), now);
            return;
        }
        int itc = Ies.bearerCapability(m.ie(InformationElement.BEARER_CAPABILITY));
        if (itc != PriSetup.SPEECH && itc != PriSetup.AUDIO_3_1K) {
            refuse(m, Cause.BEARER_NOT_IMPLEMENTED, -1, now);
            return;
        }
        PartyNumber called = m.has(CALLED_NUMBER) ? Ies.partyNumber(m.ie(CALLED_NUMBER)) : PartyNumber.of("");
        if (called == null) {
            refuse(m, Cause.INVALID_IE_CONTENTS, CALLED_NUMBER, now);
            return;
        }
        PartyNumber calling = Ies.partyNumber(m.ie(CALLING_NUMBER)); // optional: unreadable counts as absent
        Ies.ChannelId asked = null;
        if (m.has(CHANNEL_ID)) {
            asked = Ies.channelId(m.ie(CHANNEL_ID));
            if (asked == null) {
                refuse(m, Cause.INVALID_IE_CONTENTS, CHANNEL_ID, now);
                return;
            }
        }
        if (s.full()) {
            refuse(m, Cause.NO_CIRCUIT, -1, now);
            return;
        }
        int ts = channel(asked, m, now);
        if (ts <= 0) return;
        boolean exclusive = asked != null && asked.exclusive();
        Q931Call c = new Q931Call(m.callReference(), false,
                new PriSetup(called, calling, itc, asked == null ? 0 : asked.timeslot(), exclusive), s.network, ts);
        s.adopt(c);
        s.go(c, Phase.IN_PRESENT, "SETUP from " + (calling == null ? "?" : calling.digits()) + " to " + called.digits(), now);
        s.send(c, MessageType.CALL_PROCEEDING, now, Ies.channelId(ts, true));
        s.go(c, Phase.IN_PROCEEDING, "CALL PROCEEDING sent", now);
        c.announced = true;
        s.listener.onIncoming(c, now);
    }

    /** The timeslot for the call, or 0 after refusing it. */
    private int channel(Ies.ChannelId asked, Q931Message m, long now) {
        if (asked == null || asked.timeslot() == 0) return pickOrRefuse(m, now);
        int ts = asked.timeslot();
        if (!s.pool.exists(ts)) {
            if (asked.exclusive()) {
                refuse(m, Cause.CHANNEL_DOES_NOT_EXIST, -1, now);
                return 0;
            }
            return pickOrRefuse(m, now);
        }
        if (s.pool.free(ts)) return ts;
        if (!asked.exclusive()) return pickOrRefuse(m, now);
        Q931Call mine = s.pool.holder(ts);
        if (s.glare.yields(s.network) && mine != null && mine.outgoing && mine.phase() == Phase.OUT_INITIATED) {
            // Glare, and the rule says the other side wins: withdraw ours (the other side refuses it with cause 44 anyway).
            Logger.info("{} Q931 cr={} ts={}: glare with incoming SETUP cr={}, giving the channel up", s.spanId, mine.cr, ts, m.callReference());
            s.send(mine, MessageType.RELEASE_COMPLETE, now, s.cause(Cause.NO_CIRCUIT));
            s.toNull(mine, Cause.NO_CIRCUIT, "glare, " + s.glare.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), now);
            if (s.pool.free(ts)) return ts;
        }
        refuse(m, Cause.REQUESTED_CHANNEL_NOT_AVAILABLE, -1, now);
        return 0;
    }

    private int pickOrRefuse(Q931Message m, long now) {
        int ts = s.pool.pick();
        if (ts == 0) refuse(m, Cause.NO_CIRCUIT, -1, now);
        return ts;
    }

    private void refuse(Q931Message m, int cause, int diagnostic, long now) {
        Logger.info("{} Q931 cr={}: incoming SETUP refused, cause {}", s.spanId, m.callReference(), cause);
        InformationElement ie = diagnostic < 0 ? s.cause(cause) : Ies.cause(s.location(), cause, diagnostic);
        s.send(Q931Message.of(m.callReference(), true, MessageType.RELEASE_COMPLETE, ie), now);
    }
}
