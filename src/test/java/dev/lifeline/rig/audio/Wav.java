package dev.lifeline.rig.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes mono 16-bit PCM WAV files: at 8 kHz (the sim line's audio format) unless a
 * rate is given (the speech-quality bench's 16 kHz samples).
 */
public final class Wav {
    public static final int RATE = 8000;

    private Wav() {}

    /** Reads a WAV file; rejects anything but 8 kHz mono 16-bit PCM with a message saying why. */
    public static short[] read(Path file) throws IOException { return read(file, new int[1], RATE); }

    /** Reads a mono 16-bit PCM WAV file at any rate, which is written to {@code rate[0]}. */
    public static short[] read(Path file, int[] rate) throws IOException { return read(file, rate, 0); }

    /** {@code required}: the sample rate the file must have, or 0 for any. */
    private static short[] read(Path file, int[] rateOut, int required) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        boolean fmtSeen = false;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) {   // "fmt "
                int format = b.getShort(body) & 0xffff, channels = b.getShort(body + 2);
                int rate = b.getInt(body + 4), bits = b.getShort(body + 14);
                if (format != 1 || channels != 1 || (required != 0 && rate != required) || bits != 16) {
                    throw new IOException(file + ": need " + (required == 0 ? "" : required + " Hz ") + "mono 16-bit PCM, found format " + format
                            + ", " + channels + " channel(s), " + rate + " Hz, " + bits + " bits");
                }
                rateOut[0] = rate;
                fmtSeen = true;
            } else if (id == 0x61746164) {   // "data"
                if (!fmtSeen) throw new IOException(file + ": data chunk before fmt chunk");
                int len = Math.min(size < 0 ? Integer.MAX_VALUE : size, b.limit() - body) / 2;
                short[] pcm = new short[len];
                for (int i = 0; i < len; i++) pcm[i] = b.getShort(body + 2 * i);
                return pcm;
            }
            pos = body + size + (size & 1);
        }
        throw new IOException(file + ": no data chunk");
    }

    /** Writes {@code pcm} as a complete WAV file. */
    public static void write(Path file, short[] pcm) throws IOException {
        try (WavWriter w = new WavWriter(file)) {
            w.write(pcm, 0, pcm.length);
        }
    }

    /** Writes {@code pcm} as a complete mono 16-bit WAV file at {@code rate}. */
    public static void write(Path file, short[] pcm, int rate) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header(2L * pcm.length, rate));
        for (short v : pcm) b.putShort(v);
        Files.write(file, b.array());
    }

    /** The 44-byte canonical header for {@code dataBytes} bytes of 8 kHz mono 16-bit PCM. */
    static byte[] header(long dataBytes) { return header(dataBytes, RATE); }

    private static byte[] header(long dataBytes, int rate) {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157);
        h.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1)
         .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        h.putInt(0x61746164).putInt((int) dataBytes);
        return h.array();
    }
}
