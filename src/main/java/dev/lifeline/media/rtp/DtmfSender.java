package dev.lifeline.media.rtp;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * RFC 4733 telephone-event sender, advanced by the session's 20 ms {@code write} tick. An
 * event starts with a marked packet carrying 20 ms of duration, is updated every tick with
 * the growing duration (same timestamp: the event's start), and ends with three packets with
 * the E bit. Voice is suppressed while an event is on, and two ticks of gap separate events.
 * Digits may be queued from any thread; {@link #tick} runs on the engine thread only.
 */
final class DtmfSender {
    static final String EVENTS = "0123456789*#ABCD";
    private static final int GAP_TICKS = 2, VOLUME = 10, END_PACKETS = 3;

    private record Pending(int event, int durationMs) {}

    /** Sends one event payload; the session adds header, sequence number and timestamp. */
    interface Out {
        void send(boolean marker, long timestamp, byte[] payload);
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final byte[] payload = new byte[4];
    private Pending active;
    private volatile int clock = 8000; // the RTP clock of the audio codec: events count in its units (RFC 4733 §2.5.1.3)
    private long startTs;
    private int duration, gap;

    /** @return the RFC 4733 event code of a digit (0-9 * # A-D) */
    static int eventCode(char digit) {
        int e = EVENTS.indexOf(Character.toUpperCase(digit));
        if (e < 0) throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
        return e;
    }

    static char digit(int event) { return event >= 0 && event < EVENTS.length() ? EVENTS.charAt(event) : 0; }

    void queue(char digit, int durationMs) {
        int ms = Math.max(40, Math.min(8000, durationMs));
        queue.add(new Pending(eventCode(digit), ms));
    }

    /** Sets the RTP clock the events are timed in (8000, or 48000 with Opus). */
    void clock(int rtpClock) { this.clock = rtpClock; }

    /** True while an event is being sent or waits: voice must not be sent this tick if {@link #tick} returns true. */
    boolean pending() { return active != null || !queue.isEmpty(); }

    /**
     * One 20 ms tick at voice timestamp {@code ts}: sends this tick's event packet(s) and
     * returns true, or returns false when voice may be sent.
     */
    boolean tick(long ts, Out out) {
        if (active == null) {
            if (gap > 0) { gap--; return false; }
            active = queue.poll();
            if (active == null) return false;
            startTs = ts;
            duration = clock / 50;
            out.send(true, startTs, payload(false));
            return true;
        }
        duration = Math.min(duration + clock / 50, 0xFFFF);
        if (duration >= Math.min(0xFFFF, active.durationMs() * (clock / 1000))) {
            for (int i = 0; i < END_PACKETS; i++) out.send(false, startTs, payload(true));
            active = null;
            gap = GAP_TICKS;
        } else {
            out.send(false, startTs, payload(false));
        }
        return true;
    }

    void clear() {
        queue.clear();
        active = null;
    }

    private byte[] payload(boolean end) {
        payload[0] = (byte) active.event();
        payload[1] = (byte) ((end ? 0x80 : 0) | VOLUME);
        RtpPacket.put16(payload, 2, duration);
        return payload;
    }
}
