package dev.lifeline.mgmt.cwmp;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.tinylog.Logger;

/**
 * One CWMP session with the ACS (TR-069 §3.7.1): POST the Inform, read the InformResponse, then
 * POST an empty body and answer the ACS's requests one at a time (each answer is the next POST)
 * until the ACS answers 204 No Content (or an empty 200). The agent's own requests (a
 * TransferComplete) go right after the InformResponse, before the empty POST, so
 * {@code HoldRequests} from the ACS never holds anything back.
 *
 * <p>Each session gets its own HTTP client and cookie store: cookies the ACS sets (its session id)
 * are sent back for this session only (§3.4.1). HTTP keeps the connection open between POSTs.
 */
final class CwmpSession {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private final URI acs;
    private final AcsAuth auth;
    private final Rpcs rpcs;
    private final HttpClient http;
    private int rpcsAnswered;

    CwmpSession(URI acs, AcsAuth auth, Rpcs rpcs, SSLContext tls) {
        this.acs = acs;
        this.auth = auth;
        this.rpcs = rpcs;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) b.sslContext(tls);
        this.http = b.build();
    }

    /** How many ACS requests this session answered. */
    int rpcsAnswered() { return rpcsAnswered; }

    /** A request of the agent's own after the Inform, and what to do once the ACS answered it. */
    record Request(Soap.Message message, String response, Runnable answered) { }

    /**
     * Runs the session. {@code informAccepted} is called once the ACS acknowledged the Inform (its
     * events are delivered from then on, even if the session fails later); {@code requests} are
     * sent next, each answered before the following one.
     */
    void run(Soap.Message inform, Runnable informAccepted, java.util.List<Request> requests) throws CwmpException {
        try {
            HttpResponse<byte[]> resp = post(Soap.bytes(inform));
            Soap.Received r = expectMessage(resp, "Inform");
            if (!"InformResponse".equals(r.name())) {
                throw new CwmpException("the ACS answered the Inform with " + (r.name() == null ? "an empty body" : r.name()));
            }
            informAccepted.run();
            for (Request q : requests) {
                r = expectMessage(post(Soap.bytes(q.message())), q.response());
                if (!q.response().equals(r.name())) {
                    throw new CwmpException("the ACS answered with " + (r.name() == null ? "an empty body" : r.name()) + ", not " + q.response());
                }
                q.answered().run();
            }
            resp = post(new byte[0]);
            while (true) {
                if (resp.statusCode() == 204 || (resp.statusCode() == 200 && resp.body().length == 0)) return;
                Soap.Received req = expectMessage(resp, "request");
                if (req.name() == null) return;
                Soap.Message answer = rpcs.handle(req);
                rpcsAnswered++;
                resp = post(Soap.bytes(answer));
            }
        } catch (IOException e) {
            throw new CwmpException("ACS " + acs + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CwmpException("interrupted");
        } finally {
            http.close();
        }
    }

    private Soap.Received expectMessage(HttpResponse<byte[]> resp, String what) throws CwmpException {
        if (resp.statusCode() != 200) throw new CwmpException("the ACS answered our " + what + " with HTTP " + resp.statusCode());
        if (resp.body().length > Soap.MAX_MESSAGE) throw new CwmpException("the ACS sent " + resp.body().length + " bytes");
        Soap.Received r = Soap.parse(resp.body());
        if ("Fault".equals(r.name())) throw new CwmpException("the ACS answered our " + what + " with a SOAP fault");
        return r;
    }

    /** POSTs a message (or an empty body), answering one 401 challenge. */
    private HttpResponse<byte[]> post(byte[] body) throws IOException, InterruptedException, CwmpException {
        HttpResponse<byte[]> resp = http.send(request(body), HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() == 401) {
            String challenge = resp.headers().firstValue("WWW-Authenticate").orElse(null);
            if (!auth.challenge(challenge)) {
                throw new CwmpException(auth.hasCredentials() ? "the ACS asks for an authentication we cannot answer: " + challenge
                        : "the ACS asks for credentials and tr069.username is not set");
            }
            resp = http.send(request(body), HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() == 401) throw new CwmpException("the ACS refused our credentials (HTTP 401)");
        }
        return resp;
    }

    private HttpRequest request(byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(acs).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (body.length > 0) b.header("Content-Type", "text/xml; charset=\"utf-8\"").header("SOAPAction", "");
        String path = acs.getRawPath() == null || acs.getRawPath().isEmpty() ? "/" : acs.getRawPath();
        if (acs.getRawQuery() != null) path += "?" + acs.getRawQuery();
        String a = auth.authorization("POST", path);
        if (a != null) b.header("Authorization", a);
        Logger.trace("cwmp: POST {} bytes", body.length);
        return b.build();
    }
}
