package dev.lifeline.sip.upstream;

import dev.lifeline.sip.SipHost;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * Sends SIP OPTIONS "pings" to HQ servers and reports whether each was answered. Any response
 * at all — 200, but also 403, 404, 483 or 503 — proves that the server (and the WAN towards
 * it) is alive; only silence is a failure. The prober does not decide <em>when</em> silence
 * is a miss: the caller (the WAN monitor, on its own clock) does, and then {@link
 * Probe#cancel cancels} the probe so the transaction stops retransmitting.
 *
 * <p>Responses and timeouts arrive through {@link SipHost}'s listener lists; the prober takes
 * only OPTIONS whose Call-ID it issued, so sessions and other listeners are undisturbed.
 * Thread-safe: probes can be sent from any thread; the listener is called on a SIP stack
 * thread (hand the result to the engine).
 */
public final class OptionsProber implements AutoCloseable {
    private static final String CALL_ID_PREFIX = "lifeline-probe-";

    private final SipHost host;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final SipHost.ResponseListener responseListener = (h, e) -> onResponse(e);
    private final SipHost.TimeoutListener timeoutListener = (h, e) -> onTimeout(e);

    /** What happened to one probe; exactly one of the methods is called, at most once. */
    public interface ProbeListener {
        /** The server answered with {@code status} after {@code rttMs}. */
        void answered(int status, long rttMs);

        /** The stack gave up (transaction timeout, transport error) before any answer. */
        void failed(String reason);
    }

    /** One probe in flight. */
    public interface Probe {
        /** Stops waiting (no listener call after this) and ends the transaction's retransmissions. */
        void cancel();
    }

    public OptionsProber(SipHost host) {
        this.host = host;
        host.onResponses(responseListener);
        host.onTimeouts(timeoutListener);
    }

    /** OPTIONS probes sent and answered since start (for status). */
    public long sent() { return sent.get(); }
    public long answered() { return answered.get(); }
    /** Probes neither answered, failed nor cancelled yet. */
    public int inFlight() { return pending.size(); }

    /**
     * Sends one OPTIONS to {@code sip:serverHost:port;transport=...}.
     *
     * @param transport udp, tcp or tls (case-insensitive)
     */
    public Probe send(String serverHost, int port, String transport, ProbeListener listener) {
        String t = transport.toLowerCase(Locale.ROOT);
        String callId = CALL_ID_PREFIX + UUID.randomUUID() + "@" + host.advertisedHost();
        Pending p = new Pending(callId, serverHost + ":" + port, listener, System.nanoTime());
        pending.put(callId, p);
        try {
            SipURI target = host.addresses().createSipURI(null, serverHost);
            target.setPort(port);
            if (!"udp".equals(t)) target.setTransportParam(t);
            SipURI self = host.addresses().createSipURI("lifeline", host.advertisedHost());
            FromHeader from = host.headers().createFromHeader(host.addresses().createAddress(self),
                    Long.toHexString(System.nanoTime()));
            ToHeader to = host.headers().createToHeader(host.addresses().createAddress(target), null);
            ViaHeader via = host.headers().createViaHeader(host.advertisedHost(), host.port(t), t, null);
            CallIdHeader cid = host.headers().createCallIdHeader(callId);
            CSeqHeader cseq = host.headers().createCSeqHeader(1L, Request.OPTIONS);
            Request options = host.messages().createRequest(target, Request.OPTIONS, cid, cseq, from, to, List.of(via),
                    host.headers().createMaxForwardsHeader(70));
            options.addHeader(host.headers().createAcceptHeader("application", "sdp"));
            ClientTransaction tx = host.provider().getNewClientTransaction(options);
            p.tx = tx;
            sent.incrementAndGet();
            host.send(tx, t, e -> p.finish(pending, null, "cannot send OPTIONS to " + p.target + ": " + e.getMessage()));
        } catch (Exception e) {
            // unresolvable host, no route, connection refused on TCP: a failed probe, not a crash
            p.finish(pending, null, "cannot send OPTIONS to " + p.target + ": " + e.getMessage());
        }
        return () -> p.cancel(pending);
    }

    /** Convenience (tests, one-off checks): a probe that counts as failed when {@code timeoutMs} pass unanswered. */
    public CompletableFuture<Integer> probe(String serverHost, int port, String transport, long timeoutMs) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Probe p = send(serverHost, port, transport, new ProbeListener() {
            @Override public void answered(int status, long rttMs) { f.complete(status); }
            @Override public void failed(String reason) { f.complete(-1); }
        });
        f.completeOnTimeout(-1, timeoutMs, TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            if (v != null && v < 0) p.cancel();
        });
        return f;
    }

    private void onResponse(ResponseEvent e) {
        Response r = e.getResponse();
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        if (cseq == null || !Request.OPTIONS.equals(cseq.getMethod())) return;
        CallIdHeader cid = (CallIdHeader) r.getHeader(CallIdHeader.NAME);
        if (cid == null || !cid.getCallId().startsWith(CALL_ID_PREFIX)) return;
        Pending p = pending.get(cid.getCallId());
        if (p == null) return; // cancelled, or a retransmitted final response
        int status = r.getStatusCode();
        if (status < 200) return; // 100 Trying: keep waiting for the final answer (it proves life too, but 1xx to OPTIONS is odd)
        answered.incrementAndGet();
        p.finish(pending, status, null);
    }

    private void onTimeout(TimeoutEvent e) {
        if (e.isServerTransaction() || e.getClientTransaction() == null) return;
        Request req = e.getClientTransaction().getRequest();
        if (!Request.OPTIONS.equals(req.getMethod())) return;
        CallIdHeader cid = (CallIdHeader) req.getHeader(CallIdHeader.NAME);
        Pending p = cid == null ? null : pending.get(cid.getCallId());
        if (p != null) p.finish(pending, null, "no answer from " + p.target + " (transaction timeout)");
    }

    @Override
    public void close() {
        host.removeResponseListener(responseListener);
        host.removeTimeoutListener(timeoutListener);
        for (Pending p : pending.values()) p.cancel(pending);
    }

    private static final class Pending {
        final String callId;
        final String target;
        final ProbeListener listener;
        final long sentNanos;
        final AtomicBoolean done = new AtomicBoolean();
        volatile ClientTransaction tx;

        Pending(String callId, String target, ProbeListener listener, long sentNanos) {
            this.callId = callId;
            this.target = target;
            this.listener = listener;
            this.sentNanos = sentNanos;
        }

        void finish(Map<String, Pending> pending, Integer status, String failure) {
            if (!done.compareAndSet(false, true)) return;
            pending.remove(callId, this);
            try {
                if (status != null) listener.answered(status, (System.nanoTime() - sentNanos) / 1_000_000L);
                else listener.failed(failure);
            } catch (RuntimeException ex) {
                Logger.warn("OPTIONS probe listener failed: {}", ex.toString());
            }
        }

        void cancel(Map<String, Pending> pending) {
            if (!done.compareAndSet(false, true)) return;
            pending.remove(callId, this);
            ClientTransaction t = tx;
            if (t != null) {
                try {
                    t.terminate();
                } catch (Exception ignored) {
                    // already terminated
                }
            }
        }
    }
}
