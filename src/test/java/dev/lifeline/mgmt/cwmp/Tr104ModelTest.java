package dev.lifeline.mgmt.cwmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.rig.acs.CwmpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Walks the whole {@code Device.Services.} tree a running gateway exposes (GetParameterNames and
 * GetParameterValues over the reference ACS) and checks every object and parameter against the
 * Broadband Forum's tr-104-2-0-0-full.xml: it must exist there, with the same type and the same
 * access (readWrite parameters are writable, readOnly ones are not; a table is writable when its
 * entries may be added and deleted).
 */
class Tr104ModelTest {
    private static final String PREFIX = "Device.Services.";

    /** TR-104: object template → parameter → "type|access"; objects → access. */
    private record Model(Map<String, Map<String, String>> params, Map<String, String> objects) { }

    /**
     * The demo site with fxs1, fxs2 and fxs4 registering at an HQ (that is not there: the walk needs
     * the objects, not HQ); fxs3 has no HQ identity.
     */
    static String withHqLines(String s, int hqPort) {
        s = dev.lifeline.it.HqSite.viaHq(s).replace(", upstream: { user: \"6002\", password: \"lifeline6002\" }", "");
        return s.replace("# no upstream (HQ) and no controller: the demo gateway runs stand-alone", """
                upstream:
                  servers: [ { host: 127.0.0.1, port: %d } ]
                  domain: hq.example
                """.formatted(hqPort));
    }

    @Test
    void everyExposedVoiceParameterIsInTr104WithTheSameTypeAndAccess() throws Exception {
        int hqPort = dev.lifeline.sip.FreePorts.udpAndTcp();
        try (CwmpRig rig = CwmpRig.withSite(s -> withHqLines(s, hqPort))) {
            assertNotNull(rig.acs.awaitInform(Duration.ofSeconds(10)));
            CompletableFuture<Element> names = rig.acs.queue(CwmpRig.gpn(PREFIX, false));
            CompletableFuture<Element> values = rig.acs.queue(CwmpRig.gpv(PREFIX));
            Thread.sleep(200);
            rig.clock.advance(ConnectionRequestServer.MIN_ACCEPT_GAP_MS);
            assertEquals(200, rig.connectionRequest());
            Map<String, Boolean> writable = CwmpRig.names(names.get(10, TimeUnit.SECONDS));
            Map<String, String> typed = CwmpRig.values(values.get(10, TimeUnit.SECONDS), true);
            assertEquals(List.of(), rig.acs.problems());
            assertEquals(List.of(), notInTr104(writable, typed));
            long params = writable.keySet().stream().filter(n -> !n.endsWith(".")).count();
            assertTrue(params > 40, "the walk saw the voice tree (" + params + " parameters)");
            String vs = CwmpRig.VS;
            for (String o : List.of("SIP.Client.1.", "SIP.Client.4.", "SIP.Network.1.", "CallControl.Extension.1.",
                    "CallControl.Extension.14.", "VoIPProfile.1.RTP.SRTP.", "SIP.Registrar.1.Account.10.")) {
                assertTrue(writable.containsKey(vs + o), o + " is walked");
            }
            assertEquals("sip:6000@hq.example|xsd:string", typed.get(vs + "SIP.Client.1.RegisterURI"));
            assertFalse(writable.containsKey(vs + "SIP.Client.3."), "fxs3 has no HQ identity: Client numbers follow the lines");
            assertEquals("3|xsd:unsignedInt", typed.get(vs + "SIP.ClientNumberOfEntries"));
            assertEquals("sip:6003@hq.example|xsd:string", typed.get(vs + "SIP.Client.4.RegisterURI"));
            assertEquals("|xsd:string", typed.get(vs + "SIP.Client.1.AuthPassword"), "write-only");
            assertEquals(vs + "SIP.Registrar.1.Account.10|xsd:string", typed.get(vs + "CallControl.Extension.14.Provider"));
        }
    }

