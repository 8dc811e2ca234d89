package dev.lifeline.dsp;

/** The natives' answer to an IFP from the network: refusals are counted results, other failures are bugs. */
final class Ifp {
    private Ifp() {}

    static boolean taken(int rc, String what) {
        if (rc == -Native.EPROTO || rc == -Native.EMSGSIZE) return false;
        Native.check(rc, what);
        return true;
    }
}
