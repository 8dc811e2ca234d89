package dev.lifeline.media.rtp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class JitterBufferTest {
    final short[] f = new short[160];
    final byte[] payload = new byte[160];

    @Test
    void targetFollowsJitterWithinBounds() {
        var jb = new JitterBuffer(null);
        assertEquals(1, jb.targetFrames());
        jb.jitterMs(50);
        assertEquals(6, jb.targetFrames());
        jb.jitterMs(1000);
        assertEquals(JitterBuffer.MAX_FRAMES, jb.targetFrames());
    }

    @Test
    void prebuffersThenPlaysLateIsDroppedAndStopDetected() {
        var jb = new JitterBuffer(null);
        jb.jitterMs(30); // target 4 frames
        assertFalse(jb.read(f), "nothing yet");
        for (int s = 100; s < 103; s++) jb.putAudio(s, new G711Frames(Codec.PCMU), payload, 0, 160);
        assertFalse(jb.read(f), "3 of 4 buffered: still waiting");
        jb.putAudio(103, new G711Frames(Codec.PCMU), payload, 0, 160);
        for (int i = 0; i < 4; i++) assertTrue(jb.read(f));
        jb.putAudio(101, new G711Frames(Codec.PCMU), payload, 0, 160);
        assertEquals(1, jb.stats().packetsLate());
        int concealed = 0;
        while (jb.read(f)) concealed++;
        assertEquals(JitterBuffer.STOP_FRAMES, concealed, "underruns are concealed, then the stream counts as stopped");
        assertTrue(jb.targetFrames() > 4, "an underrun raises the target");
    }

    @Test
    void excessDepthIsTrimmed() {
        var jb = new JitterBuffer(null);
        for (int s = 0; s < 20; s++) jb.putAudio(s, new G711Frames(Codec.PCMA), payload, 0, 160);
        for (int i = 0; i < 5; i++) jb.read(f);
        assertTrue(jb.stats().framesDropped() > 0);
        assertTrue(jb.stats().depthMs() <= (JitterBuffer.MAX_FRAMES + 2) * 20, jb.stats().toString());
    }

    /** Fax pass-through: the depth stays where it was set whatever the jitter, and a lost frame is silence, not a guess. */
    @Test
    void dataModeHasAFixedDepthAndNoConcealment() {
        var jb = new JitterBuffer(new dev.lifeline.dsp.Plc());
        jb.fixed(3);
        jb.jitterMs(100);
        assertEquals(3, jb.targetFrames(), "jitter does not move a fixed buffer");
        byte[] tone = new byte[160];
        for (int i = 0; i < 160; i++) tone[i] = G711.ulaw((short) (8000 * Math.sin(2 * Math.PI * 1800 * i / 8000.0)));
        for (int s = 0; s < 3; s++) jb.putAudio(s, new G711Frames(Codec.PCMU), tone, 0, 160);
        jb.putAudio(4, new G711Frames(Codec.PCMU), tone, 0, 160); // 3 is lost
        for (int i = 0; i < 3; i++) assertTrue(jb.read(f));
        assertTrue(jb.read(f));
        for (short x : f) assertEquals(0, x, "the lost frame is silence (PLC would repeat the tone)");
        assertEquals(1, jb.stats().framesConcealed());
        assertTrue(jb.read(f));
        assertTrue(java.util.stream.IntStream.range(0, 160).map(k -> Math.abs(f[k])).max().orElse(0) > 1000, "the next frame plays");
    }
}