    /**
     * The exposed objects and parameters ({@code writable}: name → writable; {@code typed}: name →
     * value|xsi:type) that are not in TR-104 with the same type and access; empty when all are.
     */
    static List<String> notInTr104(Map<String, Boolean> writable, Map<String, String> typed) throws Exception {
        Model tr104 = load();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : writable.entrySet()) {
            String name = e.getKey().substring(PREFIX.length());
            if (name.isEmpty()) continue; // Device.Services. is the TR-181 root's
            String template = name.replaceAll("\\.\\d+\\.", ".{i}.").replaceAll("\\.\\d+\\.", ".{i}.");
            if (name.endsWith(".")) {
                String access = tr104.objects().get(template);
                if (access == null) access = tr104.objects().get(template + "{i}."); // a table: its entries' access
                if (access == null) wrong.add(e.getKey() + ": no such object in TR-104");
                else if (e.getValue() != access.equals("readWrite")) wrong.add(e.getKey() + ": writable " + e.getValue() + " but TR-104 says " + access);
                continue;
            }
            int dot = template.lastIndexOf('.');
            String object = template.substring(0, dot + 1);
            String spec = tr104.params().getOrDefault(object, Map.of()).get(template.substring(dot + 1));
            if (spec == null) {
                wrong.add(e.getKey() + ": not in TR-104");
                continue;
            }
            String type = typed.get(e.getKey());
            String ours = (type == null ? "?" : type.substring(type.lastIndexOf('|') + 1).replace("xsd:", ""))
                    + "|" + (e.getValue() ? "readWrite" : "readOnly");
            if (!ours.equals(spec)) wrong.add(e.getKey() + ": ours " + ours + ", TR-104 " + spec);
        }
        return wrong;
    }

    private static Model load() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document doc = f.newDocumentBuilder().parse(CwmpSchema.BBF.resolve("tr-104-2-0-0-full.xml").toFile());
        Map<String, String> dataTypes = new HashMap<>();
        for (Element dt : elements(doc.getDocumentElement(), "dataType")) dataTypes.put(dt.getAttribute("name"), baseType(dt, null));
        // derived data types name their base; resolve until a primitive
        for (int i = 0; i < 3; i++) {
            for (Element dt : elements(doc.getDocumentElement(), "dataType")) {
                if (dataTypes.get(dt.getAttribute("name")) == null && !dt.getAttribute("base").isEmpty()) {
                    dataTypes.put(dt.getAttribute("name"), dataTypes.get(dt.getAttribute("base")));
                }
            }
        }
        Map<String, Map<String, String>> params = new HashMap<>();
        Map<String, String> objects = new HashMap<>();
        Element model = elements(doc.getDocumentElement(), "model").get(0);
        // the service model's own top-level parameter (Device.Services.VoiceServiceNumberOfEntries)
        for (Element p : elements(model, "parameter")) {
            params.computeIfAbsent("", k -> new HashMap<>()).put(p.getAttribute("name"), spec(p, dataTypes));
        }
        for (Element o : elements(model, "object")) {
            objects.put(o.getAttribute("name"), o.getAttribute("access"));
            Map<String, String> ps = params.computeIfAbsent(o.getAttribute("name"), k -> new HashMap<>());
            for (Element p : elements(o, "parameter")) ps.put(p.getAttribute("name"), spec(p, dataTypes));
        }
        return new Model(params, objects);
    }

    private static String spec(Element p, Map<String, String> dataTypes) {
        return baseType(elements(p, "syntax").get(0), dataTypes) + "|" + p.getAttribute("access");
    }

    /**
     * The primitive type of a syntax or dataType element: a list is a string (TR-106 §3.2.3: a list
     * travels as one comma-separated string, whatever its items are); a dataType ref is resolved.
     */
    private static String baseType(Element syntax, Map<String, String> dataTypes) {
        if (CwmpRig.children(syntax).stream().anyMatch(c -> c.getTagName().equals("list"))) return "string";
        for (Element c : CwmpRig.children(syntax)) {
            switch (c.getTagName()) {
                case "list", "description", "default", "units" -> { }
                case "dataType" -> {
                    return dataTypes == null ? null : dataTypes.get(c.getAttribute("ref"));
                }
                default -> {
                    return c.getTagName();
                }
            }
        }
        return null;
    }

    private static List<Element> elements(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Element c : CwmpRig.children(parent)) if (c.getTagName().equals(tag)) out.add(c);
        return out;
    }

}
