package dev.lifeline.tdm.pri;

import java.util.ArrayList;
import java.util.List;

/**
 * A scripted far end for one stack: the test writes exactly the octets (or messages) the peer
 * sends, and reads back what the stack sent. Layer 2 is up as soon as the stack asks for it.
 */
final class RawPeer implements DataLink {
    final List<byte[]> sent = new ArrayList<>();
    DataLink.Listener stack;
    boolean up;
    boolean reachable = true;

    @Override public void establish(long now) {
        if (reachable && !up) {
            up = true;
            stack.onEstablished(now);
        }
    }
    @Override public void release(long now) { up = false; }
    @Override public void send(byte[] l3, long now) { if (up) sent.add(l3.clone()); }
    @Override public boolean isEstablished() { return up; }

    void inject(Q931Message m, long now) { stack.onData(m.encode(), now); }

    void inject(long now, int... octets) {
        byte[] b = new byte[octets.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) octets[i];
        stack.onData(b, now);
    }

    List<Q931Message> messages() {
        return sent.stream().map(b -> Q931Codec.decode(b).message()).toList();
    }

    Q931Message last() {
        List<Q931Message> all = messages();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    List<Q931Message> ofType(int type) { return messages().stream().filter(m -> m.type() == type).toList(); }

    void clear() { sent.clear(); }
}
