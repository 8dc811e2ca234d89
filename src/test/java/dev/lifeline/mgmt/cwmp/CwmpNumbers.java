package dev.lifeline.mgmt.cwmp;

import static dev.lifeline.mgmt.cwmp.CwmpRig.VS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.w3c.dom.Element;

/**
 * The numbers of issue #12 for the agent, measured in one JVM against the reference ACS on
 * loopback (not a test; part n of scripts/bench, {@code ./scripts/bench --cwmp-only}): Inform →
 * answer of the first RPC, a SetParameterValues of 50 parameters → applied, and the heap the
 * agent adds. Prints readable lines, then one JSON line for the bench.
 *
 * <pre>  java -cp TEST_CLASSPATH dev.lifeline.mgmt.cwmp.CwmpNumbers [rounds]</pre>
 */
public final class CwmpNumbers {
    private CwmpNumbers() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long[] without;
        try (dev.lifeline.it.TestGateway plain = dev.lifeline.it.TestGateway.demo()) {
            Thread.sleep(2_000);
            without = heapAndThreads();
        }
        try (CwmpRig rig = new CwmpRig()) {
            rig.acs.awaitInform(Duration.ofSeconds(10));
            List<Double> first = new ArrayList<>();
            List<Double> set50 = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                CompletableFuture<Element> gpv = rig.acs.queue(CwmpRig.gpv("Device.DeviceInfo.UpTime"));
                CompletableFuture<Element> spv = rig.acs.queue(CwmpRig.spv("bench-" + i, fifty(i)));
                rig.clock.advance(ConnectionRequestServer.MIN_ACCEPT_GAP_MS);
                if (rig.connectionRequest() != 200) throw new IllegalStateException("connection request refused");
                gpv.get(10, TimeUnit.SECONDS);
                first.add(rig.acs.informToFirstAnswerMs());
                Element r = spv.get(30, TimeUnit.SECONDS);
                if (!r.getLocalName().equals("SetParameterValuesResponse")) throw new IllegalStateException(r.getTextContent());
                set50.add(rig.acs.lastRoundTripMs());
            }
            System.out.printf(Locale.ROOT, "Inform -> first RPC answered: median %.1f ms, max %.1f ms (%d sessions)%n",
                    median(first), max(first), rounds);
            System.out.printf(Locale.ROOT, "SetParameterValues of 50 parameters -> applied and answered: median %.1f ms, max %.1f ms%n",
                    median(set50), max(set50));
            System.out.printf(Locale.ROOT, "config version now %d%n", rig.gateway.configVersion());
            Thread.sleep(2_000);
            long[] with = heapAndThreads();
            System.out.printf(Locale.ROOT, "heap after GC: %.1f MB without tr069, %.1f MB with the agent after %d sessions "
                    + "(+%.1f MB); threads %d -> %d%n", without[0] / 1e6, with[0] / 1e6, rounds, (with[0] - without[0]) / 1e6,
                    without[1], with[1]);
            System.out.printf(Locale.ROOT, "{\"sessions\":%d,\"inform_to_first_rpc_ms\":{\"median\":%.1f,\"max\":%.1f},"
                    + "\"set_50_parameters_ms\":{\"median\":%.1f,\"max\":%.1f},\"heap_added_mb\":%.1f,"
                    + "\"threads_added\":%d}%n", rounds, median(first), max(first), median(set50), max(set50),
                    (with[0] - without[0]) / 1e6, with[1] - without[1]);
        }
        System.exit(0); // the in-process gateways leave non-daemon threads (Pi4J, JAIN-SIP) behind
    }

    /** 50 parameters: 24 that change (extensions, passwords, auth user names) and 26 that keep their value. */
    private static String[] fifty(int round) {
        List<String> p = new ArrayList<>();
        for (int i = 1; i <= 4; i++) add(p, VS + "CallControl.Line." + i + ".DirectoryNumber", "xsd:string", (round % 2 == 0 ? "650" : "600") + (i - 1));
        for (int i = 1; i <= 10; i++) add(p, VS + "SIP.Registrar.1.Account." + i + ".AuthPassword", "xsd:string", "pw-" + round + "-" + i);
        for (int i = 1; i <= 10; i++) add(p, VS + "SIP.Registrar.1.Account." + i + ".AuthUserName", "xsd:string", "u" + round + "-" + i);
        for (int i = 1; i <= 10; i++) add(p, VS + "SIP.Registrar.1.Account." + i + ".Enable", "xsd:string", "Enable");
        for (int i = 1; i <= 4; i++) add(p, VS + "POTS.FXS." + i + ".Enable", "xsd:boolean", "true");
        for (int i = 1; i <= 4; i++) add(p, VS + "CallControl.Line." + i + ".Enable", "xsd:boolean", "true");
        for (int i = 1; i <= 4; i++) add(p, VS + "CallControl.Line." + i + ".Provider", "xsd:string", VS + "POTS.FXS." + i);
        add(p, "Device.DeviceInfo.ProvisioningCode", "xsd:string", "bench");
        add(p, "Device.ManagementServer.PeriodicInformEnable", "xsd:boolean", "true");
        add(p, "Device.ManagementServer.PeriodicInformInterval", "xsd:unsignedInt", "3600");
        add(p, VS + "SIP.Registrar.1.Enable", "xsd:boolean", "true");
        if (p.size() != 150) throw new IllegalStateException("expected 50 parameters, got " + p.size() / 3);
        return p.toArray(String[]::new);
    }

    private static void add(List<String> p, String name, String type, String value) {
        p.add(name);
        p.add(type);
        p.add(value);
    }

    /** Heap in use after a full GC, and live threads. */
    private static long[] heapAndThreads() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime r = Runtime.getRuntime();
        return new long[] {r.totalMemory() - r.freeMemory(), Thread.activeCount()};
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static double max(List<Double> v) { return v.stream().mapToDouble(d -> d).max().orElse(0); }

}
