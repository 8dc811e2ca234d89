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

    /**
     * At a one-frame depth the frame after a loss arrives just after the tick that wanted the lost
     * one: that tick is an underrun and is concealed; the next finds the lost frame still missing
     * and a newer one there, and plays the newer one — one concealment per loss, the delay as before.
     */
    @Test
    void aLossAtOneFrameDepthIsConcealedOnceAndAddsNoDelay() {
        var jb = new JitterBuffer(null);
        var pcmu = new G711Frames(Codec.PCMU);
        jb.putAudio(0, pcmu, frameOf(0), 0, 160);
        assertTrue(jb.read(f));
        assertEquals(level(0), f[0]);
        jb.putAudio(1, pcmu, frameOf(1), 0, 160);
        assertTrue(jb.read(f));
        // 2 is lost; the tick comes before 3 arrives
        assertTrue(jb.read(f), "the underrun is concealed");
        assertEquals(1, jb.stats().framesConcealed());
        jb.putAudio(3, pcmu, frameOf(3), 0, 160);
        assertTrue(jb.read(f));
        assertEquals(level(3), f[0], "3 plays on its own tick: the concealment stood in for 2");
        assertEquals(1, jb.stats().framesConcealed(), "concealed once");
        jb.putAudio(4, pcmu, frameOf(4), 0, 160);
        assertTrue(jb.read(f));
        assertEquals(level(4), f[0]);
        assertEquals(0, jb.stats().depthMs(), "no frame of delay was added");
        assertEquals(1, jb.targetFrames(), "the target is back where it was");
    }

    /** A frame that only came late (nothing newer before it) still plays: the delay grows by a frame, as jitter needs. */
    @Test
    void aLateFrameStillPlaysAndTheDelayGrows() {
        var jb = new JitterBuffer(null);
        var pcmu = new G711Frames(Codec.PCMU);
        jb.putAudio(0, pcmu, frameOf(0), 0, 160);
        assertTrue(jb.read(f));
        assertTrue(jb.read(f), "1 is late: the underrun is concealed");
        jb.putAudio(1, pcmu, frameOf(1), 0, 160);
        jb.putAudio(2, pcmu, frameOf(2), 0, 160);
        assertTrue(jb.read(f));
        assertEquals(level(1), f[0], "1 came, late: it plays");
        assertTrue(jb.read(f));
        assertEquals(level(2), f[0]);
        assertEquals(1, jb.stats().framesConcealed());
        assertTrue(jb.targetFrames() > 1, "the underrun raised the target");
    }

    private static byte[] frameOf(int seq) {
        byte[] b = new byte[160];
        java.util.Arrays.fill(b, G711.ulaw((short) (1000 + 500 * seq)));
        return b;
    }

    private static short level(int seq) { return G711.ulawDecode(G711.ulaw((short) (1000 + 500 * seq))); }

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

    private static byte[] constant(short v) {
        byte[] b = new byte[160];
        java.util.Arrays.fill(b, G711.ulaw(v));
        return b;
    }

    /** RFC 2198: a redundant copy fills a lost frame's slot, never one that arrived, never one already played or concealed. */
    @Test
    void aRedundantCopyFillsOnlyAMissingFrameNotYetDue() {
        var jb = new JitterBuffer(null);
        var pcmu = new G711Frames(Codec.PCMU);
        byte[] arrived = constant((short) 1000), copy = constant((short) -3000);
        jb.putAudio(10, pcmu, arrived, 0, 160);
        jb.putAudio(12, pcmu, arrived, 0, 160);                        // 11 lost
        assertFalse(jb.putRedundant(10, pcmu, copy, 0, 160), "10 arrived: its copy is not taken");
        assertTrue(jb.putRedundant(11, pcmu, copy, 0, 160), "11 is missing: filled");
        assertFalse(jb.putRedundant(11, pcmu, arrived, 0, 160), "and only once");
        assertFalse(jb.putRedundant(13, pcmu, copy, 0, 160), "ahead of everything received: not a repeat of anything");
        assertEquals(1, jb.redRecovered());
        short v1000 = G711.ulawDecode(G711.ulaw((short) 1000)), vCopy = G711.ulawDecode(G711.ulaw((short) -3000));
        assertTrue(jb.read(f));
        assertEquals(v1000, f[0], "10 as it arrived");
        assertTrue(jb.read(f));
        assertEquals(vCopy, f[0], "11 from the redundant copy");
        assertTrue(jb.read(f));
        assertEquals(v1000, f[0], "12 as it arrived");
        assertEquals(0, jb.stats().framesConcealed());

        jb.putAudio(15, pcmu, arrived, 0, 160);                        // 13 and 14 lost
        assertTrue(jb.read(f));                                        // 13 concealed: it is due now
        assertEquals(1, jb.stats().framesConcealed());
        assertFalse(jb.putRedundant(13, pcmu, copy, 0, 160), "13 was already concealed (played): too late");
        assertTrue(jb.putRedundant(14, pcmu, copy, 0, 160), "14 is not due yet");
        assertTrue(jb.read(f));
        assertEquals(vCopy, f[0]);
        assertEquals(1, jb.stats().framesConcealed(), "only 13 concealed");
        assertEquals(2, jb.redRecovered());
    }
}
