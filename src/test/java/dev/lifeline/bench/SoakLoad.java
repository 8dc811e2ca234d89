package dev.lifeline.bench;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The analog half of {@code scripts/soak}: four virtual phones on fxs1..fxs4 (sim protocol) in
 * repeated calls for a given time, against one running gateway.
 *
 * <pre>
 *   SoakLoad --sim HOST:PORT --seconds N [--hold-ms 3000] [--gap-ms 1000] [--idle-ms 4000] [--answer-hold-ms 5000]
 * </pre>
 *
 * Two pairs, fxs1 ↔ fxs2 (6000/6001) and fxs3 ↔ fxs4 (6002/6003), each on its own thread; the
 * caller alternates within a pair. A call: caller off hook → dial tone → DTMF of the callee's
 * number → the callee rings → answers → both play a 1 kHz tone and the call is "completed" only if
 * each hears the other's tone → held {@code hold-ms} → both hang up → on hook {@code gap-ms}
 * (longer than a flash), then both lines stay free for {@code idle-ms}. SIP phones of the soak
 * also call these lines: a line that rang while free is answered and hung up after
 * {@code answer-hold-ms} (longer than the SIP caller holds, so the caller's BYE ends the call as
 * its scenario expects); a SIP call that finds the line in a pair call gets 486 Busy.
 *
 * <p>One line per event on stdout, so the script can count them and match them with CDRs:
 * {@code analog <caller> <number> <epoch ms> completed|busy|no-ring|no-tone ...} (dialled: the gateway owes a
 * CDR), {@code no-dialtone <caller> <epoch ms>} (nothing dialled), {@code answered <port> <epoch ms>}
 * (an incoming call from a SIP phone, answered), and at the end one JSON line with the totals.
 * Why a Java program and not a shell loop: the phones need the real DSP (tone detection, DTMF), and
 * event waits (ringing, tones) are only reliable with the phone objects at hand.
 */
public final class SoakLoad {
    private static final AtomicInteger ATTEMPTED = new AtomicInteger();
    private static final AtomicInteger COMPLETED = new AtomicInteger();
    private static final AtomicInteger NO_DIALTONE = new AtomicInteger();
    private static final AtomicInteger ANSWERED = new AtomicInteger();
    private static final AtomicInteger ERRORS = new AtomicInteger();
    /** Per port: System.nanoTime() when this program last put it on hook. */
    private static final Map<String, Long> ON_HOOK_AT = new ConcurrentHashMap<>();

    private SoakLoad() {}

    public static void main(String[] args) throws Exception {
        String sim = opt(args, "--sim", null);
        if (sim == null) throw new IllegalArgumentException("usage: SoakLoad --sim HOST:PORT --seconds N [--hold-ms 3000] [--gap-ms 1000]");
        String host = sim.substring(0, sim.lastIndexOf(':'));
        int port = Integer.parseInt(sim.substring(sim.lastIndexOf(':') + 1));
        long deadline = System.currentTimeMillis() + 1000L * Long.parseLong(opt(args, "--seconds", "60"));
        long holdMs = Long.parseLong(opt(args, "--hold-ms", "3000"));
        long gapMs = Long.parseLong(opt(args, "--gap-ms", "1000"));
        long answerHoldMs = Long.parseLong(opt(args, "--answer-hold-ms", "5000"));
        long idleMs = Long.parseLong(opt(args, "--idle-ms", "4000"));
        String[][] pairs = {{"fxs1", "6000", "fxs2", "6001"}, {"fxs3", "6002", "fxs4", "6003"}};
        List<Thread> threads = new ArrayList<>();
        List<VirtualPhone> phones = new ArrayList<>();
        for (String[] p : pairs) {
            VirtualPhone a = VirtualPhone.connect(host, port, p[0], "us");
            VirtualPhone b = VirtualPhone.connect(host, port, p[2], "us");
            phones.add(a);
            phones.add(b);
            threads.add(new Thread(() -> pairLoop(a, p[1], b, p[3], deadline, holdMs, gapMs, idleMs, answerHoldMs), "soak-" + p[0]));
        }
        Thread.sleep(300); // the gateway registers the devices on its engine thread
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        phones.forEach(VirtualPhone::close);
        System.out.printf("{\"attempted\":%d,\"completed\":%d,\"no_dialtone\":%d,\"answered_from_sip\":%d,\"errors\":%d}%n",
                ATTEMPTED.get(), COMPLETED.get(), NO_DIALTONE.get(), ANSWERED.get(), ERRORS.get());
    }

