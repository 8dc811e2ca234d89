package dev.lifeline.rig.phone;

/** Lets other rig programs parse durations the way {@code test-rigs/phone} does ("500ms", "10s", "2m"). */
public final class PhoneMainAccess {
    private PhoneMainAccess() {}

    public static long durationMs(String text) { return PhoneMain.duration(text).toMillis(); }
}
