package dev.lifeline.tdm.pri;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a layer-3 octet string into a {@link Q931Message} without ever throwing: whatever the
 * peer (or a line hit) sends, the stack gets either a message plus a list of what was wrong
 * with it, or a reason to ignore it (Q.931 §5.8.1-§5.8.3.1). Sizes are bounded so a hostile
 * frame cannot make it allocate much.
 */
public final class Q931Codec {
    private Q931Codec() {}

    /** Elements kept per message; a real SETUP has about ten. */
    static final int MAX_IES = 32;

    /**
     * The outcome of decoding.
     *
     * @param message        null when the frame is to be ignored
     * @param ignoreReason   why it is ignored (for a debug log), null otherwise
     * @param unknownIes     codeset 0 identifiers not understood (cause 99, or 96 when comprehension required)
     * @param truncatedIe    identifier of an element cut short by the end of the message, -1 if none
     */
    public record Decoded(Q931Message message, String ignoreReason, List<Integer> unknownIes, int truncatedIe) {
        static Decoded ignore(String why) { return new Decoded(null, why, List.of(), -1); }

        public boolean ignored() { return message == null; }

        /** An unknown element the receiver was required to understand (treated as a missing mandatory one). */
        public boolean comprehensionRequiredUnknown() {
            for (int id : unknownIes) if (InformationElement.comprehensionRequired(id)) return true;
            return false;
        }
    }

    public static Decoded decode(byte[] b) {
        if (b == null || b.length < 3) return Decoded.ignore("message too short");
        if (b.length > Q931Message.MAX_LENGTH) return Decoded.ignore("message too long (" + b.length + ")");
        if ((b[0] & 0xFF) != Q931Message.PROTOCOL_DISCRIMINATOR) {
            return Decoded.ignore(String.format("protocol discriminator 0x%02X", b[0] & 0xFF));
        }
        int crLen = b[1] & 0xFF;
        if ((crLen & 0xF0) != 0) return Decoded.ignore("call reference length octet " + crLen);
        if (crLen != 1 && crLen != 2) return Decoded.ignore("call reference length " + crLen);
        if (b.length < 2 + crLen + 1) return Decoded.ignore("message too short");
        boolean flag = (b[2] & 0x80) != 0;
        int cr = b[2] & 0x7F;
        if (crLen == 2) cr = cr << 8 | b[3] & 0xFF;
        int i = 2 + crLen;
        int type = b[i++] & 0xFF;
        if ((type & 0x80) != 0) return Decoded.ignore(String.format("message type octet 0x%02X", type));

        List<InformationElement> ies = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        int truncated = -1;
        int locked = 0;
        int nextOnly = -1;
        while (i < b.length) {
            int o = b[i] & 0xFF;
            int codeset = nextOnly >= 0 ? nextOnly : locked;
            if ((o & 0xF0) == 0x90) { // shift
                i++;
                int target = o & 0x07;
                if ((o & 0x08) != 0) {
                    nextOnly = target;
                } else {
                    if (target > locked) locked = target; // §4.5.2: no locking shift to a lower codeset
                    nextOnly = -1;
                }
                continue;
            }
            nextOnly = -1;
            InformationElement ie;
            if ((o & 0x80) != 0) {
                i++;
                int id = (o & 0xF0) == 0xA0 ? o : o & 0xF0; // type 2 whole octet, type 1 high nibble
                ie = new InformationElement(codeset, id, (o & 0xF0) == 0xA0 ? new byte[0] : new byte[] {(byte) (o & 0x0F)});
            } else {
                if (i + 1 >= b.length) {
                    truncated = o;
                    break;
                }
                int len = b[i + 1] & 0xFF;
                if (i + 2 + len > b.length) {
                    truncated = o;
                    break;
                }
                byte[] content = new byte[len];
                System.arraycopy(b, i + 2, content, 0, len);
                i += 2 + len;
                ie = new InformationElement(codeset, o, content);
            }
            if (codeset == 0 && !InformationElement.recognized(ie.id())) {
                if (unknown.size() < MAX_IES) unknown.add(ie.id());
                continue;
            }
            if (ies.size() < MAX_IES) ies.add(ie);
        }
        return new Decoded(new Q931Message(cr, flag, type, ies), null, List.copyOf(unknown), truncated);
    }
}
