package dev.lifeline.survival;

/** Told when HQ becomes reachable or unreachable (before any hold-down: what the WAN LED shows). */
@FunctionalInterface
public interface WanListener {
    void onWanChanged(boolean up);
}
