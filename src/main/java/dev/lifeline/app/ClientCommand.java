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
        CoapClient client = new CoapClient(base + "/" + path);
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
        CoapClient client = new CoapClient(base + "/" + query);
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
