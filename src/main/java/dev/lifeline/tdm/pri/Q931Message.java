package dev.lifeline.tdm.pri;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One Q.931 message on a PRI: protocol discriminator 0x08, a two-octet call reference and the
 * elements in the order they are (to be) sent.
 *
 * @param callReference call reference value, 15 bits; 0 is the global call reference
 * @param toOriginator  the flag bit: set when the message goes to the side that allocated the
 *                      call reference (Q.931 §4.3), which is how two calls that happen to use the
 *                      same value from both ends are told apart
 * @param type          message type ({@link MessageType})
 * @param ies           elements in wire order
 */
public record Q931Message(int callReference, boolean toOriginator, int type, List<InformationElement> ies) {
    public static final int PROTOCOL_DISCRIMINATOR = 0x08;
    /** The largest layer-3 message a Q.921 I frame carries (N201). */
    public static final int MAX_LENGTH = 260;

    public Q931Message {
        ies = List.copyOf(ies);
    }

    public static Q931Message of(int callReference, boolean toOriginator, int type, InformationElement... ies) {
        List<InformationElement> list = new ArrayList<>();
        for (InformationElement ie : ies) if (ie != null) list.add(ie);
        return new Q931Message(callReference, toOriginator, type, list);
    }

    public boolean global() { return callReference == 0; }

    /** The first codeset 0 element with this identifier, or null. */
    public InformationElement ie(int id) {
        for (InformationElement e : ies) if (e.codeset() == 0 && e.id() == id) return e;
        return null;
    }

    public boolean has(int id) { return ie(id) != null; }

    /** Wire form; codeset 0 only (this stack never sends other codesets). */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(PROTOCOL_DISCRIMINATOR);
        out.write(2);
        out.write((toOriginator ? 0x80 : 0) | (callReference >> 8) & 0x7F);
        out.write(callReference & 0xFF);
        out.write(type & 0x7F);
        for (InformationElement e : ies) {
            if (e.singleOctet()) {
                out.write(e.id() | Math.max(0, e.octet(0)) & 0x0F);
            } else {
                out.write(e.id());
                out.write(e.length());
                out.writeBytes(e.content());
            }
        }
        return out.toByteArray();
    }

    @Override public String toString() {
        return MessageType.name(type) + " cr=" + callReference + (toOriginator ? "/to-orig" : "/from-orig") + " " + ies;
    }
}
