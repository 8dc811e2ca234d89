package dev.lifeline.hal;

/**
 * Layer-1 condition of a span, as an E1 framer reports it (G.704/G.732 alarms): {@code UP} is
 * frame alignment with no alarm; {@code DOWN} loss of signal or frame alignment (red alarm);
 * {@code AIS} the far end sends all ones (blue); {@code RAI} the far end reports it lost us (yellow).
 */
public enum SpanAlarm {
    UP, DOWN, AIS, RAI;

    /** The D-channel can carry frames only with layer 1 up. */
    public boolean carriesFrames() { return this == UP; }
}
