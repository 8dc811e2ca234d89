package dev.lifeline.sip.mwi;

import java.util.Locale;

/**
 * An RFC 3842 {@code application/simple-message-summary} body, reduced to what an analog line
 * shows: whether messages wait, and the voice message counts (new/old; the urgent counts in
 * parentheses are part of those and are not kept). Other message classes (fax, pager, ...)
 * and extension headers are ignored, as RFC 3842 §5.2 allows.
 *
 * @param newMessages new voice messages, 0 when the body gives none
 * @param oldMessages old voice messages, 0 when the body gives none
 */
public record MessageSummary(boolean waiting, int newMessages, int oldMessages) {
    /** Counts beyond this are refused: no mailbox holds a billion messages, and ints must not overflow. */
    static final int MAX_DIGITS = 6;

    /** A body we cannot use. The message is a fixed phrase for the reason phrase; it never quotes the body. */
    public static final class Malformed extends Exception {
        Malformed(String reason) { super(reason, null, false, false); }
    }

    /**
     * Parses the body (CRLF or LF line ends).
     *
     * @throws Malformed when Messages-Waiting is missing, repeated or not yes/no, or a
     *         Voice-Message line is not {@code new/old} with an optional {@code (new/old)}
     */
    public static MessageSummary parse(String body) throws Malformed {
        if (body == null || body.isBlank()) throw new Malformed("empty message-summary");
        Boolean waiting = null;
        int newMsgs = 0, oldMsgs = 0;
        boolean voiceSeen = false;
        for (String raw : body.split("\r?\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty()) break; // the summary ends at the first blank line; extension headers follow
            int colon = line.indexOf(':');
            if (colon <= 0) throw new Malformed("message-summary line without a colon");
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "messages-waiting" -> {
                    if (waiting != null) throw new Malformed("Messages-Waiting repeated");
                    String v = value.toLowerCase(Locale.ROOT);
                    if (!v.equals("yes") && !v.equals("no")) throw new Malformed("Messages-Waiting must be yes or no");
                    waiting = v.equals("yes");
                }
                case "voice-message" -> {
                    if (voiceSeen) throw new Malformed("Voice-Message repeated");
                    voiceSeen = true;
                    int[] counts = counts(value);
                    newMsgs = counts[0];
                    oldMsgs = counts[1];
                }
                default -> { } // Message-Account, other message classes, extensions
            }
        }
        if (waiting == null) throw new Malformed("missing Messages-Waiting");
        return new MessageSummary(waiting, newMsgs, oldMsgs);
    }

    /** {@code new/old} optionally followed by {@code (urgent-new/urgent-old)}. */
    private static int[] counts(String value) throws Malformed {
        String main = value;
        int paren = value.indexOf('(');
        if (paren >= 0) {
            String urgent = value.substring(paren).strip();
            if (!urgent.endsWith(")")) throw new Malformed("bad Voice-Message counts");
            pair(urgent.substring(1, urgent.length() - 1));
            main = value.substring(0, paren);
        }
        return pair(main);
    }

    private static int[] pair(String s) throws Malformed {
        int slash = s.indexOf('/');
        if (slash < 0) throw new Malformed("bad Voice-Message counts");
        return new int[] {count(s.substring(0, slash).strip()), count(s.substring(slash + 1).strip())};
    }

    private static int count(String s) throws Malformed {
        if (s.isEmpty() || s.length() > MAX_DIGITS || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Malformed("bad Voice-Message counts");
        }
        return Integer.parseInt(s);
    }
}
