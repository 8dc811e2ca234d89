package dev.lifeline.sip;

import dev.lifeline.config.OverloadConfig;
import dev.lifeline.sip.overload.Admission;
import dev.lifeline.sip.overload.AdmissionValve;
import dev.lifeline.sip.overload.Admissions;
import dev.lifeline.sip.overload.BoundedUdpProcessorFactory;
import gov.nist.javax.sip.SipStackImpl;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.PeerUnavailableException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * The one SIP stack of the gateway (JAIN-SIP) on UDP and TCP (and TLS when configured), and the dispatcher of requests
 * by method. Everything JAIN-SIP stays inside the sip package; the rest of the gateway sees
 * registrations and call sessions.
 *
 * <p>Requests arrive on a small pool of stack threads (REENTRANT_LISTENER with a bounded
 * THREAD_POOL_SIZE: without the bound the stack starts a thread per datagram), so handlers
 * must be thread-safe; call handling hands its events to the engine thread.
 */
public final class SipHost implements SipListener, AutoCloseable {
    /**
     * Methods the gateway understands but does not offer: answered 405 with Allow unless a
     * handler is registered for them (NOTIFY message-summary, {@code sip.mwi.NotifyHandler}).
     */
    private static final List<String> NOT_ALLOWED = List.of("SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE", "REFER",
            "UPDATE", "PRACK");
    private static final AtomicInteger STACKS = new AtomicInteger();
    static final int MAX_SERVER_TRANSACTIONS = 2_000;
    static final int MAX_CLIENT_TRANSACTIONS = 1_000;

    private final String host;
    private final String advertised;
    private final int port;
    private final SipStack stack;
    private final SipProvider provider;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final List<ResponseListener> responses = new CopyOnWriteArrayList<>();
    private final List<TimeoutListener> timeouts = new CopyOnWriteArrayList<>();
    private final String stackName;
    private final Admission admission;
    private final dev.lifeline.sip.tls.SipTls tls;
    private final int tlsPort;
    private UnansweredTransactionSweeper sweeper;

    /**
     * Responses to requests the gateway sent (INVITE client transactions, OPTIONS probes,
     * upstream REGISTER). Every listener sees every response and ignores what is not its own
     * (by CSeq method or Call-ID).
     */
    @FunctionalInterface
    public interface ResponseListener {
        void onResponse(SipHost host, ResponseEvent event) throws Exception;
    }

    /** Client transaction timeouts (no answer from the far end); like responses, seen by every listener. */
    @FunctionalInterface
    public interface TimeoutListener {
        void onTimeout(SipHost host, TimeoutEvent event) throws Exception;
    }

    public SipHost(String host, int port, int threads) throws SipStartException {
        this(host, port, port, threads);
    }

    /** UDP and TCP may listen on different ports (site config sip.udp-port / sip.tcp-port). */
    public SipHost(String host, int port, int tcpPort, int threads) throws SipStartException {
        this(host, port, tcpPort, threads, OverloadConfig.DEFAULTS);
    }

    /** With the site's admission control ({@code sip.overload}). */
    public SipHost(String host, int port, int tcpPort, int threads, OverloadConfig overload) throws SipStartException {
        this(host, port, tcpPort, threads, overload, null);
    }

