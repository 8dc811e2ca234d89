package dev.lifeline.mgmt;

import java.util.List;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.tinylog.Logger;

/**
 * {@code POST /unblock?source=IP[&user=EXT]}: lifts a failed-authentication block (the
 * {@code lifeline unblock} command). Logged as an operator action with what was lifted.
 */
final class UnblockResource extends CoapResource {
    private final OperatorActions actions;
    private final Access access;

    UnblockResource(OperatorActions actions, Access access) {
        super("unblock");
        this.actions = actions;
        this.access = access;
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        if (!access.allow(exchange, MgmtCredentials.Role.ADMIN)) return;
        List<String> q = exchange.getRequestOptions().getUriQuery();
        String source = param(q, "source");
        String user = param(q, "user");
        if (source == null || source.isBlank() || source.length() > 64 || !source.matches("[0-9A-Fa-f.:]+")) {
            exchange.respond(ResponseCode.BAD_REQUEST, "source must be an IP address, e.g. unblock 192.0.2.10 [7000]");
            return;
        }
        if (user != null && (user.length() > 64 || !user.matches("[A-Za-z0-9._+*-]+"))) {
            exchange.respond(ResponseCode.BAD_REQUEST, "user must be an extension or SIP user name");
            return;
        }
        try {
            int n = actions.unblock(source, user);
            String what = user == null ? "source " + source : "user '" + user + "' from " + source;
            Logger.info("operator: unblock {} -> {} block(s) lifted", what, n);
            exchange.respond(ResponseCode.CHANGED, n == 0 ? "no block in force for " + what : "lifted " + n + " block(s) of " + what);
        } catch (Exception e) {
            exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "not available: " + e.getMessage());
        }
    }

    private static String param(List<String> query, String key) {
        for (String s : query) if (s.startsWith(key + "=")) return s.substring(key.length() + 1);
        return null;
    }
}
