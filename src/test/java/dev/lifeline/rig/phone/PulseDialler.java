package dev.lifeline.rig.phone;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Rotary dialling as hook breaks: 10 pulses per second, each a 60 ms break ({@code ONHOOK})
 * and a 40 ms make ({@code OFFHOOK}); digit n is n breaks (0 is ten); 500 ms off hook between
 * digits. Timing runs on absolute deadlines so it does not drift.
 */
final class PulseDialler {
    interface HookLine { void send(String event) throws IOException; }

    static final int BREAK_MS = 60;
    static final int MAKE_MS = 40;
    static final int INTER_DIGIT_MS = 500;

    private PulseDialler() {}

    static void validate(String digits) {
        if (!digits.matches("[0-9]+")) throw new IllegalArgumentException("pulse dialling takes digits 0-9 only: " + digits);
    }

    /** Number of breaks for {@code digit}. */
    static int breaks(char digit) { return digit == '0' ? 10 : digit - '0'; }

    static void dial(String digits, HookLine line) throws IOException, InterruptedException {
        validate(digits);
        long t = System.nanoTime();
        for (int d = 0; d < digits.length(); d++) {
            if (d > 0) t = sleepUntil(t + ms(INTER_DIGIT_MS));
            for (int i = 0; i < breaks(digits.charAt(d)); i++) {
                line.send("ONHOOK");
                t = sleepUntil(t + ms(BREAK_MS));
                line.send("OFFHOOK");
                t = sleepUntil(t + ms(MAKE_MS));
            }
        }
    }

    private static long ms(int ms) { return ms * 1_000_000L; }

    private static long sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) throw new InterruptedException("pulse dialling interrupted");
        }
        return deadline;
    }
}
