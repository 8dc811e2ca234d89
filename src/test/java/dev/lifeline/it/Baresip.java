package dev.lifeline.it;

import dev.lifeline.sip.FreePorts;
import java.io.File;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * baresip (Debian baresip-core) as a real SIP phone: registers an extension at the gateway,
 * answers automatically, speaks a WAV file (aufile), records both directions (sndfile), and
 * takes commands (DTMF) over ctrl_tcp.
 */
public final class Baresip implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int ctrlPort;
    private int sipPort;
    private final StringBuffer events = new StringBuffer();
    private volatile Socket eventSocket;

    private Baresip(Process process, Path dir, int ctrlPort) {
        this.process = process;
        this.dir = dir;
        this.ctrlPort = ctrlPort;
    }

    /** Keeps a ctrl_tcp connection open: baresip reports call events (CALL_DTMF_START, ...) on it. */
    void listenForEvents() throws Exception {
        for (int i = 0; i < 50 && eventSocket == null; i++) {
            try {
                eventSocket = new Socket("127.0.0.1", ctrlPort);
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        Socket s = eventSocket;
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[4096];
            try (var in = s.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) events.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (java.io.IOException ignored) {
                // baresip stopped
            }
        });
    }

    /** The port baresip listens on for SIP (UDP, TCP; its Contact names it). */
    int sipPort() { return sipPort; }

    /** Everything baresip reported on the event connection so far. */
    String events() { return events.toString(); }

    public static Baresip start(String extension, String password, int gatewaySipPort, Path speakWav) throws Exception {
        return start(extension, password, gatewaySipPort, speakWav, null);
    }

    /** As above; {@code mediaenc} (e.g. {@code srtp-mand}: RTP/SAVP with SDES, nothing else) loads baresip's srtp module. */
    static Baresip start(String extension, String password, int gatewaySipPort, Path speakWav, String mediaenc) throws Exception {
        return start(extension, password, "127.0.0.1", gatewaySipPort, speakWav, mediaenc, "udp", null);
    }

    /**
     * Registered over TLS at the gateway's TLS port, trusting {@code caFile} ({@code sip_cafile});
     * its REGISTER, calls and the calls it gets all travel on the TLS connection it opens.
     */
    static Baresip startTls(String extension, String password, int gatewayTlsPort, Path speakWav, String mediaenc, Path caFile)
            throws Exception {
        return start(extension, password, "127.0.0.1", gatewayTlsPort, speakWav, mediaenc, "tls", caFile);
    }

    /**
     * As above, for a gateway listening on {@code gatewayHost} (the WAN rig's gateway side), with
     * RTP (and RTCP) on ports {@code rtpLow}..{@code rtpLow + 3} when {@code rtpLow > 0}, so a capture
     * can pick baresip's media out.
     */
    static Baresip startTls(String extension, String password, String gatewayHost, int gatewayTlsPort, Path speakWav,
                            String mediaenc, Path caFile, int rtpLow) throws Exception {
        return start(extension, password, gatewayHost, gatewayTlsPort, speakWav, mediaenc, "tls", caFile, rtpLow);
    }

    private static Baresip start(String extension, String password, String gatewayHost, int gatewaySipPort, Path speakWav,
                                 String mediaenc, String transport, Path caFile) throws Exception {
        return start(extension, password, gatewayHost, gatewaySipPort, speakWav, mediaenc, transport, caFile, 0);
    }

    private static Baresip start(String extension, String password, String gatewayHost, int gatewaySipPort, Path speakWav,
                                 String mediaenc, String transport, Path caFile, int rtpLow) throws Exception {
        return start(extension, password, gatewayHost, gatewaySipPort, speakWav, mediaenc, transport, caFile, rtpLow, "PCMU,PCMA");
    }

    /**
     * A phone that speaks only {@code audioCodecs} (baresip 1.0 names them by their sample
     * rate: {@code opus/48000/2}, {@code G722/16000/1}, {@code PCMU}; their modules are loaded). Its recordings are then at the codec's rate and
     * channels (Opus: 48 kHz stereo): read them with {@link #readRecording}.
     */
    static Baresip startWithCodecs(String extension, String password, int gatewaySipPort, Path speakWav, String audioCodecs)
            throws Exception {
        return startWithCodecs(extension, password, gatewaySipPort, speakWav, audioCodecs, 0);
    }

    /** As above, with RTP on {@code rtpLow}..{@code rtpLow + 3} (when > 0) so a capture can tell its media apart. */
    static Baresip startWithCodecs(String extension, String password, int gatewaySipPort, Path speakWav, String audioCodecs,
                                   int rtpLow) throws Exception {
        return start(extension, password, "127.0.0.1", gatewaySipPort, speakWav, null, "udp", null, rtpLow, audioCodecs);
    }

    private static Baresip start(String extension, String password, String gatewayHost, int gatewaySipPort, Path speakWav,
                                 String mediaenc, String transport, Path caFile, int rtpLow, String audioCodecs) throws Exception {
        Peers.require(Peers.BARESIP, "baresip");
        Path dir = Files.createTempDirectory("baresip");
        int sipPort = FreePorts.udpAndTcpWithTcpAbove(); // its TLS transport takes sipPort + 1
        int ctrl = FreePorts.udpAndTcp();
        Files.createDirectories(dir.resolve("rec"));
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sipPort,
                "audio_player aubridge,nil",
                "audio_alert aubridge,nil",
                "audio_source aufile," + speakWav,
                "audio_path /usr/share/baresip",
                "ausrc_srate 8000",
                "auplay_srate 8000",
                "ausrc_channels 1",
                "auplay_channels 1",
                "rtp_timeout 0",
                "module_path /usr/lib/baresip/modules",
                audioCodecs.contains("PCM") ? "module g711.so" : "",
                audioCodecs.contains("G722") ? "module g722.so" : "",
                audioCodecs.contains("opus") ? "module opus.so" : "",
                "module aufile.so",
                "module aubridge.so",
                "module sndfile.so",
                "module ctrl_tcp.so",
                mediaenc == null ? "" : "module srtp.so",
                "module_app account.so",
                "module_app menu.so",
                "snd_path " + dir.resolve("rec"),
                "ctrl_tcp_listen 127.0.0.1:" + ctrl,
                caFile == null ? "" : "sip_cafile " + caFile,
                rtpLow <= 0 ? "" : "rtp_ports " + rtpLow + "-" + (rtpLow + 3),
                "") );
        Files.writeString(dir.resolve("accounts"),
                "<sip:" + extension + "@" + gatewayHost + ":" + gatewaySipPort + ";transport=" + transport + ">;auth_pass=" + password
                        + ";answermode=auto;audio_codecs=" + audioCodecs + ";regint=300" + (mediaenc == null ? "" : ";mediaenc=" + mediaenc) + "\n");
        Process p = new ProcessBuilder("baresip", "-f", dir.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("baresip.log").toFile()).start();
        Baresip b = new Baresip(p, dir, ctrl);
        b.sipPort = sipPort;
        return b;
    }

    /** Sends a ctrl_tcp command (netstring JSON). */
    void command(String command, String params) throws Exception {
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", ctrlPort)) {
            OutputStream out = s.getOutputStream();
            out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(',');
            out.flush();
            Thread.sleep(200);
        }
    }

    /** Recordings of the call: files ending in -dec.wav hold what baresip heard. */
    List<Path> recordings() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("rec"))) {
            return s.sorted().toList();
        }
    }

    /** A recording as mono samples (channels averaged) and its sample rate: {@code rate} is written to {@code rate[0]}. */
    static short[] readRecording(Path wav, int[] rate) throws java.io.IOException {
        var b = java.nio.ByteBuffer.wrap(Files.readAllBytes(wav)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int pos = 12, channels = 1;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos), size = b.getInt(pos + 4), body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                channels = b.getShort(body + 2);
                rate[0] = b.getInt(body + 4);
                if (b.getShort(body + 14) != 16) throw new java.io.IOException(wav + ": not 16-bit");
            } else if (id == 0x61746164) { // "data"
                int frames = Math.min(size < 0 ? Integer.MAX_VALUE : size, b.limit() - body) / 2 / channels;
                short[] pcm = new short[frames];
                for (int i = 0; i < frames; i++) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) sum += b.getShort(body + 2 * (i * channels + c));
                    pcm[i] = (short) (sum / channels);
                }
                return pcm;
            }
            pos = body + size + (size & 1);
        }
        throw new java.io.IOException(wav + ": no data chunk");
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("baresip.log"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws Exception {
        if (eventSocket != null) eventSocket.close();
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
