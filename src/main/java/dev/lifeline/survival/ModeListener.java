package dev.lifeline.survival;

/** Told of every mode change, after it happened, on the thread that made it (the engine). */
@FunctionalInterface
public interface ModeListener {
    void onModeChanged(Mode from, Mode to, String cause);
}
