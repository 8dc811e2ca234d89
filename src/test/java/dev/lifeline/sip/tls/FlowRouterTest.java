package dev.lifeline.sip.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.SipStackImpl;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.Hop;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router JAIN-SIP asks for every request's next hop: a contact that registered over TLS is
 * reached at the address it registered from, over TLS; without such a binding, or with a Route,
 * routing is JAIN-SIP's own; a {@code sips:} request never leaves over anything but TLS (RFC 5630).
 */
class FlowRouterTest {
    private static int stacks;
    private SipStackImpl stack;
    private String name;
    private AddressFactory addresses;
    private HeaderFactory headers;
    private MessageFactory messages;

    @BeforeEach
    void stack() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        Properties p = new Properties();
        name = "flow-router-test-" + ++stacks;
        p.setProperty("javax.sip.STACK_NAME", name);
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", dev.lifeline.sip.TinylogStackLogger.class.getName());
        p.setProperty("javax.sip.ROUTER_PATH", FlowRouter.class.getName());
        stack = (SipStackImpl) f.createSipStack(p);
        addresses = f.createAddressFactory();
        headers = f.createHeaderFactory();
        messages = f.createMessageFactory();
        // 7000 registered over TLS from 192.0.2.7:40001 with its contact at 192.0.2.7:5061
        Flows.register(name, (aor, host, port) -> aor.equals("7000") && host.equals("192.0.2.7") && port == 5061
                ? Optional.of("192.0.2.7:40001") : Optional.empty());
    }

    @AfterEach
    void stop() {
        Flows.unregister(name);
        stack.stop();
    }

    private Request request(String target, String toUser, String route) throws Exception {
        var to = headers.createToHeader(addresses.createAddress("sip:" + toUser + "@198.51.100.1"), null);
        var from = headers.createFromHeader(addresses.createAddress("sip:6000@198.51.100.1"), "t1");
        Request r = messages.createRequest(addresses.createURI(target), Request.INVITE, headers.createCallIdHeader("c1@x"),
                headers.createCSeqHeader(1L, Request.INVITE), from, to,
                List.of(headers.createViaHeader("198.51.100.1", 5061, "tls", null)), headers.createMaxForwardsHeader(70));
        if (route != null) r.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
        return r;
    }

    private Hop hop(Request r) throws SipException { return stack.getRouter().getNextHop(r); }

    @Test
    void aTlsContactIsReachedWhereItRegisteredFrom() throws Exception {
        Hop h = hop(request("sip:7000@192.0.2.7:5061;transport=tls", "7000", null));
        assertEquals("192.0.2.7", h.getHost());
        assertEquals(40001, h.getPort());
        assertEquals("TLS", h.getTransport().toUpperCase());
        Hop sips = hop(request("sips:7000@192.0.2.7", "7000", null)); // sips: default port 5061
        assertEquals(40001, sips.getPort());
    }

    @Test
    void otherwiseJainSipRoutes() throws Exception {
        Hop other = hop(request("sip:7001@192.0.2.8:5070;transport=tcp", "7001", null));
        assertEquals(5070, other.getPort());
        assertEquals("TCP", other.getTransport().toUpperCase());
        Hop routed = hop(request("sip:7000@192.0.2.7:5061;transport=tls", "7000", "<sip:203.0.113.5:5061;transport=tls;lr>"));
        assertEquals("203.0.113.5", routed.getHost(), "a Route wins over the flow");
    }

    @Test
    void aSipsRequestNeverLeavesInClear() throws Exception {
        var e = assertThrows(SipException.class, () -> hop(request("sips:7002@192.0.2.9", "7002", "<sip:203.0.113.5:5060;transport=udp;lr>")));
        assertTrue(e.getMessage().contains("RFC 5630"), e.getMessage());
        Hop overTls = hop(request("sips:7002@192.0.2.9", "7002", "<sip:203.0.113.5:5061;transport=tls;lr>"));
        assertEquals("TLS", overTls.getTransport().toUpperCase());
    }
}
