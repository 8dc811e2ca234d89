package dev.lifeline.call;

import dev.lifeline.dsp.T38Gateway;
import dev.lifeline.dsp.T38Options;
import dev.lifeline.media.rtp.RtpPortPool;
import dev.lifeline.media.rtp.RtpSession;
import dev.lifeline.media.sdp.T38Sdp;
import dev.lifeline.media.udptl.IfpPump;
import dev.lifeline.media.udptl.UdptlSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.tinylog.Logger;

/**
 * A SIP leg's media while its call is a T.38 fax: the line's fax audio goes into spandsp's
 * {@link T38Gateway}, whose IFPs go over a {@link UdptlSession} to the far end, and the far end's
 * IFPs come back as audio for the line. It stands in for the leg's RTP for as long as the image
 * stream is agreed; the RTP session stays open (idle), so a re-INVITE back to audio resumes it.
 *
 * <p>The UDPTL socket takes a port of the gateway's RTP range (so a firewall opened for the media
 * range passes the fax too): it is named in our SDP, and closed and given back with this object
 * (at the end of the fax or of the call).
 */
final class T38Media implements AutoCloseable {
    private final String name;
    private final T38Gateway gateway;
    private final UdptlSession udptl;
    private final RtpPortPool.Reserved port;
    private final IfpPump pump;
    private final T38Sdp.Params local;
    /** The far end's offer when we answer one (our SDP keeps its other m= lines, rejected), else null. */
    private T38Sdp.Remote offer;
    private long frames;
    private boolean ioFailed;

    private T38Media(String name, T38Gateway gateway, UdptlSession udptl, RtpPortPool.Reserved port, T38Sdp.Params local) {
        this.name = name;
        this.gateway = gateway;
        this.udptl = udptl;
        this.port = port;
        this.pump = new IfpPump(gateway, udptl);
        this.local = local;
    }

    /**
     * Takes the far end's T.38 offer: our answer's parameters (the lower version and rate, its rate
     * management), the gateway under them, UDPTL toward its address with our redundancy (none when
     * it asked for none) cut to its max datagram.
     */
    static T38Media answering(String name, RtpSession rtp, FaxPolicy policy, T38Sdp.Remote offer) throws IOException {
        T38Sdp.Params ours = T38Sdp.Params.ours(policy.maxBitRate(), policy.redundancy() > 0).answer(offer.params());
        T38Media m = open(name, rtp, policy, ours, offer.params());
        m.udptl.peer(offer.udptl());
        m.offer = offer;
        return m;
    }

    /** Opens the image stream for our own offer; {@link #accept} applies the far end's answer. */
    static T38Media offering(String name, RtpSession rtp, FaxPolicy policy) throws IOException {
        return open(name, rtp, policy, T38Sdp.Params.ours(policy.maxBitRate(), policy.redundancy() > 0), null);
    }

    private static T38Media open(String name, RtpSession rtp, FaxPolicy policy, T38Sdp.Params ours, T38Sdp.Params far)
            throws IOException {
        boolean redundancy = ours.ec() != T38Sdp.ErrorCorrection.NONE;
        int depth = redundancy ? policy.redundancy() : 0;
        int limit = far == null ? T38Sdp.OUR_MAX_DATAGRAM : far.sendLimit();
        T38Gateway gw = new T38Gateway(new T38Options(ours.optionsBitRate(), policy.ecm(), ours.version()));
        RtpPortPool.Reserved port = null;
        try {
            port = rtp.reserveImagePort();
            UdptlSession s = new UdptlSession(name, port.channel(), depth, limit);
            Logger.info("{}: T.38 gateway on, {} bit/s, ECM {}, version {}", name, ours.optionsBitRate(), policy.ecm() ? "allowed" : "off",
                    ours.version());
            return new T38Media(name, gw, s, port, ours);
        } catch (IOException | RuntimeException e) {
            if (port != null) port.close();
            gw.close();
            throw e;
        }
    }

    /** Our SDP for the image stream. */
    String sdp(String localIp, long sessionId, long version) {
        int port = udptl.localAddress().getPort();
        return offer == null ? T38Sdp.describe(localIp, port, local, sessionId, version)
                : T38Sdp.answer(localIp, port, local, sessionId, version, offer);
    }

    /** The far end's answer to our offer: where to send. */
    void accept(T38Sdp.Remote answer) { udptl.peer(answer.udptl()); }

    /** One tick: the line's frame into the gateway, then the IFPs out and in. */
    void tick(short[] lineFrame) {
        gateway.received(lineFrame, 0, lineFrame.length);
        frames++;
        try {
            pump.exchange();
        } catch (IOException e) {
            if (!ioFailed) Logger.warn("{}: UDPTL: {}", name, e.toString());
            ioFailed = true;
        }
    }

    /** The line's next frame: the far end's fax, remodulated. */
    boolean read(short[] frame) {
        gateway.transmit(frame, 0, frame.length);
        return true;
    }

    InetSocketAddress localUdptl() { return udptl.localAddress(); }

    /** Pages the gateway passed so far. */
    int pages() { return gateway.status().pagesTransferred(); }

    @Override
    public void close() {
        T38Gateway.Status s = gateway.status();
        if (frames == 0) Logger.info("{}: T.38 offer dropped (refused, crossed, or the call ended first)", name);
        else Logger.info("{}: T.38 gateway off after {} s: {} pages at {} bit/s, ECM {}, {} IFPs refused, {} too large", name, frames / 50,
                s.pagesTransferred(), s.bitRate(), s.ecm(), pump.refused(), pump.oversize());
        try {
            udptl.close();
        } catch (IOException e) {
            Logger.debug("{}: UDPTL close: {}", name, e.toString());
        }
        port.close();
        gateway.close();
    }
}
