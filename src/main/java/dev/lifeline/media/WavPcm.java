package dev.lifeline.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a WAV file as the line plays it: RIFF PCM, mono, 8 kHz, 16-bit (music on hold). Anything
 * else is refused with what it is, rather than resampled: a recording for the phone network is
 * made for 8 kHz, and a wrong one should be noticed, not played too fast.
 */
public final class WavPcm {
    private WavPcm() {}

    /** The samples. @throws IOException unreadable, or not 8 kHz mono 16-bit PCM (the message says what it is) */
    public static short[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
            throw new IOException(file + ": not a WAV (RIFF/WAVE) file");
        }
        int pos = 12;
        boolean fmtOk = false;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos), len = b.getInt(pos + 4);
            int body = pos + 8;
            if (len < 0 || body + len > b.limit()) len = b.limit() - body; // a truncated last chunk: take what is there
            if (id == 0x20746d66) { // "fmt "
                int format = b.getShort(body) & 0xFFFF, channels = b.getShort(body + 2), rate = b.getInt(body + 4),
                        bits = b.getShort(body + 14);
                if (format != 1 || channels != 1 || rate != 8000 || bits != 16) {
                    throw new IOException(file + ": " + (format == 1 ? "PCM" : "format " + format) + ", " + channels
                            + " channel(s), " + rate + " Hz, " + bits + "-bit; music on hold needs 8 kHz mono 16-bit PCM");
                }
                fmtOk = true;
            } else if (id == 0x61746164) { // "data"
                if (!fmtOk) throw new IOException(file + ": data before the fmt chunk");
                short[] pcm = new short[len / 2];
                for (int i = 0; i < pcm.length; i++) pcm[i] = b.getShort(body + 2 * i);
                return pcm;
            }
            pos = body + len + (len & 1);
        }
        throw new IOException(file + ": no audio (data chunk) in the WAV file");
    }
}
