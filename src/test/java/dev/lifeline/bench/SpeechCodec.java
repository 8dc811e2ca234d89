package dev.lifeline.bench;

import dev.lifeline.dsp.OpusDecoder;
import dev.lifeline.dsp.OpusEncoder;
import dev.lifeline.dsp.Plc;
import dev.lifeline.media.rtp.Codec;
import dev.lifeline.media.rtp.RedPacket;
import dev.lifeline.media.sdp.MediaDescription;

/**
 * What {@link SpeechPeer} speaks: G.711 µ-law at 8 kHz, or Opus (RFC 7587, in-band FEC asked for
 * and sent) encoded from 16 kHz speech and decoded at 8 kHz (narrowband scoring) or 16 kHz
 * (wideband scoring). Opus goes through libopus (the project's JNI binding); G.711 loss is
 * concealed with spandsp's PLC, Opus loss with libopus's FEC (from the next packet) or its PLC.
 * {@code PCMU_RED} is PCMU with RFC 2198 redundancy (depth 1, {@code red/8000} with fmtp
 * {@code 0/0}): a lost frame comes back from the next packet's redundant block, PLC only when
 * that packet is lost too.
 */
enum SpeechCodec {
    PCMU(8000, 8000, 8000), OPUS_NB(16000, 8000, 48000), OPUS_WB(16000, 16000, 48000), PCMU_RED(8000, 8000, 8000);

    static final int OPUS_PT = 111, RED_PT = 121;
    private final int sendRate, receiveRate, rtpClock;

    SpeechCodec(int sendRate, int receiveRate, int rtpClock) {
        this.sendRate = sendRate;
        this.receiveRate = receiveRate;
        this.rtpClock = rtpClock;
    }

    int sendRate() { return sendRate; }
    int receiveRate() { return receiveRate; }
    int rtpClock() { return rtpClock; }
    boolean opus() { return this == OPUS_NB || this == OPUS_WB; }
    boolean red() { return this == PCMU_RED; }

    private String media(int port, int pt) {
        if (red()) return "m=audio " + port + " RTP/AVP " + pt + " 0\r\na=rtpmap:" + pt + " red/8000\r\na=fmtp:" + pt + " 0/0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
        return "m=audio " + port + " RTP/AVP " + pt + "\r\n"
                + (opus() ? "a=rtpmap:" + pt + " opus/48000/2\r\na=fmtp:" + pt + " maxplaybackrate=16000;useinbandfec=1\r\n" : "a=rtpmap:0 PCMU/8000\r\n")
                + "a=ptime:20\r\na=sendrecv\r\n";
    }

    private static String session() { return "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"; }

    String offer(int rtpPort) { return session() + media(rtpPort, opus() ? OPUS_PT : red() ? RED_PT : 0); }

    String answer(int rtpPort, int pt) { return session() + media(rtpPort, pt); }

    /** Our codec's payload type in the other side's SDP (Opus's and red's are dynamic); fails if it is not there. */
    int payloadTypeIn(MediaDescription audio) {
        for (int pt : audio.payloadTypes()) {
            String name = audio.encodingName(pt);
            if (name != null && name.equalsIgnoreCase(opus() ? "opus" : red() ? "red" : "PCMU")) return pt;
        }
        throw new IllegalStateException("the gateway did not agree " + this + ": " + audio);
    }

    /** One 20 ms frame in, one RTP payload out. */
    interface Encoder extends AutoCloseable {
        int encode(short[] frame, byte[] out, int off);
        @Override void close();
    }

    Encoder openEncoder() {
        if (red()) return new Encoder() { // each packet: the previous frame (160 units earlier) as the redundant block, then this one
            private final byte[] previous = new byte[160], current = new byte[160];
            private boolean first = true;
            @Override public int encode(short[] frame, byte[] out, int off) {
                Codec.PCMU.encode(frame, 0, frame.length, current, 0);
                int n = RedPacket.write(out, off, 0, previous, 0, first ? 0 : 160, 160, current, 0, 160);
                System.arraycopy(current, 0, previous, 0, 160);
                first = false;
                return n;
            }
            @Override public void close() { }
        };
        if (!opus()) return new Encoder() {
            @Override public int encode(short[] frame, byte[] out, int off) {
                Codec.PCMU.encode(frame, 0, frame.length, out, off);
                return frame.length;
            }
            @Override public void close() { }
        };
        // as the gateway encodes by default (media.md): 24 kbit/s, FEC planned for 5 % loss, complexity 5, up to wideband
        OpusEncoder enc = new OpusEncoder(new OpusEncoder.Settings(sendRate, 24_000, true, 5, OpusEncoder.WIDEBAND, 5));
        return new Encoder() {
            @Override public int encode(short[] frame, byte[] out, int off) { return enc.encode(frame, 0, frame.length, out, off, 1500); }
            @Override public void close() { enc.close(); }
        };
    }

    /** Decodes a packet stream frame by frame, concealing the frames whose packets never came. */
    interface Decoder extends AutoCloseable {
        /** {@code next} is the payload after the lost one, or null: Opus rebuilds the lost frame from its FEC. */
        void conceal(byte[] next, short[] frame);
        void decode(byte[] payload, short[] frame);
        @Override void close();
    }

    Decoder openDecoder() {
        if (red()) {
            Plc plc = new Plc();
            RedPacket red = new RedPacket();
            return new Decoder() {
                @Override public void conceal(byte[] next, short[] frame) {
                    if (next != null && red.parse(next, 0, next.length)) {
                        for (int k = 0; k < red.primary(); k++) {
                            if (red.timestampOffset(k) != 160 || red.payloadType(k) != 0) continue;
                            Codec.PCMU.decode(next, red.offset(k), red.length(k), frame);
                            plc.received(frame, 0, frame.length);
                            return;
                        }
                    }
                    plc.fillIn(frame, 0, frame.length);
                }
                @Override public void decode(byte[] payload, short[] frame) {
                    if (!red.parse(payload, 0, payload.length)) {
                        plc.fillIn(frame, 0, frame.length);
                        return;
                    }
                    Codec.PCMU.decode(payload, red.offset(red.primary()), red.length(red.primary()), frame);
                    plc.received(frame, 0, frame.length);
                }
                @Override public void close() { plc.close(); }
            };
        }
        if (!opus()) {
            Plc plc = new Plc();
            return new Decoder() {
                @Override public void conceal(byte[] next, short[] frame) { plc.fillIn(frame, 0, frame.length); }
                @Override public void decode(byte[] payload, short[] frame) {
                    Codec.PCMU.decode(payload, 0, Math.min(payload.length, frame.length), frame);
                    plc.received(frame, 0, frame.length);
                }
                @Override public void close() { plc.close(); }
            };
        }
        OpusDecoder dec = new OpusDecoder(receiveRate);
        return new Decoder() {
            @Override public void conceal(byte[] next, short[] frame) {
                if (next != null) dec.recover(next, 0, next.length, frame, 0, frame.length);
                else dec.conceal(frame, 0, frame.length);
            }
            @Override public void decode(byte[] payload, short[] frame) {
                short[] buf = new short[receiveRate * 120 / 1000];
                int n = dec.decode(payload, 0, payload.length, buf, 0, buf.length);
                java.util.Arrays.fill(frame, (short) 0);
                System.arraycopy(buf, 0, frame, 0, Math.min(n, frame.length));
            }
            @Override public void close() { dec.close(); }
        };
    }
}
