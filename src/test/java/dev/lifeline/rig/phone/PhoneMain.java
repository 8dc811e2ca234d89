package dev.lifeline.rig.phone;

import dev.lifeline.dsp.CallerId;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code test-rigs/phone}: a virtual analog phone on the command line. Connects to a sim FXS
 * line, prints every line event, recognised tone, caller ID and DTMF digit as it happens;
 * optionally answers, dials, speaks a tone or WAV file and records what it hears.
 */
public final class PhoneMain {
    static final String USAGE = """
            usage: test-rigs/phone <port-id> [--host 127.0.0.1] [--port 7100] [--zone us]
                   [--answer] [--dial DIGITS] [--pulse] [--record out.wav]
                   [--play file.wav | --tone HZ] [--hangup-after 10s]
            """;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private PhoneMain() {}

    /** Parsed command line. */
    record Options(String portId, String host, int port, String zone, boolean answer, String dial, boolean pulse,
                   Path record, Path play, Double tone, Duration hangupAfter) {

        static Options parse(String[] args) {
            String portId = null, host = "127.0.0.1", zone = "us", dial = null;
            int port = 7100;
            boolean answer = false, pulse = false;
            Path record = null, play = null;
            Double tone = null;
            Duration hangup = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--host" -> host = value(args, ++i, a);
                    case "--port" -> port = Integer.parseInt(value(args, ++i, a));
                    case "--zone" -> zone = value(args, ++i, a);
                    case "--answer" -> answer = true;
                    case "--dial" -> dial = value(args, ++i, a);
                    case "--pulse" -> pulse = true;
                    case "--record" -> record = Path.of(value(args, ++i, a));
                    case "--play" -> play = Path.of(value(args, ++i, a));
                    case "--tone" -> tone = Double.parseDouble(value(args, ++i, a));
                    case "--hangup-after" -> hangup = duration(value(args, ++i, a));
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    default -> {
                        if (a.startsWith("-") || portId != null) throw new IllegalArgumentException("unexpected argument: " + a);
                        portId = a;
                    }
                }
            }
            if (portId == null) throw new IllegalArgumentException("missing port id (e.g. fxs2)");
            if (play != null && tone != null) throw new IllegalArgumentException("--play and --tone exclude each other");
            return new Options(portId, host, port, zone, answer, dial, pulse, record, play, tone, hangup);
        }

        private static String value(String[] args, int i, String opt) {
            if (i >= args.length) throw new IllegalArgumentException(opt + " needs a value");
            return args[i];
        }
    }

    /** "10s", "500ms", "2m" or a plain number of seconds. */
    static Duration duration(String s) {
        if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        if (s.endsWith("m")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) System.err.println("phone: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(o));
    }

    static int run(Options o) throws Exception {
        CountDownLatch lineLost = new CountDownLatch(1);
        PhoneListener printer = new PhoneListener() {
            @Override public void lineEvent(String event) { say(o.portId, "event: " + event); }
            @Override public void callerId(CallerId id) {
                say(o.portId, "caller ID: " + id.number() + (id.name() != null ? " \"" + id.name() + "\"" : "")
                        + (id.time() != null ? " " + id.time() : ""));
            }
            @Override public void dtmf(String digits) { say(o.portId, "DTMF heard: " + digits); }
            @Override public void closed(IOException cause) {
                if (cause != null) say(o.portId, "line lost: " + cause.getMessage());
                lineLost.countDown();
            }
        };
        VirtualPhone phone;
        try {
            phone = VirtualPhone.connect(o.host, o.port, o.portId, ZoneTones.forZone(o.zone), printer);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("phone: " + e.getMessage());
            return 1;
        }
        Thread onCtrlC = new Thread(phone::close, "phone-shutdown");   // completes a recording's WAV header
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        say(o.portId, "connected to " + o.host + ":" + o.port + ", tone zone " + phone.tones().name()
                + " (" + phone.tones().source() + ")");
        if (phone.callerIdUnavailableCause() != null) say(o.portId, phone.callerIdUnavailableCause());
        if (o.record != null) {
            phone.startRecording(o.record);
            say(o.portId, "recording to " + o.record);
        }
        Thread.ofVirtual().name("phone-tone-monitor").start(() -> monitorTones(phone, o.portId));
        if (o.answer) Thread.ofVirtual().name("phone-answer").start(() -> answerLoop(phone, o));
        if (o.dial != null) {
            phone.offHook();
            say(o.portId, "off hook");
            say(o.portId, phone.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3)) ? "dial tone heard" : "no dial tone within 3 s");
            if (o.pulse) phone.dialPulse(o.dial);
            else phone.dialDtmf(o.dial);
            say(o.portId, "dialled " + o.dial + (o.pulse ? " (pulse)" : " (DTMF)"));
            speak(phone, o);
        } else if (!o.answer) {
            speak(phone, o);
        }
        boolean lost = o.hangupAfter == null ? waitForever(lineLost) : lineLost.await(o.hangupAfter.toMillis(), TimeUnit.MILLISECONDS);
        if (!lost && phone.isOffHook()) {
            phone.onHook();
            say(o.portId, "hung up");
        }
        phone.close();
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
        if (o.record != null) say(o.portId, "recording written: " + o.record);
        return lost ? 1 : 0;
    }

    private static boolean waitForever(CountDownLatch l) throws InterruptedException {
        l.await();
        return true;
    }

    private static void speak(VirtualPhone phone, Options o) throws IOException {
        if (o.play != null) {
            phone.playWav(o.play);
            say(o.portId, "playing " + o.play);
        } else if (o.tone != null) {
            phone.playTone(o.tone, -10);
            say(o.portId, "playing " + o.tone + " Hz at -10 dBm0");
        }
    }

    private static void answerLoop(VirtualPhone phone, Options o) {
        try {
            while (phone.isConnected()) {
                if (phone.awaitRinging(Duration.ofMillis(200)) && !phone.isOffHook()) {
                    phone.offHook();
                    say(o.portId, "answered");
                    speak(phone, o);
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            // line closed
        }
    }

    private static void monitorTones(VirtualPhone phone, String portId) {
        ToneKind last = null;
        try {
            while (phone.isConnected()) {
                Thread.sleep(500);
                ToneKind now = phone.heardTone(Duration.ofSeconds(7));
                if (now != null && now != last) say(portId, "tone: " + now);
                if (now != null) last = now;
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    private static synchronized void say(String portId, String what) {
        System.out.println(LocalTime.now().format(TIME) + " " + portId + " " + what);
    }
}
