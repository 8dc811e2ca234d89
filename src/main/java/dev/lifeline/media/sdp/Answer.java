package dev.lifeline.media.sdp;

import dev.lifeline.media.rtp.Codec;
import dev.lifeline.media.rtp.OpusParams;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of offer/answer for our audio stream: what to configure on the RTP session
 * ({@code codec}, {@code telephoneEventPt}, {@code direction}, {@code remoteRtp}) and how to
 * render our answer SDP.
 *
 * @param payloadType      the payload type the codec was agreed on (Opus's is dynamic: the offerer's)
 * @param telephoneEventPt the remote's RFC 4733 payload type at the codec's clock rate, -1 when it offered none
 * @param direction        our direction (the mirror of the remote's, limited by our wish)
 * @param remoteRtp        where to send RTP, or null when the remote is on hold with c=0.0.0.0
 * @param ptime            packet time the remote asked for (20 when it did not say)
 * @param remote           the description this answers
 * @param sdes             the SRTP keys agreed (RFC 4568), or null for plain RTP
 * @param opus             for Opus, how to encode for this peer (its fmtp applied); null otherwise
 * @param redPt            the RFC 2198 {@code red/8000} payload type agreed for the codec ({@link RedSdp}), -1 for none
 */
public record Answer(Codec codec, int payloadType, int telephoneEventPt, MediaDirection direction, InetSocketAddress remoteRtp,
        int ptime, SessionDescription remote, Sdes sdes, OpusParams opus, int redPt) {

    public Answer(Codec codec, int payloadType, int telephoneEventPt, MediaDirection direction, InetSocketAddress remoteRtp,
                  int ptime, SessionDescription remote, Sdes sdes, OpusParams opus) {
        this(codec, payloadType, telephoneEventPt, direction, remoteRtp, ptime, remote, sdes, opus, -1);
    }

    /** The codec as SDP names it, e.g. {@code opus/48000/2}. */
    public String rtpmapName() { return codec.rtpmap(); }

    /** The same outcome with SRTP keys (null: plain RTP). */
    public Answer withSdes(Sdes keys) {
        return new Answer(codec, payloadType, telephoneEventPt, direction, remoteRtp, ptime, remote, keys, opus, redPt);
    }

    /** The same outcome with RED on payload type {@code pt} (-1: none). */
    public Answer withRed(int pt) {
        return new Answer(codec, payloadType, telephoneEventPt, direction, remoteRtp, ptime, remote, sdes, opus, pt);
    }

    /**
     * Our answer SDP: every remote m= section in its place, the audio one with our port, the
     * chosen codec and telephone-event, the other ones rejected with port 0 (RFC 3264 §6).
     * With SDES, the offer's profile and one a=crypto line: the chosen tag and suite, our key.
     */
    public SessionDescription toSdp(String localIp, int localPort, long sessionId, long version) {
        List<MediaDescription> media = new ArrayList<>();
        MediaDescription audio = remote.audio();
        for (MediaDescription m : remote.media()) {
            if (m != audio) {
                media.add(new MediaDescription(m.type(), 0, m.protocol(), m.formats().subList(0, 1), null, Map.of(), Map.of(),
                        0, null, List.of()));
                continue;
            }
            List<String> formats = new ArrayList<>();
            Map<Integer, String> rtpmaps = new LinkedHashMap<>();
            Map<Integer, String> fmtps = new LinkedHashMap<>();
            formats.add(String.valueOf(payloadType));
            rtpmaps.put(payloadType, codec.rtpmap());
            if (codec == Codec.OPUS) fmtps.put(payloadType, SessionDescription.OPUS_FMTP);
            if (redPt >= 0) {
                formats.add(String.valueOf(redPt));
                rtpmaps.put(redPt, RedSdp.RTPMAP);
                fmtps.put(redPt, RedSdp.fmtp(payloadType));
            }
            if (telephoneEventPt >= 0) {
                formats.add(String.valueOf(telephoneEventPt));
                rtpmaps.put(telephoneEventPt, "telephone-event/" + codec.rtpClock());
                fmtps.put(telephoneEventPt, audio.fmtps().getOrDefault(telephoneEventPt, "0-16"));
            }
            List<String> crypto = sdes == null ? List.of()
                    : List.of(CryptoAttribute.of(sdes.tag(), sdes.suite().name(), sdes.localKey()).toSdp());
            media.add(new MediaDescription("audio", localPort, audio.protocol(), formats, null, rtpmaps, fmtps, 20, direction,
                    crypto));
        }
        return new SessionDescription("lifeline", sessionId, version, localIp, "Lifeline", localIp, "0 0", null, List.of(),
                List.of(), media);
    }

    /** Without the remote description (its a=crypto holds the peer's key). */
    @Override
    public String toString() {
        return "Answer[" + codec + "/" + payloadType + (redPt >= 0 ? ", red=" + redPt : "") + ", te=" + telephoneEventPt + ", " + direction + ", " + remoteRtp + ", ptime=" + ptime
                + (sdes == null ? ", RTP" : ", " + sdes) + "]";
    }
}
