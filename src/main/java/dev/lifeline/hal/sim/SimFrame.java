package dev.lifeline.hal.sim;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One frame of the sim line protocol (DESIGN §3.1): 1 byte type, 2 bytes big-endian length,
 * payload. Shared by the gateway's sim driver and every device that plugs into it, so both
 * ends agree byte for byte.
 */
public record SimFrame(byte type, byte[] payload) {
    public static final byte AUDIO = 'A';
    public static final byte EVENT = 'E';
    public static final byte DCHANNEL = 'D';
    public static final byte BCHANNEL = 'B';
    /** 20 ms of 8 kHz audio. */
    public static final int SAMPLES_PER_FRAME = 160;
    public static final int MAX_PAYLOAD = 65535;

    public static SimFrame event(String line) {
        return new SimFrame(EVENT, line.getBytes(StandardCharsets.UTF_8));
    }

    /** Audio frame from linear PCM, little-endian signed 16-bit. */
    public static SimFrame audio(short[] pcm, int off, int len) {
        byte[] b = new byte[len * 2];
        for (int i = 0; i < len; i++) {
            short s = pcm[off + i];
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return new SimFrame(AUDIO, b);
    }

    public boolean isAudio() { return type == AUDIO; }

    /** Audio of any kind (analog PCM or a B-channel): may be dropped when a device is too slow, unlike events and D frames. */
    public boolean isMedia() { return type == AUDIO || type == BCHANNEL; }
    public boolean isEvent() { return type == EVENT; }

    public String text() { return new String(payload, StandardCharsets.UTF_8).trim(); }

    /** Decodes an audio payload into {@code out}; returns the number of samples written. */
    public int samples(short[] out) {
        int n = Math.min(out.length, payload.length / 2);
        for (int i = 0; i < n; i++) {
            out[i] = (short) ((payload[2 * i] & 0xff) | (payload[2 * i + 1] << 8));
        }
        return n;
    }

    public short[] samples() {
        short[] s = new short[payload.length / 2];
        samples(s);
        return s;
    }

    /** Writes the frame in one call so that frames from different threads never interleave. */
    public void writeTo(OutputStream out) throws IOException {
        if (payload.length > MAX_PAYLOAD) throw new IOException("frame payload too large: " + payload.length);
        byte[] b = new byte[3 + payload.length];
        b[0] = type;
        b[1] = (byte) (payload.length >> 8);
        b[2] = (byte) payload.length;
        System.arraycopy(payload, 0, b, 3, payload.length);
        out.write(b);
    }

    /** Reads one frame; returns null at a clean end of stream. */
    public static SimFrame readFrom(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) return null;
        int len;
        try {
            len = in.readUnsignedShort();
        } catch (EOFException e) {
            throw new IOException("truncated frame header");
        }
        byte[] payload = new byte[len];
        in.readFully(payload);
        return new SimFrame((byte) type, payload);
    }
}
