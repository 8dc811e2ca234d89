package dev.lifeline.call;

/**
 * A session listener that belongs to a call leg: lets a REFER's Replaces (which names a SIP
 * session) be turned into the leg of the engine's call it stands for.
 */
interface LegOfSession {
    Leg leg();

    /** The leg behind a session's listener, or null. */
    static Leg of(dev.lifeline.sip.session.CallSession s) {
        return s != null && s.listener() instanceof LegOfSession l ? l.leg() : null;
    }
}
