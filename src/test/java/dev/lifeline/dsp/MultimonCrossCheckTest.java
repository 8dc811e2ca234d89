package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent decoder (multimon-ng) must read what the DSP layer sends, so generator and
 * decoder cannot agree on a shared mistake. multimon-ng wants 22050 Hz; sox resamples.
 */
class MultimonCrossCheckTest {
    @TempDir static Path dir;

    @BeforeAll
    static void tools() {
        dev.lifeline.it.Peers.require("/usr/bin/multimon-ng", "multimon-ng");
        dev.lifeline.it.Peers.require("/usr/bin/sox", "sox");
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    /** Writes 0.5 s silence + pcm + 0.5 s silence as 22050 Hz raw and returns multimon-ng's output. */
    static String multimon(String name, short[] pcm, String demod) throws Exception {
        ByteBuffer b = ByteBuffer.allocate((pcm.length + 8000) * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8000);
        for (short s : pcm) b.putShort(s);
        Path raw8k = dir.resolve(name + ".8k.raw"), raw22k = dir.resolve(name + ".22k.raw");
        Files.write(raw8k, b.array());
        run(List.of("sox", "-t", "raw", "-r", "8000", "-e", "signed", "-b", "16", "-c", "1", raw8k.toString(),
                "-t", "raw", "-r", "22050", "-e", "signed", "-b", "16", "-c", "1", raw22k.toString()));
        return run(List.of("multimon-ng", "-q", "-t", "raw", "-a", demod, raw22k.toString()));
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timeout: " + cmd);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd + " failed: " + text);
        return text;
    }

    @Test
    void bell202SpillsDecodeInMultimon() throws Exception {
        var id = new CallerId("6000", "Reception", LocalDateTime.of(2025, 3, 14, 9, 26));
        String mdmf = multimon("bell-mdmf", CallerIdGenerator.generate(CallerIdStandard.BELL202, CallerIdFormat.MDMF, id), "CLIPFSK");
        assertTrue(mdmf.contains("CID=6000") && mdmf.contains("Reception") && mdmf.contains("03140926"), mdmf);
        String sdmf = multimon("bell-sdmf", CallerIdGenerator.generate(CallerIdStandard.BELL202, CallerIdFormat.SDMF, id), "CLIPFSK");
        // multimon-ng parses every message as ETSI MDMF, so it shows SDMF (type 0x04) bytes as
        // unknown fields; it still frames them: the date "0314..." must come through byte-exact.
        assertTrue(sdmf.contains("CLIPFSK:") && sdmf.contains("(0x30)") && sdmf.contains("(0x33)")
                && sdmf.contains("(0x31)") && sdmf.contains("(0x34)"), sdmf);
    }

    @Test
    void v23SpillDecodesInMultimon() throws Exception {
        var id = new CallerId("6000", "Reception", LocalDateTime.of(2025, 3, 14, 9, 26));
        String out = multimon("v23", CallerIdGenerator.generate(CallerIdStandard.V23, CallerIdFormat.MDMF, id), "CLIPFSK");
        assertTrue(out.contains("CID=6000") && out.contains("Reception"), out);
    }

    @Test
    void dtmfDigitsDecodeInMultimon() throws Exception {
        short[] pcm = new short[16 * 1280];
        try (var gen = new DtmfGenerator()) {
            gen.queue("0123456789*#ABCD");
            assertEquals(pcm.length, gen.generate(pcm, 0, pcm.length));
        }
        String out = multimon("dtmf", pcm, "DTMF");
        StringBuilder digits = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("DTMF: ")) digits.append(line.substring(6).trim());
        }
        assertEquals("0123456789*#ABCD", digits.toString(), out);
    }
}
