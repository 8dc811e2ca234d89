package dev.lifeline.rig.acs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A small reference ACS for tests (issue #12's "test-rigs/acs"): a real HTTP server that speaks
 * the ACS side of CWMP. It asks for HTTP digest credentials, answers every Inform with an
 * InformResponse (echoing cwmp:ID) and a session cookie, then sends the RPCs a test queued, one at
 * a time, and ends the session with 204 when none are left. Every message the agent sends is
 * checked against cwmp-1-4.xsd ({@link CwmpSchema}); the problems, and any later request of a
 * session that came without the session cookie, are collected for the test to assert on.
 */
public final class ReferenceAcs implements AutoCloseable {
    /** One Inform received: its events (code → CommandKey) and parameters (name → value). */
    public record Inform(Map<String, String> events, Map<String, String> params, int retryCount) { }

    /** One TransferComplete received (TR-069 §A.3.3.2). */
    public record TransferComplete(String commandKey, int faultCode, String faultString, String startTime, String completeTime) { }

    private record Queued(String body, CompletableFuture<Element> answer) { }

    private final HttpServer server;
    private final String user;
    private final String password;
    private final CwmpSchema schema = new CwmpSchema();
    private final BlockingQueue<Inform> informs = new LinkedBlockingQueue<>();
    private final BlockingQueue<TransferComplete> transfers = new LinkedBlockingQueue<>();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Boolean> nonces = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile int messages;
    private Queued current;
    private long sentNanos;
    private volatile double lastRoundTripMs;
    private volatile long informNanos;
    private volatile double informToFirstAnswerMs;
    private boolean firstOfSession;
    private String sessionCookie;
    private int nextId;
    private int failInforms;
    private volatile boolean basic;
    private volatile String lastAuthorization;

    /** An ACS on loopback that wants {@code user}/{@code password} (digest). */
    public ReferenceAcs(String user, String password) throws Exception {
        this(user, password, null);
    }

    /** As above, over HTTPS with {@code tls}'s certificate when not null. */
    public ReferenceAcs(String user, String password, javax.net.ssl.SSLContext tls) throws Exception {
        this.user = user;
        this.password = password;
        if (tls != null) {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        }
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/acs", this::handle);
        server.start();
    }

    public String url() {
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort() + "/acs";
    }

    /** Schema and protocol problems seen so far. */
    public List<String> problems() { return List.copyOf(problems); }

    /** Messages received with a body (each checked against the schema). */
    public int messagesChecked() { return messages; }

    /** The next Inform, waiting up to {@code timeout}; null if none came. */
    public Inform awaitInform(Duration timeout) throws InterruptedException {
        return informs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for HTTP basic credentials instead of digest (what an ACS behind TLS may do). */
    public void basicAuth() { basic = true; }

    /** The Authorization header of the last request (tests check the scheme). */
    public String lastAuthorization() { return lastAuthorization; }

    /** Milliseconds from sending the last RPC to receiving its answer (the agent's processing plus one HTTP round trip). */
    public double lastRoundTripMs() { return lastRoundTripMs; }

    /** Milliseconds from the last session's Inform arriving to the answer of its first RPC arriving. */
    public double informToFirstAnswerMs() { return informToFirstAnswerMs; }

    /** The next TransferComplete, waiting up to {@code timeout}; null if none came. */
    public TransferComplete awaitTransferComplete(Duration timeout) throws InterruptedException {
        return transfers.poll(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Answers the next {@code n} Informs with HTTP 503 (an ACS that is down for maintenance). */
    public synchronized void failInforms(int n) { failInforms = n; }

    /** Queues an RPC (the element inside the Body, with xmlns:cwmp in scope) for the next session. */
    public synchronized CompletableFuture<Element> queue(String rpcXml) {
        CompletableFuture<Element> f = new CompletableFuture<>();
        queue.add(new Queued(rpcXml, f));
        return f;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
            if (basic) {
                String expected = "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                if (!expected.equals(lastAuthorization)) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"acs\"");
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
            } else if (!authorized(lastAuthorization)) {
                String nonce = UUID.randomUUID().toString();
                nonces.put(nonce, true);
                ex.getResponseHeaders().add("WWW-Authenticate", "Digest realm=\"acs\", qop=\"auth\", nonce=\"" + nonce + "\", algorithm=MD5");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            synchronized (this) {
                respond(ex, body);
            }
        } catch (RuntimeException e) {
            problems.add("ACS failed: " + e);
        }
    }

    private void respond(HttpExchange ex, byte[] body) throws IOException {
        String cookie = ex.getRequestHeaders().getFirst("Cookie");
        if (body.length == 0) {
            checkCookie(cookie);
            next(ex);
            return;
        }
        messages++;
        schema.check(body).forEach(p -> problems.add("schema: " + p));
        Document doc = parse(body);
        Element rpc = CwmpSchema.children(CwmpSchema.child(doc.getDocumentElement(), CwmpSchema.ENV, "Body")).get(0);
        String id = idOf(doc);
        if (rpc.getLocalName().equals("Inform") && failInforms > 0) {
            failInforms--;
            informs.add(inform(rpc));
            ex.sendResponseHeaders(503, -1);
            return;
        }
        if (rpc.getLocalName().equals("Inform")) {
            sessionCookie = "acs-session=" + UUID.randomUUID();
            informNanos = System.nanoTime();
            firstOfSession = true;
            informs.add(inform(rpc));
            ex.getResponseHeaders().add("Set-Cookie", sessionCookie + "; Path=/acs");
            send(ex, id, "<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>");
            return;
        }
        checkCookie(cookie);
        if (rpc.getLocalName().equals("TransferComplete")) {
            Element f = CwmpSchema.child(rpc, null, "FaultStruct");
            transfers.add(new TransferComplete(text(rpc, "CommandKey"), Integer.parseInt(text(f, "FaultCode")), text(f, "FaultString"),
                    text(rpc, "StartTime"), text(rpc, "CompleteTime")));
            send(ex, id, "<cwmp:TransferCompleteResponse/>");
            return;
        }
        if (current != null) {
            long now = System.nanoTime();
            lastRoundTripMs = (now - sentNanos) / 1e6;
            if (firstOfSession) informToFirstAnswerMs = (now - informNanos) / 1e6;
            firstOfSession = false;
            current.answer().complete(rpc);
            current = null;
        } else {
            problems.add("a " + rpc.getLocalName() + " nobody asked for");
        }
        next(ex);
    }

    private void checkCookie(String cookie) {
        if (sessionCookie == null || cookie == null || !cookie.contains(sessionCookie)) {
            problems.add("session cookie not sent back (got " + cookie + ")");
        }
    }

    private void next(HttpExchange ex) throws IOException {
        current = queue.poll();
        if (current == null) {
            ex.sendResponseHeaders(204, -1);
            return;
        }
        sentNanos = System.nanoTime();
        send(ex, "acs-" + (++nextId), current.body());
    }

    private static void send(HttpExchange ex, String id, String rpcXml) throws IOException {
        String xml = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<soapenv:Header><cwmp:ID soapenv:mustUnderstand=\"1\">" + id + "</cwmp:ID></soapenv:Header>"
                + "<soapenv:Body>" + rpcXml + "</soapenv:Body></soapenv:Envelope>";
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
    }

    private static Inform inform(Element rpc) {
        Map<String, String> events = new LinkedHashMap<>();
        for (Element s : CwmpSchema.children(CwmpSchema.child(rpc, null, "Event"))) {
            events.put(text(s, "EventCode"), text(s, "CommandKey"));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Element s : CwmpSchema.children(CwmpSchema.child(rpc, null, "ParameterList"))) {
            params.put(text(s, "Name"), text(s, "Value"));
        }
        return new Inform(events, params, Integer.parseInt(text(rpc, "RetryCount")));
    }

    public static String text(Element parent, String name) {
        Element e = CwmpSchema.child(parent, null, name);
        return e == null ? null : e.getTextContent();
    }

    private static String idOf(Document doc) {
        Element header = CwmpSchema.child(doc.getDocumentElement(), CwmpSchema.ENV, "Header");
        Element id = header == null ? null : CwmpSchema.child(header, CwmpSchema.CWMP, "ID");
        return id == null ? "" : id.getTextContent();
    }

    private static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Digest ")) return false;
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(header.substring(7));
        while (m.find()) p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        if (!user.equals(p.get("username")) || !nonces.containsKey(p.getOrDefault("nonce", ""))) return false;
        String ha1 = md5(user + ":acs:" + password);
        String ha2 = md5("POST:" + p.get("uri"));
        String expected = md5(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return expected.equals(p.get("response"));
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes a connection request to the agent (HTTP GET with digest), returning the final HTTP status. */
    public static int connectionRequest(String url, String user, String password) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 401) return r.statusCode();
            String ch = r.headers().firstValue("WWW-Authenticate").orElseThrow();
            Matcher rm = Pattern.compile("realm=\"([^\"]*)\"").matcher(ch);
            Matcher nm = Pattern.compile("nonce=\"([^\"]*)\"").matcher(ch);
            if (!rm.find() || !nm.find()) throw new IllegalStateException("bad challenge " + ch);
            String path = URI.create(url).getRawPath();
            String cnonce = "0a1b2c3d";
            String ha1 = md5(user + ":" + rm.group(1) + ":" + password);
            String resp = md5(ha1 + ":" + nm.group(1) + ":00000001:" + cnonce + ":auth:" + md5("GET:" + path));
            String auth = "Digest username=\"" + user + "\", realm=\"" + rm.group(1) + "\", nonce=\"" + nm.group(1) + "\", uri=\""
                    + path + "\", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\", response=\"" + resp + "\", algorithm=MD5";
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
