package dev.lifeline.dsp;

import java.io.File;

/**
 * Loads liblifeline-dsp once and says why it could not, so a gateway without its native
 * library (wrong architecture, missing libspandsp, libsrtp2 or libopus) reports a precise cause instead of an
 * UnsatisfiedLinkError deep inside a call. Order: the absolute path in system property
 * {@value #LIBRARY_PROPERTY}, else {@code System.loadLibrary("lifeline-dsp")} on
 * {@code java.library.path}.
 */
public final class Dsp {
    /** System property naming the library file (absolute path). */
    public static final String LIBRARY_PROPERTY = "lifeline.dsp.library";
    static final String LIBRARY_NAME = "lifeline-dsp";
    static final int ABI_VERSION = 6;

    private static final String CAUSE;
    private static final Throwable ERROR;

    static {
        Throwable[] error = new Throwable[1];
        CAUSE = load(System.getProperty(LIBRARY_PROPERTY), error);
        ERROR = error[0];
    }

    /**
     * Loads the library from {@code path} (or by name when null/blank) and checks it answers;
     * returns null on success, else the cause (and stores the error in {@code error[0]}).
     * Package-private so tests can probe a missing file without disturbing the loaded library.
     */
    static String load(String path, Throwable[] error) {
        try {
            if (path != null && !path.isBlank()) {
                System.load(path);
            } else {
                System.loadLibrary(LIBRARY_NAME);
            }
            int abi = Native.abiVersion0();
            if (abi != ABI_VERSION) {
                return describe(path) + " has native ABI " + abi + " but this code expects " + ABI_VERSION
                        + " (stale build? rebuild native/)";
            }
            return null;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            error[0] = e;
            return explain(path, e);
        }
    }

    private Dsp() {}

    /** True when the native library is loaded and usable. */
    public static boolean isAvailable() { return CAUSE == null; }

    /** Why loading failed (which file, what went wrong), or null when available. */
    public static String unavailabilityCause() { return CAUSE; }

    /** Throws {@link DspUnavailableException} with the cause when not available. */
    public static void ensureAvailable() {
        if (CAUSE != null) throw new DspUnavailableException(CAUSE, ERROR);
    }

    /** Which file was tried, for messages. */
    static String describe(String path) {
        if (path != null && !path.isBlank()) return "native DSP library " + path + " (from -D" + LIBRARY_PROPERTY + ")";
        return "native DSP library " + System.mapLibraryName(LIBRARY_NAME) + " on java.library.path="
                + System.getProperty("java.library.path");
    }

    /** Turns a load failure into one sentence: the file, the reason, and what to do. Package-private for tests. */
    static String explain(String path, Throwable e) {
        String text = String.valueOf(e.getMessage());
        StringBuilder sb = new StringBuilder("cannot load ").append(describe(path)).append(": ");
        sb.append(text);
        if (path != null && !path.isBlank() && !new File(path).exists()) {
            sb.append(" (the file does not exist: build it with 'mvn compile' or fix -D").append(LIBRARY_PROPERTY).append(')');
        } else if (text.contains("libspandsp")) {
            sb.append(" (install libspandsp2: apt-get install libspandsp2)");
        } else if (text.contains("libsrtp2")) {
            sb.append(" (install libsrtp2-1: apt-get install libsrtp2-1)");
        } else if (text.contains("libopus")) {
            sb.append(" (install libopus0: apt-get install libopus0)");
        } else if (text.contains("wrong ELF class") || text.contains("ELF") && text.contains("machine")) {
            sb.append(" (library built for another architecture: cross-build native/ for this CPU)");
        } else if (text.contains("abiVersion0")) {
            sb.append(" (the file is not liblifeline-dsp or is stale: rebuild native/)");
        } else if (path == null || path.isBlank()) {
            sb.append(" (set -D").append(LIBRARY_PROPERTY).append("=/abs/path/liblifeline-dsp.so or add its directory to java.library.path)");
        }
        return sb.toString();
    }
}
