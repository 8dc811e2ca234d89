package dev.lifeline.rig.audio;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Streams PCM into a WAV file; the header's sizes are fixed up on {@link #close()}. */
public final class WavWriter implements AutoCloseable {
    private final RandomAccessFile file;
    private long dataBytes;
    private boolean closed;

    public WavWriter(Path path) throws IOException {
        file = new RandomAccessFile(path.toFile(), "rw");
        file.setLength(0);
        file.write(Wav.header(0));
    }

    public synchronized void write(short[] pcm, int off, int len) throws IOException {
        if (closed) return;
        byte[] b = new byte[len * 2];
        for (int i = 0; i < len; i++) {
            b[2 * i] = (byte) pcm[off + i];
            b[2 * i + 1] = (byte) (pcm[off + i] >> 8);
        }
        file.write(b);
        dataBytes += b.length;
    }

    /** Samples written so far. */
    public synchronized long samples() { return dataBytes / 2; }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            file.seek(0);
            file.write(Wav.header(dataBytes));
        } finally {
            file.close();
        }
    }
}
