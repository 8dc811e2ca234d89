package dev.lifeline.sip.tls;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;
import java.util.Optional;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.SipURI;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import org.tinylog.Logger;

/**
 * JAIN-SIP's router ({@code javax.sip.ROUTER_PATH}) when SIP over TLS is on. A request without a
 * Route to a contact that registered over TLS goes to the address it registered from, over TLS:
 * JAIN-SIP keeps the phone's connection under that address, so the request travels down it
 * (INVITE, CANCEL, ACK and in-dialog requests alike: the stack asks the router for each). The
 * AOR is the To user: the callee of our INVITE, or the phone itself when it called us.
 * Everything else is routed as JAIN-SIP's default router does.
 *
 * <p>RFC 5630: a {@code sips:} Request-URI (or a {@code sips:} Route) leaves only over TLS; a
 * next hop on any other transport is refused rather than sent in clear.
 */
public final class FlowRouter extends DefaultRouter {
    private final String stackName;

    public FlowRouter(SipStack stack, String outboundProxy) {
        super(stack, outboundProxy);
        this.stackName = ((SipStackImpl) stack).getStackName();
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        Hop hop = request.getHeader(RouteHeader.NAME) == null ? flow(request).orElse(null) : null;
        if (hop == null) hop = super.getNextHop(request);
        if (hop != null && secure(request) && !"tls".equalsIgnoreCase(hop.getTransport())) {
            throw new SipException("a sips: request leaves only over TLS (RFC 5630), not " + hop.getTransport());
        }
        return hop;
    }

    private Optional<Hop> flow(Request request) {
        Flows.Table table = Flows.of(stackName);
        if (table == null || !(request.getRequestURI() instanceof SipURI target)) return Optional.empty();
        if (!(request.getHeader(ToHeader.NAME) instanceof ToHeader to) || !(to.getAddress().getURI() instanceof SipURI aor)
                || aor.getUser() == null) {
            return Optional.empty();
        }
        return table.received(aor.getUser(), target.getHost(), Flows.portOf(target)).flatMap(r -> {
            int colon = r.lastIndexOf(':');
            try {
                return Optional.of((Hop) new HopImpl(r.substring(0, colon), Integer.parseInt(r.substring(colon + 1)), "TLS"));
            } catch (RuntimeException e) {
                Logger.debug("sip tls: unusable flow address {}", r);
                return Optional.empty();
            }
        });
    }

    private static boolean secure(Request request) {
        if (request.getRequestURI().isSipURI() && ((SipURI) request.getRequestURI()).isSecure()) return true;
        return request.getHeader(RouteHeader.NAME) instanceof RouteHeader r && r.getAddress().getURI().isSipURI()
                && ((SipURI) r.getAddress().getURI()).isSecure();
    }
}
