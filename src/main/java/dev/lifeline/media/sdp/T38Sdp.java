package dev.lifeline.media.sdp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * T.38 in SDP (RFC 3362's {@code image/t38} over {@code udptl}, attributes from T.38 Annex D):
 * the image stream a fax re-INVITE offers and answers. Kept apart from {@link SessionDescription},
 * whose model is one audio stream: a T.38 re-INVITE replaces the audio with an image stream
 * (port 0 for the audio, or no audio at all, both occur), and the gateway needs only the far end's
 * address and its few fax parameters from it.
 *
 * <p>Attribute names are compared without case: Annex D spells them {@code T38FaxMaxDatagram},
 * many gateways send {@code t38faxmaxdatagram}. Unknown T.38 attributes (fill-bit removal, MMR,
 * JBIG transcoding) are not understood and are therefore never answered, which refuses them.
 */
public final class T38Sdp {
    /** What we receive in one UDPTL datagram: room for a 3-deep redundancy of full-size ECM frames. */
    public static final int OUR_MAX_DATAGRAM = 400;
    /** spandsp's receive buffer for T.38 (bytes), what we announce as T38FaxMaxBuffer. */
    public static final int OUR_MAX_BUFFER = 2000;

    private T38Sdp() {}

    /** Error correction a side asks for (T38FaxUdpEC). */
    public enum ErrorCorrection {
        NONE("t38UDPNoEC"), REDUNDANCY("t38UDPRedundancy"), FEC("t38UDPFEC");

        private final String sdpName;
        ErrorCorrection(String sdpName) { this.sdpName = sdpName; }
        public String sdpName() { return sdpName; }

        static ErrorCorrection of(String v) {
            for (ErrorCorrection e : values()) if (e.sdpName.equalsIgnoreCase(v)) return e;
            return null;
        }
    }

    /**
     * One side's T.38 parameters.
     *
     * @param version T38FaxVersion (0..3)
     * @param maxBitRate T38MaxBitRate, bit/s
     * @param maxBuffer T38FaxMaxBuffer, bytes (0: not said)
     * @param maxDatagram T38FaxMaxDatagram, bytes of UDPTL payload this side receives (0: not said)
     * @param ec T38FaxUdpEC
     * @param transferredTcf T38FaxRateManagement is transferredTCF (false: localTCF)
     */
    public record Params(int version, int maxBitRate, int maxBuffer, int maxDatagram, ErrorCorrection ec, boolean transferredTcf) {
        /** What the gateway offers: version 0, the given rate, redundancy, transferred TCF (what UDP needs, Annex D). */
        public static Params ours(int maxBitRate, boolean redundancy) {
            return new Params(0, maxBitRate, OUR_MAX_BUFFER, OUR_MAX_DATAGRAM,
                    redundancy ? ErrorCorrection.REDUNDANCY : ErrorCorrection.NONE, true);
        }

        /**
         * Our answer to {@code offer} (T.38 Annex D.2.3): the lower version and rate, the offer's
         * rate management (it is the offerer's to choose), redundancy when the offer asks for any
         * error correction (we do not send FEC; redundancy is what every peer reads), none when it
         * asks for none; our own buffer and datagram sizes, which are what we receive.
         */
        public Params answer(Params offer) {
            ErrorCorrection e = offer.ec == ErrorCorrection.NONE || ec == ErrorCorrection.NONE ? ErrorCorrection.NONE
                    : ErrorCorrection.REDUNDANCY;
            return new Params(Math.min(version, offer.version), Math.min(maxBitRate, offer.maxBitRate), maxBuffer, maxDatagram,
                    e, offer.transferredTcf);
        }

        /** The fastest image rate of T38Options this allows (9,600 below 14,400). */
        public int optionsBitRate() { return maxBitRate >= 14400 ? 14400 : 9600; }

        /** The far end's datagram limit to send under: what it said, else 400 (a size every peer takes), never below 64. */
        public int sendLimit() { return maxDatagram <= 0 ? OUR_MAX_DATAGRAM : Math.max(64, Math.min(maxDatagram, 65507)); }
    }

    /** The far end's image stream: where to send UDPTL and its parameters. */
    /**
     * A far end's image stream; {@code media} are the values of all the offer's m= lines, in order,
     * and {@code index} the one that is this stream (an answer keeps every line, RFC 3264 §6).
     */
    public record Remote(InetSocketAddress udptl, Params params, List<String> media, int index) {
        public Remote(InetSocketAddress udptl, Params params) { this(udptl, params, List.of(), 0); }

        public Remote {
            media = List.copyOf(media);
        }
    }

    /** A whole SDP with one image/t38 stream on {@code port}. */
    public static String describe(String localIp, int port, Params p, long sessionId, long version) {
        return answer(localIp, port, p, sessionId, version, new Remote(null, p));
    }

    /**
     * Our answer to {@code offer}: its image stream accepted on {@code port}, every other m= line of
     * the offer kept in its place and rejected with port 0 (an audio line beside the image one, as
     * some gateways offer, must not simply vanish from the answer: RFC 3264 §6).
     */
    public static String answer(String localIp, int port, Params p, long sessionId, long version, Remote offer) {
        StringBuilder b = new StringBuilder();
        b.append("v=0\r\n");
        b.append("o=lifeline ").append(sessionId).append(' ').append(version).append(" IN IP4 ").append(localIp).append("\r\n");
        b.append("s=Lifeline\r\n");
        b.append("c=IN IP4 ").append(localIp).append("\r\n");
        b.append("t=0 0\r\n");
        for (int i = 0; i < offer.index(); i++) b.append(rejected(offer.media().get(i)));
        b.append("m=image ").append(port).append(" udptl t38\r\n");
        b.append("a=T38FaxVersion:").append(p.version).append("\r\n");
        b.append("a=T38MaxBitRate:").append(p.maxBitRate).append("\r\n");
        b.append("a=T38FaxRateManagement:").append(p.transferredTcf ? "transferredTCF" : "localTCF").append("\r\n");
        if (p.maxBuffer > 0) b.append("a=T38FaxMaxBuffer:").append(p.maxBuffer).append("\r\n");
        if (p.maxDatagram > 0) b.append("a=T38FaxMaxDatagram:").append(p.maxDatagram).append("\r\n");
        b.append("a=T38FaxUdpEC:").append(p.ec.sdpName()).append("\r\n");
        for (int i = offer.index() + 1; i < offer.media().size(); i++) b.append(rejected(offer.media().get(i)));
        return b.toString();
    }

    /** An offered m= line answered as rejected: same media, transport and first format, port 0. */
    private static String rejected(String mLine) {
        String[] f = mLine.strip().split(" +");
        String media = f.length > 0 ? f[0] : "audio", proto = f.length > 2 ? f[2] : "RTP/AVP", fmt = f.length > 3 ? f[3] : "0";
        return "m=" + media + " 0 " + proto + " " + fmt + "\r\n";
    }

    /** True when {@code sdp} has an image/t38 stream that is not rejected (port > 0): a T.38 offer or answer. */
    public static boolean hasT38(String sdp) { return sdp != null && parse(sdp).isPresent(); }

    /**
     * The first accepted {@code m=image <port> udptl t38} stream of {@code sdp} with its address
     * (media-level c=, else session-level) and attributes; absent values take Annex D's defaults
     * (version 0, 14,400 bit/s, transferredTCF, no EC when unsaid). Empty when there is none, when
     * its port is 0, or when the address or a number is unusable: a bad T.38 offer is answered 488
     * like any unusable offer.
     */
    public static Optional<Remote> parse(String sdp) {
        if (sdp == null) return Optional.empty();
        String sessionC = null, mediaC = null;
        boolean inImage = false, found = false, seenMedia = false;
        int port = 0, version = 0, rate = 14400, buffer = 0, datagram = 0;
        ErrorCorrection ec = ErrorCorrection.NONE;
        boolean tcf = true;
        List<String> media = new ArrayList<>();
        int index = 0;
        try {
            for (String raw : sdp.split("\r?\n")) {
                String line = raw.strip();
                if (line.length() < 2 || line.charAt(1) != '=') continue;
                char type = line.charAt(0);
                String v = line.substring(2);
                if (type == 'm') {
                    media.add(v);
                    seenMedia = true;
                    String[] f = v.split(" +");
                    inImage = !found && f.length >= 4 && f[0].equals("image") && f[2].equalsIgnoreCase("udptl")
                            && f[3].equalsIgnoreCase("t38"); // only the first image stream
                    if (inImage) {
                        found = true;
                        index = media.size() - 1;
                        port = Integer.parseInt(f[1]);
                    }
                } else if (type == 'c') {
                    String[] f = v.split(" +");
                    if (f.length < 3) return Optional.empty();
                    if (inImage) mediaC = f[2];
                    else if (!seenMedia) sessionC = f[2];
                } else if (type == 'a' && inImage) {
                    int colon = v.indexOf(':');
                    String name = (colon < 0 ? v : v.substring(0, colon)).toLowerCase(Locale.ROOT);
                    String val = colon < 0 ? "" : v.substring(colon + 1).strip();
                    switch (name) {
                        case "t38faxversion" -> version = Integer.parseInt(val);
                        case "t38maxbitrate" -> rate = Integer.parseInt(val);
                        case "t38faxmaxbuffer" -> buffer = Integer.parseInt(val);
                        case "t38faxmaxdatagram" -> datagram = Integer.parseInt(val);
                        case "t38faxratemanagement" -> tcf = !val.equalsIgnoreCase("localTCF");
                        case "t38faxudpec" -> {
                            ErrorCorrection e = ErrorCorrection.of(val);
                            if (e != null) ec = e;
                        }
                        default -> { }
                    }
                }
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!found || port <= 0 || port > 65535 || version < 0 || version > 3 || rate < 2400 || buffer < 0 || datagram < 0) {
            return Optional.empty();
        }
        String addr = mediaC != null ? mediaC : sessionC;
        if (addr == null || addr.equals(SessionDescription.HOLD_ADDRESS)) return Optional.empty();
        InetSocketAddress to = new InetSocketAddress(addr, port);
        if (to.isUnresolved()) return Optional.empty();
        return Optional.of(new Remote(to, new Params(version, rate, buffer, datagram, ec, tcf), media, index));
    }
}
