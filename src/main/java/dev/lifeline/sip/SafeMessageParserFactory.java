package dev.lifeline.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Set;
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

    private static final Set<String> SINGLE = Set.of("call-id", "i", "from", "f", "to", "t", "cseq", "max-forwards",
            "content-length", "l", "content-type", "c");

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

    /** Whether the header section repeats a single-value header (counting compact forms). */
    static boolean repeatsSingleHeader(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) end = text.indexOf("\n\n");
        String head = end < 0 ? text : text.substring(0, end);
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        String[] lines = head.split("\r?\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') continue; // folded
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (!SINGLE.contains(name)) continue;
            String canon = switch (name) {
                case "i" -> "call-id";
                case "f" -> "from";
                case "t" -> "to";
                case "l" -> "content-length";
                case "c" -> "content-type";
                default -> name;
            };
            if (seen.merge(canon, 1, Integer::sum) > 1) return true;
        }
        return false;
    }
}
