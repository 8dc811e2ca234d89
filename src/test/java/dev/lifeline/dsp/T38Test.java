package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.fax.TestPages;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The T.38 JNI without a network: an audio fax machine's pages through the {@link T38Gateway} to a
 * {@link T38Terminal} (IFP packets handed over in memory with their sequence numbers), two
 * terminals back to back, and hostile IFP input that must be refused without harm.
 */
class T38Test {
    @TempDir Path dir;

    private static int modems(int rate) {
        return rate == 14400 ? FaxTerminal.V17 | FaxTerminal.V29 | FaxTerminal.V27TER : FaxTerminal.V29 | FaxTerminal.V27TER;
    }

    /** Moves every IFP waiting at {@code from} to {@code to}, numbering them as UDPTL would. */
    private static int pass(IfpEndpoint from, IfpEndpoint to, int seq) {
        for (IfpPacket p; (p = from.pollIfp()) != null; seq = (seq + 1) & 0xffff) {
            assertTrue(p.repeats() == 1 || p.repeats() == 3, "repeats " + p.repeats());
            assertTrue(to.receiveIfp(p.data(), 0, p.data().length, seq), "IFP refused");
        }
        return seq;
    }

    private void assertPagesEqual(Path sent, Path got) throws Exception {
        List<BufferedImage> in = TestPages.pages(sent), out = TestPages.pages(got);
        assertEquals(3, out.size());
        for (int i = 0; i < 3; i++) assertEquals(0, TestPages.differentPixels(in.get(i), out.get(i)), "page " + (i + 1));
    }

    @ParameterizedTest(name = "{0} bit/s, ECM {1}")
    @CsvSource({"9600, false", "14400, true"})
    void audioFaxThroughTheGatewayReachesATerminal(int rate, boolean ecm) throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), 3, 300), got = dir.resolve("got.tif");
        T38Options o = T38Options.of(rate, ecm);
        try (FaxTerminal fax = FaxTerminal.sender(sent, true, ecm, modems(rate));
             T38Gateway gw = new T38Gateway(o);
             T38Terminal term = T38Terminal.receiver(got, false, o)) {
            short[] line = new short[160], back = new short[160];
            int up = 0, down = 0;
            for (int f = 0; f < 50 * 600 && !(fax.status().finished() && term.status().finished()); f++) {
                fax.transmit(line, 0, 160);
                gw.received(line, 0, 160);
                gw.transmit(back, 0, 160);
                fax.received(back, 0, 160);
                term.tick(160);
                up = pass(gw, term, up);
                down = pass(term, gw, down);
            }
            FaxTerminal.Status s = fax.status(), r = term.status();
            assertTrue(s.ok(), "audio sender ended with T.30 code " + s.completionCode());
            assertTrue(r.ok(), "T.38 receiver ended with T.30 code " + r.completionCode());
            assertEquals(3, r.pagesReceived());
            assertEquals(rate, r.bitRate());
            assertEquals(ecm, r.ecm());
            T38Gateway.Status g = gw.status();
            assertEquals(rate, g.bitRate());
            assertEquals(0, g.packetsDropped());
        }
        assertPagesEqual(sent, got);
    }

    @Test
    void twoTerminalsBackToBack() throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), 3, 300), got = dir.resolve("got.tif");
        T38Options o = T38Options.of(14400, false);
        try (T38Terminal tx = T38Terminal.sender(sent, true, o); T38Terminal rx = T38Terminal.receiver(got, false, o)) {
            int a = 0, b = 0;
            for (int f = 0; f < 50 * 600 && !(tx.status().finished() && rx.status().finished()); f++) {
                tx.tick(160);
                rx.tick(160);
                a = pass(tx, rx, a);
                b = pass(rx, tx, b);
            }
            assertTrue(tx.status().ok(), "sender ended with T.30 code " + tx.status().completionCode());
            assertTrue(rx.status().ok(), "receiver ended with T.30 code " + rx.status().completionCode());
            assertEquals(3, tx.status().pagesSent());
        }
        assertPagesEqual(sent, got);
    }

    @Test
    void malformedIfpsAreRefusedAndCounted() throws Exception {
        try (T38Gateway gw = new T38Gateway(T38Options.of(14400, true));
             T38Terminal term = T38Terminal.receiver(dir.resolve("x.tif"), false, T38Options.of(14400, true))) {
            // a data packet (V.21, one field, HDLC data) whose field claims 0x0100 + 1 octets but carries 3
            byte[] lying = {(byte) 0xC0, 1, (byte) 0x80, 0x01, 0x00, 1, 2, 3};
            assertFalse(gw.receiveIfp(lying, 0, lying.length, 0));
            assertFalse(term.receiveIfp(lying, 0, lying.length, 0));
            assertFalse(gw.receiveIfp(new byte[0], 0, 0, 1), "empty");
            assertFalse(gw.receiveIfp(new byte[IfpEndpoint.MAX_IFP_IN + 1], 0, IfpEndpoint.MAX_IFP_IN + 1, 2), "too long");
            byte[] indicatorWithTail = {0x02, 0x00};
            assertFalse(gw.receiveIfp(indicatorWithTail, 0, 2, 3));
            assertEquals(4, gw.status().packetsRefused());
            assertEquals(1, term.packets().refused());
            byte[] cng = {0x02}; // indicator CNG, well formed
            assertTrue(gw.receiveIfp(cng, 0, 1, 4));
        }
    }

    /** Random bytes of any length, and structurally valid packets with random contents, through both endpoints. */
    @Test
    void randomIfpsNeverCrashTheNativeCode() throws Exception {
        Random rnd = new Random(38);
        try (T38Gateway gw = new T38Gateway(T38Options.of(14400, true));
             T38Terminal term = T38Terminal.receiver(dir.resolve("x.tif"), false, T38Options.of(14400, true))) {
            short[] pcm = new short[160];
            int refused = 0, taken = 0;
            for (int i = 0; i < 20_000; i++) {
                byte[] p = i % 2 == 0 ? randomBytes(rnd) : randomDataPacket(rnd);
                boolean g = gw.receiveIfp(p, 0, p.length, i & 0xffff);
                boolean t = term.receiveIfp(p, 0, p.length, i & 0xffff);
                assertEquals(g, t, "both endpoints judge a packet alike");
                if (g) taken++; else refused++;
                if (i % 8 == 0) {
                    gw.received(pcm, 0, 160);
                    gw.transmit(pcm, 0, 160);
                    term.tick(160);
                    while (gw.pollIfp() != null) {}
                    while (term.pollIfp() != null) {}
                }
            }
            assertTrue(taken > 1000, "well-formed packets taken: " + taken);
            assertTrue(refused > 1000, "malformed packets refused: " + refused);
            assertEquals(refused, gw.status().packetsRefused());
        }
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] p = new byte[rnd.nextInt(rnd.nextBoolean() ? 8 : 3000)];
        rnd.nextBytes(p);
        return p;
    }

    /** A version-0 data packet: type byte, field count, fields of (type, length-1, data) with random data. */
    private static byte[] randomDataPacket(Random rnd) {
        int fields = 1 + rnd.nextInt(6);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0xC0 | (rnd.nextInt(9) << 1));
        out.write(fields);
        for (int i = 0; i < fields; i++) {
            int type = rnd.nextInt(8);
            int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 400);
            out.write(0x80 | (type << 4));
            out.write((n - 1) >> 8);
            out.write((n - 1) & 0xff);
            byte[] d = new byte[n];
            rnd.nextBytes(d);
            out.writeBytes(d);
        }
        return out.toByteArray();
    }
}
