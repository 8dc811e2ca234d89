package dev.lifeline.rig.co;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code test-rigs/co}: the virtual central office on the command line. Plugs into a running
 * gateway's FXO ports, keeps the given subscribers, prints every event as it happens; subscribers
 * can answer by themselves, speak a tone, and one can call the gateway.
 */
public final class CoMain {
    static final String USAGE = """
            usage: test-rigs/co [--gateway 127.0.0.1:7100] --lines fxo1[=5550100],fxo2[=NUMBER]
                   [--subscriber 5551234[:Name]]... [--zone us] [--answer] [--tone HZ]
                   [--call SUBSCRIBER:LINE-NUMBER] [--hangup-after 10s]
            """;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private CoMain() {}

    public static void main(String[] args) throws Exception {
        String gateway = "127.0.0.1:7100", zone = "us", call = null;
        List<String> lines = new ArrayList<>(), subs = new ArrayList<>();
        boolean answer = false;
        Double tone = null;
        Long hangupMs = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--gateway" -> gateway = args[++i];
                    case "--lines" -> lines.addAll(List.of(args[++i].split(",")));
                    case "--subscriber" -> subs.add(args[++i]);
                    case "--zone" -> zone = args[++i];
                    case "--answer" -> answer = true;
                    case "--tone" -> tone = Double.parseDouble(args[++i]);
                    case "--call" -> call = args[++i];
                    case "--hangup-after" -> hangupMs = dev.lifeline.rig.phone.PhoneMainAccess.durationMs(args[++i]);
                    default -> throw new IllegalArgumentException("unexpected argument: " + a);
                }
            }
            if (lines.isEmpty()) throw new IllegalArgumentException("--lines is required");
        } catch (RuntimeException e) {
            System.err.println((e.getMessage() == null ? "" : e.getMessage() + "\n") + USAGE);
            System.exit(2);
            return;
        }
        int colon = gateway.lastIndexOf(':');
        String host = gateway.substring(0, colon);
        int port = Integer.parseInt(gateway.substring(colon + 1));
        try (CentralOffice co = new CentralOffice(zone)) {
            co.onEvent(s -> System.out.println(LocalTime.now().format(TIME) + " " + s));
            for (String s : subs) {
                String[] p = s.split(":", 2);
                co.addSubscriber(p[0], p.length > 1 ? p[1] : null);
            }
            for (String l : lines) {
                String[] p = l.split("=", 2);
                try {
                    co.plug(host, port, p[0], p.length > 1 ? p[1] : null);
                } catch (java.io.IOException e) {
                    System.err.println("co: " + e.getMessage());
                    System.exit(1);
                }
            }
            Subscriber caller = null;
            if (call != null) {
                String[] p = call.split(":", 2);
                caller = co.subscriber(p[0]);
                if (caller == null || p.length < 2) {
                    System.err.println("co: --call needs SUBSCRIBER:LINE-NUMBER of a --subscriber");
                    System.exit(2);
                }
                caller.call(p[1]);
                if (tone != null) caller.say(tone, -10);
            }
            long end = hangupMs == null ? Long.MAX_VALUE : System.currentTimeMillis() + hangupMs;
            while (System.currentTimeMillis() < end) {
                if (answer) {
                    for (String s : subs) {
                        Subscriber sub = co.subscriber(s.split(":", 2)[0]);
                        if (sub.isRinging()) {
                            sub.answer();
                            if (tone != null) sub.say(tone, -10);
                        }
                    }
                }
                Thread.sleep(100);
            }
            for (String s : subs) {
                Subscriber sub = co.subscriber(s.split(":", 2)[0]);
                if (sub.isOffHook()) sub.hangUp();
            }
            Thread.sleep(200);
        }
    }
}
