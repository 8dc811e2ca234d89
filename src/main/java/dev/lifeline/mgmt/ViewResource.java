package dev.lifeline.mgmt;

import dev.lifeline.util.Json;
import java.util.List;
import java.util.function.Function;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.tinylog.Logger;

/**
 * A read-only management view: JSON when the client accepts application/json, else a text
 * table for people. Query parameters reach the view as {@code key=value} strings.
 */
final class ViewResource extends CoapResource {
    /** Produces the view's data from the request's query parameters. */
    interface View {
        Object get(List<String> query) throws Exception;
    }

    private final View view;
    private final Function<Object, String> text;
    private final Access access;

    ViewResource(String name, View view, Function<Object, String> text, Access access) {
        super(name);
        this.view = view;
        this.text = text;
        this.access = access;
        getAttributes().setTitle(name);
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        if (!access.allow(exchange, MgmtCredentials.Role.VIEWER)) return;
        try {
            Object data = view.get(exchange.getRequestOptions().getUriQuery());
            if (exchange.getRequestOptions().getAccept() == MediaTypeRegistry.APPLICATION_JSON) {
                exchange.respond(ResponseCode.CONTENT, Json.write(data), MediaTypeRegistry.APPLICATION_JSON);
            } else {
                exchange.respond(ResponseCode.CONTENT, text.apply(data), MediaTypeRegistry.TEXT_PLAIN);
            }
        } catch (IllegalArgumentException e) {
            exchange.respond(ResponseCode.BAD_REQUEST, e.getMessage());
        } catch (Exception e) {
            Logger.warn(e, "management view {} failed", getName());
            exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "not available: " + e.getMessage());
        }
    }

    static int intParam(List<String> query, String key, int dflt, int max) {
        for (String q : query) {
            if (q.startsWith(key + "=")) {
                try {
                    int v = Integer.parseInt(q.substring(key.length() + 1));
                    if (v < 1 || v > max) throw new IllegalArgumentException(key + " must be 1.." + max);
                    return v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a number");
                }
            }
        }
        return dflt;
    }
}
