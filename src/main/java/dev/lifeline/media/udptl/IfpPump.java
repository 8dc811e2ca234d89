package dev.lifeline.media.udptl;

import dev.lifeline.dsp.IfpEndpoint;
import dev.lifeline.dsp.IfpPacket;
import java.io.IOException;

/**
 * Joins a T.38 endpoint (the line's {@code T38Gateway}, or a {@code T38Terminal}) to its UDPTL
 * session; {@link #exchange} runs once per 20 ms frame, after the endpoint has had its audio or
 * clock: the IFPs it made go out, the IFPs that arrived go in with their sequence numbers.
 */
public final class IfpPump {
    private final IfpEndpoint endpoint;
    private final UdptlSession session;
    private long refused, oversize;

    public IfpPump(IfpEndpoint endpoint, UdptlSession session) {
        this.endpoint = endpoint;
        this.session = session;
    }

    public void exchange() throws IOException {
        for (IfpPacket p; (p = endpoint.pollIfp()) != null; ) {
            if (!session.send(p.data(), Math.min(p.repeats(), UdptlSession.MAX_REPEATS))) oversize++;
        }
        session.receive((seq, ifp) -> {
            if (!endpoint.receiveIfp(ifp, 0, ifp.length, seq)) refused++;
        });
    }

    /** IFPs from the network the endpoint refused as malformed. */
    public long refused() { return refused; }

    /** IFPs the endpoint made that were too large for the far end's datagrams. */
    public long oversize() { return oversize; }
}
