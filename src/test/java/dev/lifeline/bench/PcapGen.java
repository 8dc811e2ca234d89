package dev.lifeline.bench;

import dev.lifeline.media.rtp.Codec;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.BufferedOutputStream;

/**
 * Writes a pcap of one G.711 A-law RTP stream with 20 ms packets (160 samples, PT 8) carrying a
 * 1 kHz tone at -12 dBFS, for SIPp's {@code play_pcap_audio} in the media benchmark.
 *
 * <p>SIPp's own {@code g711a.pcap} has 30 ms packets (240 samples); the gateway works in 20 ms
 * frames and decodes one packet into one frame (docs/media.md, Limits), so relaying that file
 * would measure a codec-framing mismatch, not the relay.
 *
 * <pre>java -cp ... dev.lifeline.bench.PcapGen OUT.pcap SECONDS</pre>
 */
public final class PcapGen {
    private PcapGen() {}

    public static void main(String[] args) throws IOException {
        String out = args[0];
        int seconds = Integer.parseInt(args[1]);
        int packets = seconds * 50;
        short[] pcm = new short[160];
        byte[] payload = new byte[160];
        double amp = 32767 * Math.pow(10, -12 / 20.0);
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(out)))) {
            // global header, little-endian, Ethernet
            o.write(le32(0xa1b2c3d4)); o.write(le16(2)); o.write(le16(4));
            o.write(le32(0)); o.write(le32(0)); o.write(le32(65535)); o.write(le32(1));
            long sample = 0;
            for (int n = 0; n < packets; n++) {
                for (int i = 0; i < 160; i++, sample++) pcm[i] = (short) Math.round(amp * Math.sin(2 * Math.PI * 1000 * sample / 8000.0));
                Codec.PCMA.encode(pcm, 0, 160, payload, 0);
                int rtpLen = 12 + 160, udpLen = 8 + rtpLen, ipLen = 20 + udpLen, frameLen = 14 + ipLen;
                long usec = n * 20_000L;
                o.write(le32((int) (usec / 1_000_000))); o.write(le32((int) (usec % 1_000_000)));
                o.write(le32(frameLen)); o.write(le32(frameLen));
                // Ethernet
                o.write(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00});
                // IPv4 127.0.0.1 -> 127.0.0.1 (SIPp replaces addresses and ports)
                byte[] ip = {0x45, 0, (byte) (ipLen >> 8), (byte) ipLen, 0, 0, 0x40, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1};
                int sum = 0;
                for (int i = 0; i < 20; i += 2) sum += ((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff);
                while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
                sum = ~sum & 0xffff;
                ip[10] = (byte) (sum >> 8); ip[11] = (byte) sum;
                o.write(ip);
                // UDP (checksum 0 = none)
                o.writeShort(6000); o.writeShort(6000); o.writeShort(udpLen); o.writeShort(0);
                // RTP
                o.writeByte(0x80); o.writeByte(8); o.writeShort(n & 0xffff);
                o.writeInt((int) (n * 160L)); o.writeInt(0x11fe11fe);
                o.write(payload);
            }
        }
    }

    private static byte[] le32(int v) { return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}; }
    private static byte[] le16(int v) { return new byte[] {(byte) v, (byte) (v >> 8)}; }
}
