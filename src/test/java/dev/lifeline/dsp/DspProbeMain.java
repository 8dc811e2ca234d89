package dev.lifeline.dsp;

/** Run in a child JVM by {@link DspLoaderTest}: prints what Dsp says and how the classes refuse. */
public final class DspProbeMain {
    public static void main(String[] args) {
        System.out.println("available=" + Dsp.isAvailable());
        System.out.println("cause=" + Dsp.unavailabilityCause());
        probe("ToneGenerator", () -> new ToneGenerator(ToneSpec.steady("t", -13, 440)));
        probe("DtmfDetector", DtmfDetector::new);
        probe("DtmfGenerator", DtmfGenerator::new);
        probe("CallerIdDecoder", () -> new CallerIdDecoder(CallerIdStandard.V23));
    }

    private static void probe(String what, Runnable r) {
        try {
            r.run();
            System.out.println(what + ": created");
        } catch (RuntimeException e) {
            System.out.println(what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
