package dev.lifeline.sip.mwi;

import java.util.Optional;

/** Where message-waiting news goes: the analog lines, found by the user a NOTIFY addresses. */
public interface MwiTarget {
    /** The extension of the analog line {@code user} names (its extension or its HQ user), or empty. */
    Optional<String> lineFor(String user);

    /** Stores and shows the new state of {@code extension}'s mailbox; {@code from} says who told us (for the log). */
    void apply(String extension, MessageSummary summary, String from);
}
