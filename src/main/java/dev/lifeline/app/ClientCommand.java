package dev.lifeline.app;

import dev.lifeline.mgmt.CoapSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/** {@code lifeline status|calls|cdr}: asks the running gateway's management API. */
final class ClientCommand {
    private ClientCommand() {}

    static int run(String command, Args a) {
        LogSetup.cli();
        String base = a.values().containsKey("coap") ? a.get("coap", null) : endpointFromDataDir(Path.of(a.get("data", "var")));
        String path = command.equals("cdr") ? "cdr?limit=" + a.get("limit", "20") : command;
        CoapSetup.configuration();
        CoapClient client;
        try {
            client = client(base + "/" + path, a);
        } catch (java.io.IOException e) {
            System.err.println("lifeline: " + e.getMessage());
            return 1;
        }
        client.setTimeout(3000L);
        try {
            CoapResponse r = client.get(a.flag("json") ? MediaTypeRegistry.APPLICATION_JSON : MediaTypeRegistry.TEXT_PLAIN);
            if (r == null) {
                System.err.println("lifeline: no answer from the gateway at " + base + " (is it running? see ./scripts/lifeline run)");
                return 1;
            }
            if (!r.isSuccess()) {
                System.err.println("lifeline: " + r.getCode() + " " + r.getResponseText());
                return 1;
            }
            String text = r.getResponseText();
            System.out.print(text.endsWith("\n") ? text : text + "\n");
            return 0;
        } catch (Exception e) {
            System.err.println("lifeline: cannot reach the gateway at " + base + ": " + e.getMessage());
            return 1;
        } finally {
            client.shutdown();
        }
    }

    /** {@code lifeline unblock SOURCE [USER]}: POSTs to the gateway's /unblock; prints what was lifted. */
    static int unblock(String source, String user, Args a) {
        LogSetup.cli();
        String base = a.values().containsKey("coap") ? a.get("coap", null) : endpointFromDataDir(Path.of(a.get("data", "var")));
        String query = "unblock?source=" + source + (user == null ? "" : "&user=" + user);
        CoapSetup.configuration();
        CoapClient client;
        try {
            client = client(base + "/" + query, a);
        } catch (java.io.IOException e) {
            System.err.println("lifeline: " + e.getMessage());
            return 1;
        }
        client.setTimeout(3000L);
        try {
            CoapResponse r = client.post("", MediaTypeRegistry.TEXT_PLAIN);
            if (r == null) {
                System.err.println("lifeline: no answer from the gateway at " + base + " (is it running? see ./scripts/lifeline run)");
                return 1;
            }
            System.out.println(r.getResponseText());
            return r.isSuccess() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("lifeline: cannot reach the gateway at " + base + ": " + e.getMessage());
            return 1;
        } finally {
            client.shutdown();
        }
    }

    /** A client for {@code uri}; for {@code coaps://} over DTLS with credentials from the data dir ({@link CliDtls}). */
    private static CoapClient client(String uri, Args a) throws java.io.IOException {
        CoapClient client = new CoapClient(uri);
        if (!uri.startsWith("coaps://")) return client;
        java.net.URI u = java.net.URI.create(uri);
        var server = new java.net.InetSocketAddress(u.getHost(), u.getPort() < 0 ? 5684 : u.getPort());
        client.setEndpoint(new org.eclipse.californium.core.network.CoapEndpoint.Builder()
                .setConnector(CliDtls.connector(Path.of(a.get("data", "var")), a.get("as", null), server))
                .setConfiguration(CoapSetup.configuration()).build());
        return client;
    }

    private static String endpointFromDataDir(Path data) {
        Path f = data.resolve("run/mgmt.uri");
        try {
            if (Files.exists(f)) return Files.readString(f).trim();
        } catch (java.io.IOException ignored) {
            // fall back to the default
        }
        return "coap://127.0.0.1:5683";
    }
}
