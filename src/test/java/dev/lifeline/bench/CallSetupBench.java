package dev.lifeline.bench;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Call set-up times of analog calls through a running gateway, for {@code scripts/bench} (h): does
 * the gateway still answer calls promptly while it drains a CDR backlog to the controller?
 *
 * <pre>
 *   CallSetupBench --sim HOST:PORT [--calls 12] [--pairs fxs1:fxs2:6001,fxs3:fxs4:6003]
 * </pre>
 *
 * Each pair is a caller, a callee and the callee's number; pairs call at the same time, one call
 * after another. Per call: caller off hook → dial tone recognised ({@code dialtone_ms}); first DTMF
 * digit starts → the callee's RING ON ({@code setup_ms}, which includes sending the digits: 80 ms
 * on / 80 ms off each); and from the start of the last digit's tone (nominal, from that cadence) to
 * RING ON ({@code pdd_ms}: recognising the digit, routing, ringing; the ring can start before the
 * last tone has ended, because the digit is recognised within its first 40 ms). The callee answers, both hang up
 * after 300 ms. One line per call:
 * {@code call <pair> <epoch ms when dialling started> <dialtone_ms> <setup_ms> <pdd_ms> ok|no-dialtone|no-ring}.
 * Uses the real virtual phone (DSP tones and DTMF), so it needs the DSP library like the tests.
 */
public final class CallSetupBench {
    private CallSetupBench() {}

    public static void main(String[] args) throws Exception {
        String sim = opt(args, "--sim", null);
        if (sim == null) throw new IllegalArgumentException("usage: CallSetupBench --sim HOST:PORT [--calls N] [--pairs a:b:num,...]");
        String host = sim.substring(0, sim.lastIndexOf(':'));
        int port = Integer.parseInt(sim.substring(sim.lastIndexOf(':') + 1));
        int calls = Integer.parseInt(opt(args, "--calls", "12"));
        String[] pairs = opt(args, "--pairs", "fxs1:fxs2:6001,fxs3:fxs4:6003").split(",");
        AtomicInteger left = new AtomicInteger(calls);
        List<Thread> threads = new ArrayList<>();
        for (String p : pairs) {
            String[] f = p.split(":");
            VirtualPhone a = VirtualPhone.connect(host, port, f[0], "us");
            VirtualPhone b = VirtualPhone.connect(host, port, f[1], "us");
            Thread t = new Thread(() -> {
                try {
                    while (left.getAndDecrement() > 0) call(f[0], a, b, f[2]);
                } catch (Exception e) {
                    System.out.println("error " + f[0] + " " + e);
                } finally {
                    a.close();
                    b.close();
                }
            }, "calls-" + f[0]);
            threads.add(t);
        }
        Thread.sleep(300); // the gateway registers the devices on its engine thread
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
    }

    private static void call(String name, VirtualPhone a, VirtualPhone b, String number) throws Exception {
        long t0 = System.nanoTime();
        a.offHook();
        boolean dial = a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3));
        long dialStart = System.nanoTime();
        long dialStartEpoch = System.currentTimeMillis();
        a.dialDtmf(number);
        boolean rang = dial && b.awaitRinging(Duration.ofSeconds(5));
        long ringAt = b.ringEvents().stream().filter(e -> e.on() && e.atNanos() >= dialStart).mapToLong(e -> e.atNanos())
                .findFirst().orElse(System.nanoTime());
        long lastToneStart = dialStart + (number.length() - 1) * 160L * 1_000_000L;
        if (rang) {
            b.offHook();
            Thread.sleep(300);
        }
        a.onHook();
        Thread.sleep(200);
        b.onHook();
        System.out.printf("call %s %d %d %d %d %s%n", name, dialStartEpoch, (dialStart - t0) / 1_000_000,
                (ringAt - dialStart) / 1_000_000, (ringAt - lastToneStart) / 1_000_000, rang ? "ok" : dial ? "no-ring" : "no-dialtone");
        System.out.flush();
        Thread.sleep(700); // on-hook long enough to be a hang-up, not a flash
    }

    private static String opt(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return def;
    }
}
