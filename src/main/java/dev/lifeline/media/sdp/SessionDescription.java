package dev.lifeline.media.sdp;

import dev.lifeline.config.SrtpPolicy;
import dev.lifeline.dsp.Srtp;
import dev.lifeline.media.rtp.Codec;
import dev.lifeline.media.rtp.OpusParams;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An SDP session description (RFC 4566) as the gateway uses it: an origin, a session- or
 * media-level connection address and one audio stream (other m= sections are kept so an
 * answer can reject them in place, as RFC 3264 §6 requires). Immutable; {@link #parse} reads
 * one, {@link #offer} builds ours, {@link #negotiate} answers one, {@link #toString} renders
 * it with CRLF line ends.
 */
public final class SessionDescription {
    /** The address a holding party (RFC 2543 style) puts in c=. */
    public static final String HOLD_ADDRESS = "0.0.0.0";

    private final String originUser;
    private final long sessionId;
    private final long sessionVersion;
    private final String originAddress;
    private final String sessionName;
    private final String connection;
    private final String timing;
    private final MediaDirection direction;
    private final List<String> extraLines;
    private final List<String> attributes;
    private final List<MediaDescription> media;

    SessionDescription(String originUser, long sessionId, long sessionVersion, String originAddress, String sessionName,
            String connection, String timing, MediaDirection direction, List<String> extraLines, List<String> attributes,
            List<MediaDescription> media) {
        this.originUser = originUser;
        this.sessionId = sessionId;
        this.sessionVersion = sessionVersion;
        this.originAddress = originAddress;
        this.sessionName = sessionName;
        this.connection = connection;
        this.timing = timing;
        this.direction = direction;
        this.extraLines = List.copyOf(extraLines);
        this.attributes = List.copyOf(attributes);
        this.media = List.copyOf(media);
    }

    /** @throws SdpException with the line number and reason when the text is not usable SDP with audio */
    public static SessionDescription parse(String text) throws SdpException { return SdpParser.parse(text); }

    /** The telephone-event payload type we offer at 48000 (with Opus) when {@code dtmfPt} is ours at 8000. */
    public static int wideDtmfPt(int dtmfPt) { return dtmfPt + 1; }

    /**
     * Our fmtp for Opus (RFC 7587 §6.1), what we want to receive: we decode at 16 kHz and feed
     * a phone line, so anything above wideband is wasted bits ({@code maxplaybackrate=16000});
     * we use in-band FEC when a packet is lost ({@code useinbandfec=1}).
     */
    public static final String OPUS_FMTP = "maxplaybackrate=16000;sprop-maxcapturerate=16000;useinbandfec=1";

    /**
     * Our offer: one audio stream with {@code codecs} in preference order, telephone-event on
     * {@code dtmfPt} (-1 for none) at 8000 and, when Opus is offered, on {@link #wideDtmfPt} at
     * 48000, ptime 20 and the given direction.
     */
    public static SessionDescription offer(String localIp, int port, List<Codec> codecs, int dtmfPt, MediaDirection dir,
            long sessionId, long version) {
        return offer(localIp, port, codecs, dtmfPt, dir, sessionId, version, null);
    }

    /** As above, with SDES: {@code sdes}'s profile and a=crypto lines (null: plain RTP/AVP). */
    public static SessionDescription offer(String localIp, int port, List<Codec> codecs, int dtmfPt, MediaDirection dir,
            long sessionId, long version, SdesOffer sdes) {
        return offer(localIp, port, codecs, dtmfPt, dir, sessionId, version, sdes, false);
    }

    /**
     * As above; with {@code red}, also RFC 2198 redundancy ({@link RedSdp#OFFER_PT}) for the first
     * G.711 codec of the list, listed after the codecs so a peer that does not know it picks a
     * codec as before.
     */
    public static SessionDescription offer(String localIp, int port, List<Codec> codecs, int dtmfPt, MediaDirection dir,
            long sessionId, long version, SdesOffer sdes, boolean red) {
        if (codecs.isEmpty()) throw new IllegalArgumentException("an offer needs at least one codec");
        List<String> formats = new ArrayList<>();
        Map<Integer, String> rtpmaps = new LinkedHashMap<>();
        Map<Integer, String> fmtps = new LinkedHashMap<>();
        for (Codec c : codecs) {
            formats.add(String.valueOf(c.payloadType()));
            rtpmaps.put(c.payloadType(), c.rtpmap());
            if (c == Codec.OPUS) fmtps.put(c.payloadType(), OPUS_FMTP);
        }
        Codec g711 = codecs.stream().filter(c -> c == Codec.PCMU || c == Codec.PCMA).findFirst().orElse(null);
        if (red && g711 != null) {
            formats.add(String.valueOf(RedSdp.OFFER_PT));
            rtpmaps.put(RedSdp.OFFER_PT, RedSdp.RTPMAP);
            fmtps.put(RedSdp.OFFER_PT, RedSdp.fmtp(g711.payloadType()));
        }
        if (dtmfPt >= 0) {
            if (dtmfPt < 96 || dtmfPt > 126) throw new IllegalArgumentException("telephone-event payload type must be 96..126, got " + dtmfPt);
            if (codecs.stream().anyMatch(c -> c.rtpClock() == 8000)) {
                formats.add(String.valueOf(dtmfPt));
                rtpmaps.put(dtmfPt, "telephone-event/8000");
                fmtps.put(dtmfPt, "0-16");
            }
            if (codecs.contains(Codec.OPUS)) {
                int wide = wideDtmfPt(dtmfPt);
                formats.add(String.valueOf(wide));
                rtpmaps.put(wide, "telephone-event/48000");
                fmtps.put(wide, "0-16");
            }
        }
        List<String> crypto = sdes == null ? List.of() : sdes.lines().stream().map(CryptoAttribute::toSdp).toList();
        String profile = sdes == null ? "RTP/AVP" : sdes.profile();
        var audio = new MediaDescription("audio", port, profile, formats, null, rtpmaps, fmtps, 20, dir, crypto);
        return new SessionDescription("lifeline", sessionId, version, localIp, "Lifeline", localIp, "0 0", null,
                List.of(), List.of(), List.of(audio));
    }

    /**
     * Answers {@code remote} (an offer, or the answer to our offer: the rule is the same):
     * the first remote codec we support wins, the remote's telephone-event payload type is
     * kept, and our direction mirrors theirs (their sendonly is our recvonly). Empty when the
     * audio stream is rejected (port 0) or no codec is shared: answer 488.
     */
    public static Optional<Answer> negotiate(SessionDescription remote, List<Codec> supported) {
        return negotiate(remote, supported, MediaDirection.SENDRECV);
    }

    /** As {@link #negotiate(SessionDescription, List)}, also limited by what we want ({@code local}, e.g. SENDONLY when we hold). */
    public static Optional<Answer> negotiate(SessionDescription remote, List<Codec> supported, MediaDirection local) {
        return negotiate(remote, supported, local, SrtpPolicy.OFF, Sdes::newKey);
    }

    /**
     * Answers an offer under an SRTP policy (RFC 4568 §7.1.2): the first of the offer's a=crypto
     * lines we can use ({@link Sdes#usable}) is taken, answered with the same tag and suite and
     * our key from {@code localKeys} (fresh per leg; the leg reuses it for re-offers).
     * <ul>
     * <li>RTP/SAVP(F) offer: SRTP with a usable line, else refused; refused outright with OFF.</li>
     * <li>RTP/AVP(F) offer with a usable a=crypto (best-effort SDES): SRTP unless OFF, which
     *     answers plain RTP without a=crypto.</li>
     * <li>RTP/AVP(F) offer without: plain RTP, refused with MANDATORY.</li>
     * </ul>
     * Empty means answer 488. Not for answers to our own offers: see {@link SdesOffer#accept}.
     */
    public static Optional<Answer> negotiate(SessionDescription remote, List<Codec> supported, MediaDirection local,
            SrtpPolicy policy, Function<Srtp.Suite, byte[]> localKeys) {
        MediaDescription audio = remote.audio();
        if (audio.port() == 0 || !isRtpProfile(audio.protocol())) return Optional.empty();
        boolean secure = isSecureProfile(audio.protocol());
        Sdes sdes = null;
        if (policy != SrtpPolicy.OFF) {
            for (CryptoAttribute c : audio.cryptos()) {
                Optional<Srtp.Suite> suite = Sdes.usable(c);
                if (suite.isEmpty()) continue;
                byte[] ours = localKeys.apply(suite.get());
                sdes = new Sdes(c.tag(), suite.get(), ours, c.keySalt());
                break;
            }
        }
        if (secure && sdes == null) return Optional.empty();        // SAVP needs keys: answering it as plain RTP would be wrong
        if (policy == SrtpPolicy.MANDATORY && sdes == null) return Optional.empty();
        Optional<Answer> a = negotiateCodec(remote, supported, local);
        Sdes agreed = sdes;
        return a.map(x -> x.withSdes(agreed));
    }

    /** RTP/AVP, RTP/AVPF, RTP/SAVP, RTP/SAVPF (not DTLS-SRTP's UDP/TLS/RTP/SAVP: no DTLS here). */
    static boolean isRtpProfile(String proto) {
        return proto.equals("RTP/AVP") || proto.equals("RTP/AVPF") || isSecureProfile(proto);
    }

    /** RTP/SAVP or RTP/SAVPF: SRTP is required by the profile itself. */
    public static boolean isSecureProfile(String proto) { return proto.equals("RTP/SAVP") || proto.equals("RTP/SAVPF"); }

    /**
     * The codec part of offer/answer, for an answer to our own offer too (its SRTP part is
     * {@link SdesOffer#accept}): empty when the audio stream is rejected or shares no codec.
     */
    public static Optional<Answer> negotiateCodec(SessionDescription remote, List<Codec> supported, MediaDirection local) {
        MediaDescription audio = remote.audio();
        if (audio.port() == 0 || !isRtpProfile(audio.protocol())) return Optional.empty();
        for (int pt : audio.payloadTypes()) {
            Optional<Codec> codec = codecOf(audio, pt).filter(supported::contains);
            if (codec.isEmpty()) continue;
            Codec c = codec.get();
            MediaDirection dir = remote.audioDirection().mirror().and(local);
            String addr = remote.audioConnection();
            InetSocketAddress rtp = addr == null || addr.equals(HOLD_ADDRESS) || addr.equals("::") ? null
                    : new InetSocketAddress(addr, audio.port());
            int ptime = audio.ptime() > 0 ? audio.ptime() : 20;
            return Optional.of(new Answer(c, pt, audio.telephoneEventPt(c.rtpClock()), dir, rtp, ptime, remote, null,
                    c == Codec.OPUS ? opusParams(audio, pt) : null));
        }
        return Optional.empty();
    }

    /**
     * What codec a payload type of {@code audio} is: by rtpmap name and clock (G.722's is 8000,
     * Opus's 48000 with 2 channels); a static codec only on its own payload type, Opus on any
     * dynamic one (RFC 7587 has no static type).
     */
    public static Optional<Codec> codecOf(MediaDescription audio, int pt) {
        String name = audio.encodingName(pt);
        if (name == null) return Optional.empty();
        return Codec.forEncodingName(name).filter(c -> audio.clockRate(pt) == c.rtpClock())
                .filter(c -> c.staticPayloadType() ? c.payloadType() == pt : pt >= 96 && pt <= 127);
    }

    /** The peer's wishes for what we send it in Opus: its useinbandfec and maxplaybackrate (RFC 7587 §6.1). */
    static OpusParams opusParams(MediaDescription audio, int pt) {
        String fec = audio.fmtpParameter(pt, "useinbandfec");
        String max = audio.fmtpParameter(pt, "maxplaybackrate");
        int rate = 0;
        try {
            if (max != null) rate = Integer.parseInt(max);
        } catch (NumberFormatException ignored) {
            // unusable: as if not said
        }
        return OpusParams.DEFAULT.forPeer(fec == null ? null : !"0".equals(fec), Math.max(0, rate));
    }

    /** The first audio stream (parse guarantees there is one). */
    public MediaDescription audio() {
        return media.stream().filter(m -> m.type().equals("audio")).findFirst().orElseThrow();
    }

    /** The address to send audio to: the media-level c= if present, else the session-level one (null if neither). */
    public String audioConnection() {
        String c = audio().connection();
        return c != null ? c : connection;
    }

    /**
     * The direction of the audio stream as its writer means it: the media-level attribute, else
     * the session-level one, else sendrecv. An old-style hold (c=0.0.0.0, RFC 2543) means the
     * writer will not receive: sendrecv/recvonly become inactive, sendonly stays.
     */
    public MediaDirection audioDirection() {
        MediaDirection d = audio().direction() != null ? audio().direction() : direction != null ? direction : MediaDirection.SENDRECV;
        if (HOLD_ADDRESS.equals(audioConnection()) && d != MediaDirection.SENDONLY) return MediaDirection.INACTIVE;
        return d;
    }

    /** True when the writer puts the call on hold (it will not receive audio). */
    public boolean isHold() { return !audioDirection().receives(); }

    public String originUser() { return originUser; }
    public long sessionId() { return sessionId; }
    public long sessionVersion() { return sessionVersion; }
    public String originAddress() { return originAddress; }
    public String sessionName() { return sessionName; }
    /** Session-level c= address, or null. */
    public String connection() { return connection; }
    /** Session-level direction attribute, or null. */
    public MediaDirection direction() { return direction; }
    public List<String> attributes() { return attributes; }
    public List<MediaDescription> media() { return media; }

    /** A copy with another version (bump it for every re-offer, RFC 3264 §8). */
    public SessionDescription withVersion(long version) {
        return new SessionDescription(originUser, sessionId, version, originAddress, sessionName, connection, timing,
                direction, extraLines, attributes, media);
    }

    /** The SDP text, CRLF line ends. With SDES it holds SRTP keys: it is a message body, never log it. */
    @Override
    public String toString() { return SdpWriter.write(this, originUser, timing, extraLines); }

    @Override
    public boolean equals(Object o) { return o instanceof SessionDescription s && s.toString().equals(toString()); }

    @Override
    public int hashCode() { return toString().hashCode(); }
}
