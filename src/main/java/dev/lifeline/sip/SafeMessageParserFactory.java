package dev.lifeline.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import org.tinylog.Logger;

/**
 * JAIN-SIP's message parser with two changes, installed through the stack property
 * {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}:
 *
 * <ul>
 *   <li>A parse error carries a fixed text. JAIN-SIP answers an unparseable UDP request with
 *       {@code 400 Bad Request (<exception message>)} (MessageChannel.createBadReqRes), and its
 *       lexer's messages contain the input and even {@code char[]} object text
 *       ({@code [C@26785864}): a reason phrase must never echo what the network sent.</li>
 *   <li>A request that repeats a header RFC 3261 allows once (Call-ID, From, To, CSeq,
 *       Max-Forwards, Content-Length, Content-Type) is marked ({@link #DUPLICATE_HEADERS}): the
 *       parser keeps one silently, and RFC 4475 §3.3.8/§3.3.9 want a 400;
 *       {@link RequestChecks} answers it.</li>
 * </ul>
 */
public final class SafeMessageParserFactory implements MessageParserFactory {
    /** The application data a request with a repeated single-value header carries. */
    public static final Object DUPLICATE_HEADERS = new Object() {
        @Override public String toString() { return "duplicate single-value header"; }
    };
    /** What a 400 for an unparseable message says between parentheses (JAIN-SIP adds them). */
    public static final String MALFORMED = "malformed message";

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        StringMsgParser inner = new StringMsgParser();
        return (bytes, readBody, strict, listener) -> parse(inner, bytes, readBody, strict, listener);
    }

    private static SIPMessage parse(StringMsgParser inner, byte[] bytes, boolean readBody, boolean strict,
                                    ParseExceptionListener listener) throws ParseException {
        SIPMessage m;
        try {
            m = inner.parseSIPMessage(bytes, readBody, strict, listener);
        } catch (ParseException e) {
            Logger.debug("sip: unparseable message ({} bytes)", bytes == null ? 0 : bytes.length);
            throw new ParseException(MALFORMED, e.getErrorOffset());
        } catch (RuntimeException e) {
            Logger.debug("sip: unparseable message ({} bytes): {}", bytes == null ? 0 : bytes.length, e.getClass().getSimpleName());
            throw new ParseException(MALFORMED, 0);
        }
        if (m != null && bytes != null && repeatsSingleHeader(bytes)) m.setApplicationData(DUPLICATE_HEADERS);
        return m;
    }

    /**
     * Whether the header section repeats a single-value header (counting compact forms). A byte
     * scan without allocation: it runs on every datagram in the receive threads, and a version
     * built on String.split and a map cost 16 % of their time in a REGISTER storm.
     */
    static boolean repeatsSingleHeader(byte[] bytes) {
        int seen = 0;
        int n = bytes.length;
        int i = nextLine(bytes, 0); // skip the start line
        while (i < n) {
            byte b = bytes[i];
            if (b == '\r' || b == '\n') break; // end of the header section
            int lineEnd = i;
            while (lineEnd < n && bytes[lineEnd] != '\n') lineEnd++;
            if (b != ' ' && b != '\t') {
                int colon = i;
                while (colon < lineEnd && bytes[colon] != ':') colon++;
                int nameEnd = colon;
                while (nameEnd > i && (bytes[nameEnd - 1] == ' ' || bytes[nameEnd - 1] == '\t')) nameEnd--;
                int bit = colon < lineEnd ? singleHeaderBit(bytes, i, nameEnd) : 0;
                if (bit != 0) {
                    if ((seen & bit) != 0) return true;
                    seen |= bit;
                }
            }
            i = lineEnd + 1;
        }
        return false;
    }

    private static int nextLine(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\n') i++;
        return i + 1;
    }

    private static final String[][] SINGLE_NAMES = {
        {"call-id", "i"}, {"from", "f"}, {"to", "t"}, {"cseq"}, {"max-forwards"}, {"content-length", "l"},
        {"content-type", "c"},
    };

    /** A bit per single-value header (long and compact form share it), 0 for any other name. */
    private static int singleHeaderBit(byte[] bytes, int from, int to) {
        int len = to - from;
        for (int h = 0; h < SINGLE_NAMES.length; h++) {
            for (String name : SINGLE_NAMES[h]) {
                if (name.length() == len && equalsIgnoreCase(bytes, from, name)) return 1 << h;
            }
        }
        return 0;
    }

    private static boolean equalsIgnoreCase(byte[] bytes, int from, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            int c = bytes[from + k];
            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if (c != lower.charAt(k)) return false;
        }
        return true;
    }
}