    private static void pairLoop(VirtualPhone a, String numA, VirtualPhone b, String numB, long deadline, long holdMs, long gapMs,
                                 long idleMs, long answerHoldMs) {
        boolean aCalls = true;
        while (System.currentTimeMillis() < deadline) {
            try {
                // idle: both lines free for the SIP phones' calls
                long idleUntil = Math.min(deadline, System.currentTimeMillis() + idleMs);
                while (System.currentTimeMillis() < idleUntil) {
                    answerIfCalled(a, answerHoldMs, gapMs);
                    answerIfCalled(b, answerHoldMs, gapMs);
                    Thread.sleep(100);
                }
                if (System.currentTimeMillis() >= deadline) break;
                if (aCalls) call(a, b, numB, holdMs, gapMs);
                else call(b, a, numA, holdMs, gapMs);
                aCalls = !aCalls;
            } catch (Exception e) {
                ERRORS.incrementAndGet();
                print("error %s %d %s", a.portId(), System.currentTimeMillis(), e.toString().replace('\n', ' '));
                try {
                    hangUp(a);
                    hangUp(b);
                    Thread.sleep(gapMs);
                } catch (Exception ignored) {
                    return; // the line is gone: the gateway died; the script reports that
                }
            }
        }
    }

    /**
     * True when the line has rung since this program last put it on hook: a call for it is
     * waiting (between two bursts of the cadence {@link VirtualPhone#isRinging()} is false).
     */
    private static boolean called(VirtualPhone p) {
        long since = ON_HOOK_AT.getOrDefault(p.portId(), 0L);
        return p.isRinging() || p.ringEvents().stream().anyMatch(e -> e.on() && e.atNanos() > since);
    }

    private static void hangUp(VirtualPhone p) throws IOException {
        p.stopPlaying();
        p.onHook();
        ON_HOOK_AT.put(p.portId(), System.nanoTime());
    }

    /** A SIP phone's call to this line: answer, hold (the SIP caller hangs up first), hang up. */
    private static void answerIfCalled(VirtualPhone p, long holdMs, long gapMs) throws IOException, InterruptedException {
        if (!called(p)) return;
        p.offHook();
        p.playTone(1000, -10);
        ANSWERED.incrementAndGet();
        print("answered %s %d", p.portId(), System.currentTimeMillis());
        Thread.sleep(holdMs);
        hangUp(p);
        Thread.sleep(gapMs);
    }

    private static void call(VirtualPhone caller, VirtualPhone callee, String number, long holdMs, long gapMs)
            throws IOException, InterruptedException {
        long t0 = System.currentTimeMillis();
        caller.offHook();
        if (!caller.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3))) {
            NO_DIALTONE.incrementAndGet();
            print("no-dialtone %s %d", caller.portId(), t0);
            hangUp(caller);
            Thread.sleep(gapMs);
            return;
        }
        long sinceCalleeOnHook = ON_HOOK_AT.getOrDefault(callee.portId(), 0L);
        caller.dialDtmf(number);
        // our call cannot ring the callee before the last digit starts (160 ms per digit, tone + gap)
        long lastDigitStart = System.nanoTime() - 160_000_000L;
        ATTEMPTED.incrementAndGet();
        String outcome;
        boolean rang = callee.awaitRinging(Duration.ofSeconds(5));
        boolean ringingForOther = callee.ringEvents().stream()
                .anyMatch(e -> e.on() && e.atNanos() > sinceCalleeOnHook && e.atNanos() < lastDigitStart);
        if (rang && (ringingForOther || takenBySip(caller))) {
            // a SIP phone's call reached the callee first: it rings for that call, not ours
            outcome = "busy";
            hangUp(caller);
        } else if (rang) {
            callee.offHook();
            caller.playTone(1000, -10);
            callee.playTone(1000, -10);
            long until = System.currentTimeMillis() + holdMs;
            boolean callerHeard = false;
            boolean calleeHeard = false;
            long end = System.currentTimeMillis() + 2000;
            while (!(callerHeard && calleeHeard) && System.currentTimeMillis() < end) {
                Thread.sleep(100);
                callerHeard |= caller.hears(1000, Duration.ofMillis(300));
                calleeHeard |= callee.hears(1000, Duration.ofMillis(300));
            }
            boolean heard = callerHeard && calleeHeard;
            outcome = heard ? "completed" : "no-tone caller-heard=" + callerHeard + " callee-heard=" + calleeHeard;
            if (heard) COMPLETED.incrementAndGet();
            long left = until - System.currentTimeMillis();
            if (left > 0) Thread.sleep(left);
            hangUp(caller);
            Thread.sleep(200);
            hangUp(callee);
        } else {
            outcome = "no-ring"; // busy with a SIP call, or the gateway did not route it
            hangUp(caller);
        }
        print("analog %s %s %d %s", caller.portId(), number, t0, outcome);
        Thread.sleep(gapMs);
    }

    /**
     * True when the caller hears busy instead of ringback within 1.5 s: the callee's line was
     * taken by a SIP phone's call in the moment around our last digit (a ring that started
     * earlier is recognised by its time).
     */
    private static boolean takenBySip(VirtualPhone caller) throws InterruptedException {
        long end = System.currentTimeMillis() + 1500;
        while (System.currentTimeMillis() < end) {
            ToneKind t = caller.heardTone(Duration.ofMillis(1000));
            if (t == ToneKind.BUSY) return true;
            if (t == ToneKind.RINGBACK) return false;
            Thread.sleep(100);
        }
        return false;
    }

    private static synchronized void print(String fmt, Object... args) {
        System.out.printf(fmt + "%n", args);
        System.out.flush();
    }

    private static String opt(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return def;
    }
}