    /**
     * With SIP over TLS as well when {@code tls} is given: a TLS listening point on its port, the
     * stack's TLS sockets from its certificate and policy, and phones that registered over TLS
     * reached on their own connection ({@code sip.tls} package).
     */
    public SipHost(String host, int port, int tcpPort, int threads, OverloadConfig overload, dev.lifeline.sip.tls.SipTls tls)
            throws SipStartException {
        // One header field per line (Via, Contact, Route...), not one comma-joined line: a proxied
        // REGISTER carries two Vias, and Kamailio 5.6 appends received/rport to the end of a
        // comma-joined Via line, i.e. to the phone's Via instead of ours (the relayed answer then
        // goes astray). Static in JAIN-SIP, hence for every stack in the JVM.
        gov.nist.javax.sip.header.SIPHeaderList.setPrettyEncode(true);
        SipIds.secureStack(); // branch ids, Call-IDs and tags JAIN-SIP makes: SecureRandom (RFC 3261 §19.3)
        this.host = host;
        this.advertised = Addresses.advertised(host);
        this.port = port;
        this.tls = tls;
        this.tlsPort = tls == null ? -1 : tls.port();
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            Properties p = new Properties();
            stackName = "lifeline-" + STACKS.incrementAndGet();
            admission = new Admission(overload, System::nanoTime);
            Admissions.register(stackName, admission);
            p.setProperty("javax.sip.STACK_NAME", stackName);
            // Overload (docs/sip.md): a bounded UDP queue and admission before any transaction exists
            p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", BoundedUdpProcessorFactory.class.getName());
            p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", "0"); // our queue drops stale datagrams itself
            p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", "512");
            p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
            p.setProperty("gov.nist.javax.sip.STACK_LOGGER", TinylogStackLogger.class.getName());
            p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", TinylogServerLogger.class.getName());
            p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
            p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
            p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(threads));
            // Each datagram waiting in the UDP queue holds a buffer of this size: 16 KB is room for any
            // SIP message a phone sends (RFC 3261 §18.1.1 keeps UDP ones under the path MTU).
            p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "16384");
            p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
            p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
            p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", SafeMessageParserFactory.class.getName());
            // a 2xx from a second fork reaches the session layer (ACK + BYE, RFC 3261 §13.2.2.4)
            // admission first (a refused request costs nothing more), then the fork valve (2xx of a second fork)
            p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", AdmissionValve.class.getName() + "," + ForkValve.class.getName());
            // Memory under load: a completed UDP transaction lingers for timer J/K (up to 32 s) to
            // absorb retransmissions; without aggressive cleanup it keeps the whole parsed request
            // and response, and a few hundred REGISTER/s then fill a small heap.
            p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
            p.setProperty("gov.nist.javax.sip.LINGER_TIMER", "2");
            // Overload: above these table sizes the stack sheds new requests instead of growing
            // until the heap runs out (a REGISTER flood must not take the box down).
            p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", String.valueOf(MAX_SERVER_TRANSACTIONS));
            p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", String.valueOf(MAX_CLIENT_TRANSACTIONS));
            if (tls != null) tls.configure(p, stackName);
            stack = f.createSipStack(p);
            addresses = f.createAddressFactory();
            headers = f.createHeaderFactory();
            messages = f.createMessageFactory();
            ListeningPoint udp = stack.createListeningPoint(host, port, ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(host, tcpPort, ListeningPoint.TCP);
            provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            if (tls != null) provider.addListeningPoint(stack.createListeningPoint(host, tlsPort, ListeningPoint.TLS));
            provider.addSipListener(this);
        } catch (PeerUnavailableException | InvalidArgumentException | TooManyListenersException
                 | javax.sip.TransportNotSupportedException | javax.sip.ObjectInUseException
                 | javax.sip.TransportAlreadySupportedException e) {
            throw new SipStartException("cannot start SIP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public void start() throws SipStartException {
        try {
            stack.start();
            sweeper = new UnansweredTransactionSweeper((gov.nist.javax.sip.stack.SIPTransactionStack) stack);
            sweeper.start();
        } catch (javax.sip.SipException e) {
            throw new SipStartException("cannot start SIP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        if (tls == null) Logger.info("SIP listening on {}:{} (udp, tcp)", host, port);
        else Logger.info("SIP listening on {}:{} (udp, tcp) and {}:{} (tls)", host, port, host, tlsPort);
    }

    public void handle(String method, RequestHandler handler) { handlers.put(method, handler); }
    /** A 2xx that {@code claim} handles itself (a second fork's answer) is kept from the stack. */
    public void claimAnswers(java.util.function.Predicate<Response> claim) { ForkValve.register(stack, claim); }
    /** Adds a listener for responses; several may be added (sessions, the OPTIONS prober, ...). */
    public void onResponses(ResponseListener l) { responses.add(l); }
    /** Adds a listener for client transaction timeouts; several may be added. */
    public void onTimeouts(TimeoutListener l) { timeouts.add(l); }
    public void removeResponseListener(ResponseListener l) { responses.remove(l); }
    public void removeTimeoutListener(TimeoutListener l) { timeouts.remove(l); }

    public String host() { return host; }
    /** Admission control in front of this stack (counters for status; trusted HQ addresses). */
    public Admission admission() { return admission; }
    /** Transactions the stack holds against its caps; near a cap it sheds new requests (status shows it). */
    public record TransactionLoad(int server, int serverLimit, int client, int clientLimit) { }

    public TransactionLoad transactions() {
        var s = (gov.nist.javax.sip.stack.SIPTransactionStack) stack;
        return new TransactionLoad(s.getServerTransactionTableSize(), MAX_SERVER_TRANSACTIONS,
                s.getClientTransactionTableSize(), MAX_CLIENT_TRANSACTIONS);
    }
    /** The address peers reach us at (the listen address, or the first LAN address when listening on all). */
    public String advertisedHost() { return advertised; }
    public int port() { return port; }

    /**
     * Our port for {@code transport} (Via sent-by, Contact, Path): the TLS listener's for
     * {@code tls}, else the UDP one. A TLS port of -1 means TLS is off.
     */
    public int port(String transport) { return "tls".equalsIgnoreCase(transport) ? tlsPort : port; }

    private static final java.util.concurrent.ExecutorService CONNECTING =
            java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sip-send-", 0).factory());

    /**
     * Sends a new client transaction's request. Over UDP at once; over TCP and TLS on a virtual
     * thread, because JAIN-SIP opens a missing connection (TCP connect, TLS handshake) inside
     * {@code sendRequest}: to an HQ server behind a dead WAN that is seconds of a SYN going
     * nowhere, and the callers (OPTIONS probes, line REGISTERs, INVITEs via HQ) run on the engine
     * thread, whose 20 ms tick carries every analog line's audio. {@code failed} gets what a send
     * that could not be made threw (on whichever thread).
     */
    public void send(javax.sip.ClientTransaction tx, String transport,
                     java.util.function.Consumer<Exception> failed) throws javax.sip.SipException {
        if (transport == null || "udp".equalsIgnoreCase(transport)) {
            tx.sendRequest();
            return;
        }
        CONNECTING.execute(() -> {
            try {
                tx.sendRequest();
            } catch (Exception e) {
                failed.accept(e);
            }
        });
    }

    /** SIP over TLS of this stack, or null when off. */
    public dev.lifeline.sip.tls.SipTls tls() { return tls; }

    /** Phones that registered over TLS are reached down their connection: {@code table} says where each came from. */
    public void flows(dev.lifeline.sip.tls.Flows.Table table) { dev.lifeline.sip.tls.Flows.register(stackName, table); }
    public SipProvider provider() { return provider; }
    public AddressFactory addresses() { return addresses; }
    public HeaderFactory headers() { return headers; }
    public MessageFactory messages() { return messages; }

    /** Methods a UA may send us, for Allow headers. */
    public String allow() {
        List<String> methods = new java.util.ArrayList<>(List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER"));
        if (handlers.containsKey(Request.NOTIFY)) methods.add(Request.NOTIFY);
        if (handlers.containsKey(Request.REFER)) methods.add(Request.REFER);
        return String.join(", ", methods);
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request req = event.getRequest();
        String method = req.getMethod();
        RequestHandler h = handlers.get(method);
        try {
            Response refused = new RequestChecks(messages, headers).check(req);
            if (refused != null) {
                respond(event, refused);
            } else if (h != null) {
                h.onRequest(this, event);
            } else if (method.equals(Request.OPTIONS)) {
                Response r = messages.createResponse(Response.OK, req);
                r.addHeader(headers.createAllowHeader(allow()));
                r.addHeader(headers.createAcceptHeader("application", "sdp"));
                // statelessly: a keep-alive or probe leaves no transaction behind (a retransmission
                // simply gets another 200), which keeps OPTIONS cheap enough to answer during a storm
                if (event.getServerTransaction() != null) event.getServerTransaction().sendResponse(r);
                else provider.sendResponse(r);
            } else if (method.equals(Request.ACK)) {
                // an ACK for a transaction nobody tracks: nothing to answer
            } else if (NOT_ALLOWED.contains(method) || handlers.isEmpty()) {
                Response r = messages.createResponse(Response.METHOD_NOT_ALLOWED, req);
                r.addHeader(headers.createAllowHeader(allow()));
                respond(event, r);
            } else {
                respond(event, messages.createResponse(Response.NOT_IMPLEMENTED, req));
            }
        } catch (Exception e) {
            Logger.warn("SIP {} from {} failed: {}", method, source(event), e.toString());
            try {
                respond(event, messages.createResponse(Response.SERVER_INTERNAL_ERROR, req));
            } catch (Exception ignored) {
                // the transaction may already be answered
            }
        }
    }

    /** Sends a response statelessly-safe: on the event's server transaction, creating one if needed. */
    public void respond(RequestEvent event, Response response) throws javax.sip.SipException, InvalidArgumentException {
        ServerTransaction st = event.getServerTransaction();
        if (st == null) {
            try {
                st = provider.getNewServerTransaction(event.getRequest());
            } catch (javax.sip.TransactionAlreadyExistsException e) {
                return; // a retransmission: the transaction layer answers it
            } catch (javax.sip.TransactionUnavailableException e) {
                provider.sendResponse(response); // e.g. a request too broken for a transaction: answer statelessly
                return;
            }
        }
        st.sendResponse(response);
    }

    /** Where a request came from (for logs and throttling): ip of the sender. */
    public static String source(RequestEvent event) {
        if (event.getRequest() instanceof gov.nist.javax.sip.message.SIPRequest r && r.getRemoteAddress() != null) {
            return r.getRemoteAddress().getHostAddress();
        }
        return "unknown";
    }

    @Override
    public void processResponse(ResponseEvent event) {
        for (ResponseListener l : responses) {
            try {
                l.onResponse(this, event);
            } catch (Exception e) {
                Logger.warn("SIP response handling failed: {}", e.toString());
            }
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        for (TimeoutListener l : timeouts) {
            try {
                l.onTimeout(this, event);
            } catch (Exception e) {
                Logger.warn("SIP timeout handling failed: {}", e.toString());
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        Logger.warn("SIP transport error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override public void processTransactionTerminated(TransactionTerminatedEvent event) { }
    @Override public void processDialogTerminated(DialogTerminatedEvent event) { }

    @Override
    public void close() {
        try {
            provider.removeSipListener(this);
            for (ListeningPoint lp : provider.getListeningPoints()) {
                try {
                    stack.deleteListeningPoint(lp);
                } catch (javax.sip.ObjectInUseException ignored) {
                    // stopping anyway
                }
            }
            stack.deleteSipProvider(provider);
        } catch (Exception e) {
            Logger.debug("SIP provider cleanup: {}", e.toString());
        }
        ForkValve.unregister(stack);
        if (sweeper != null) sweeper.close();
        stack.stop();
        if (stack instanceof SipStackImpl impl) impl.closeAllSockets();
        Admissions.remove(stackName);
        dev.lifeline.sip.tls.Flows.unregister(stackName);
        dev.lifeline.sip.tls.SipTls.unregister(stackName);
    }
}
