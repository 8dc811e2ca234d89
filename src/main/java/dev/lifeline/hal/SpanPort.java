package dev.lifeline.hal;

import java.util.List;

/**
 * One digital span (E1) as the driver exposes it: a D-channel that carries whole LAPD frames
 * (the driver does flags, bit stuffing and FCS, as DAHDI's HDLC channels do) and bearer
 * timeslots that carry 20 ms of A-law per tick.
 */
public interface SpanPort {
    /** Octets of A-law in one timeslot's 20 ms frame. */
    int B_FRAME_OCTETS = 160;

    String id();

    /** The bearer timeslots of the span, e.g. 1-15 and 17-31 on an E1 with D on 16. */
    List<Integer> timeslots();

    boolean isDeviceConnected();

    /** Layer 1 as last reported by the line (sim: the device's {@code L1} events). */
    SpanAlarm layer1();

    /** Sends one LAPD frame (address, control, information; no flags or FCS) on the D-channel. */
    void sendD(byte[] frame);

    /** The far end's 20 ms of A-law on {@code timeslot} for this tick into {@code out}; false when it sent none. Tick thread. */
    boolean readB(int timeslot, byte[] out);

    /** 20 ms of A-law for the far end on {@code timeslot}. Tick thread. */
    void writeB(int timeslot, byte[] alaw);

    /** Tells the device something went wrong (sim: an ERROR event). */
    void reportError(String text);
}
