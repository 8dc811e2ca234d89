package dev.lifeline.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The packets a {@link SpeechPeer} got, in arrival order with their (unwrapped) sequence numbers,
 * minus the ones its receive-side {@link LossPattern} dropped. Decoded afterwards in sequence
 * order, one 20 ms frame per sequence number from the first to the last, a missing number
 * concealed: the timeline a jitter buffer with enough depth would play (on loopback nothing
 * arrives late), so the result is time-aligned with what the gateway sent.
 */
final class SpeechTrack {
    private static final int MAX_PACKETS = 50 * 600; // ten minutes: a bench call is far shorter; never grows past it

    private final LossPattern loss;
    private final List<long[]> order = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private long last = -1;
    private long arrived, dropped;

    SpeechTrack(LossPattern loss) { this.loss = loss; }

    synchronized void add(int seq16, byte[] payload) {
        arrived++;
        if (loss.drop()) {
            dropped++;
            return;
        }
        if (payloads.size() >= MAX_PACKETS) return;
        long seq = last < 0 ? seq16 : unwrap(seq16);
        last = Math.max(last, seq);
        order.add(new long[] {seq});
        payloads.add(payload);
    }

    private long unwrap(int seq16) {
        long base = last & ~0xFFFFL, s = base | seq16;
        if (s < last - 0x8000) s += 0x10000;
        else if (s > last + 0x8000) s -= 0x10000;
        return s;
    }

    synchronized long arrived() { return arrived; }
    synchronized long dropped() { return dropped; }

    /** Decodes every frame from the first sequence number received to the last, concealing the gaps. */
    synchronized short[] decode(SpeechCodec codec) {
        if (payloads.isEmpty()) return new short[0];
        long first = Long.MAX_VALUE;
        for (long[] s : order) first = Math.min(first, s[0]);
        int frames = (int) (last - first + 1), step = codec.receiveRate() / 50;
        byte[][] bySeq = new byte[frames][];
        for (int i = 0; i < order.size(); i++) bySeq[(int) (order.get(i)[0] - first)] = payloads.get(i);
        short[] out = new short[frames * step], frame = new short[step];
        try (SpeechCodec.Decoder dec = codec.openDecoder()) {
            for (int f = 0; f < frames; f++) {
                if (bySeq[f] != null) dec.decode(bySeq[f], frame);
                else dec.conceal(f + 1 < frames ? bySeq[f + 1] : null, frame);
                System.arraycopy(frame, 0, out, f * step, step);
            }
        }
        return out;
    }
}
