package dev.lifeline.call;

import java.util.HashMap;
import java.util.Map;

/**
 * When each extension's last answered call ended, for the {@code longest-idle} hunt strategy.
 * Kept in memory only: after a restart every extension counts as idle since ever, which only
 * changes who is offered the next call first. Engine thread.
 */
final class IdleTimes {
    private final Map<String, Long> lastEnd = new HashMap<>();

    void ended(String extension, long now) {
        if (extension != null) lastEnd.put(extension, now);
    }

    /** When the extension's last answered call ended; {@link Long#MIN_VALUE} if it had none since start. */
    long lastEnd(String extension) { return lastEnd.getOrDefault(extension, Long.MIN_VALUE); }
}
