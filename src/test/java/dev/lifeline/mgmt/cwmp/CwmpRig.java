package dev.lifeline.mgmt.cwmp;

import dev.lifeline.app.Gateway;
import dev.lifeline.app.GatewayOptions;
import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.rig.acs.ReferenceAcs;
import dev.lifeline.util.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * A real gateway (demo site on the sim board) with a {@code tr069} section pointing at a
 * {@link ReferenceAcs}, on a clock the test can move forward (real time plus an offset: the
 * gateway's own timers keep running, the agent's periodic and retry timers jump).
 */
final class CwmpRig implements AutoCloseable {
    static final Path HOME = Path.of(System.getProperty("lifeline.project.dir", "."));
    static final String CR_USER = "acs-cr";
    static final String CR_PASSWORD = "cr-secret-1";
    static final String VS = "Device.Services.VoiceService.1.";

    /** System time plus an offset the test moves. */
    static final class JumpClock implements Clock {
        private volatile long offset;
        @Override public long millis() { return Clock.SYSTEM.millis() + offset; }
        @Override public Instant now() { return Instant.now().plusMillis(offset); }
        void advance(long ms) { offset += ms; }
    }

    final ReferenceAcs acs;
    final JumpClock clock = new JumpClock();
    final Path data;
    /** Exit statuses the gateway asked for (a Reboot): recorded, the test JVM keeps running. */
    final java.util.concurrent.BlockingQueue<Integer> exits = new java.util.concurrent.LinkedBlockingQueue<>();
    Gateway gateway;

    CwmpRig() throws Exception {
        this(acs -> { });
    }

    /** With the ACS prepared by {@code setUp} before the gateway starts. */
    CwmpRig(java.util.function.Consumer<ReferenceAcs> setUp) throws Exception {
        this(new ReferenceAcs("cpe-gw-demo", "acs-pass-1"), "");
        setUp.accept(acs);
        start();
    }

    /** Started, with the demo site's text edited by {@code siteEdit} (before the {@code tr069} section is added). */
    static CwmpRig withSite(java.util.function.UnaryOperator<String> siteEdit) throws Exception {
        CwmpRig rig = new CwmpRig(new ReferenceAcs("cpe-gw-demo", "acs-pass-1"), "");
        rig.siteEdit = siteEdit;
        try {
            rig.start();
        } catch (Exception e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    private java.util.function.UnaryOperator<String> siteEdit = s -> s;

    /** Not started yet: with {@code acs} (made for user cpe-gw-demo, acs-pass-1) and more {@code tr069} keys. */
    CwmpRig(ReferenceAcs acs, String extraTr069) throws Exception {
        this.acs = acs;
        this.extraTr069 = extraTr069;
        this.data = Files.createTempDirectory("lifeline-cwmp");
    }

    private final String extraTr069;

    void start() throws Exception {
        BoardProfile board = ConfigLoader.loadBoard(HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
        String text = siteEdit.apply(Files.readString(HOME.resolve("site-configs/demo.yaml"))) + tr069Section();
        SiteConfig site = ConfigLoader.loadSite(text, "demo.yaml", board);
        gateway = Gateway.start(new GatewayOptions(board.withSimListen("127.0.0.1", 0), site, "demo.yaml", data, clock,
                0, 0, dev.lifeline.sip.FreePorts.udpAndTcp()).withExit(exits::add));
    }

    /** The {@code tr069} section the rig's gateway runs with (a controller's push must carry it to keep the agent). */
    String tr069Section() {
        return """

                tr069:
                  acs-url: %s
                  username: cpe-gw-demo
                  password: acs-pass-1
                  periodic-inform-interval: 1h
                  connection-request: { host: 127.0.0.1, port: 0, username: %s, password: %s }
                """.formatted(acs.url(), CR_USER, CR_PASSWORD) + extraTr069.indent(2);
    }

    void restart() throws Exception {
        gateway.close();
        start();
    }

    CwmpAgent agent() { return gateway.cwmp(); }

    int connectionRequest() throws Exception {
        return ReferenceAcs.connectionRequest(agent().connectionRequestUrl(), CR_USER, CR_PASSWORD);
    }

    static String gpv(String... names) {
        StringBuilder b = new StringBuilder("<cwmp:GetParameterValues><ParameterNames soapenc:arrayType=\"xsd:string["
                + names.length + "]\">");
        for (String n : names) b.append("<string>").append(n).append("</string>");
        return b.append("</ParameterNames></cwmp:GetParameterValues>").toString();
    }

    static String gpn(String path, boolean nextLevel) {
        return "<cwmp:GetParameterNames><ParameterPath>" + path + "</ParameterPath><NextLevel>" + nextLevel
                + "</NextLevel></cwmp:GetParameterNames>";
    }

    /** A SetParameterValues; {@code nameTypeValue} is name, xsd type, value, repeated. */
    static String spv(String key, String... nameTypeValue) {
        StringBuilder b = new StringBuilder("<cwmp:SetParameterValues><ParameterList soapenc:arrayType=\"cwmp:ParameterValueStruct["
                + nameTypeValue.length / 3 + "]\">");
        for (int i = 0; i < nameTypeValue.length; i += 3) {
            b.append("<ParameterValueStruct><Name>").append(nameTypeValue[i]).append("</Name><Value xsi:type=\"")
                    .append(nameTypeValue[i + 1]).append("\">").append(nameTypeValue[i + 2]).append("</Value></ParameterValueStruct>");
        }
        return b.append("</ParameterList><ParameterKey>").append(key).append("</ParameterKey></cwmp:SetParameterValues>").toString();
    }

    /** Parameter name → fault code of the SetParameterValuesFaults in a 9003 fault. */
    static Map<String, String> parameterFaults(Element fault) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Element e : children(fault)) {
            if (e.getLocalName().equals("SetParameterValuesFault")) {
                out.put(ReferenceAcs.text(e, "ParameterName"), ReferenceAcs.text(e, "FaultCode"));
            }
        }
        return out;
    }

    static String spa(String name, int notification) {
        return "<cwmp:SetParameterAttributes><ParameterList soapenc:arrayType=\"cwmp:SetParameterAttributesStruct[1]\">"
                + "<SetParameterAttributesStruct><Name>" + name + "</Name><NotificationChange>true</NotificationChange>"
                + "<Notification>" + notification + "</Notification><AccessListChange>false</AccessListChange>"
                + "<AccessList soapenc:arrayType=\"xsd:string[0]\"/></SetParameterAttributesStruct></ParameterList>"
                + "</cwmp:SetParameterAttributes>";
    }

    /** Name → value (with {@code |xsi:type} appended when asked) of a GetParameterValuesResponse. */
    static Map<String, String> values(Element response, boolean withType) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element s : children(child(response, "ParameterList"))) {
            Element v = child(s, "Value");
            String type = v.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type");
            out.put(ReferenceAcs.text(s, "Name"), v.getTextContent() + (withType ? "|" + type : ""));
        }
        return out;
    }

    /** Name → writable of a GetParameterNamesResponse. */
    static Map<String, Boolean> names(Element response) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Element s : children(child(response, "ParameterList"))) {
            out.put(ReferenceAcs.text(s, "Name"), Boolean.parseBoolean(ReferenceAcs.text(s, "Writable")));
        }
        return out;
    }

    /** The CWMP fault code of a SOAP fault answer, or null when it is not a fault. */
    static Element cwmpFault(Element answer) {
        if (!answer.getLocalName().equals("Fault")) return null;
        return child(child(answer, "detail"), "Fault");
    }

    static Element child(Element e, String name) {
        for (Element c : children(e)) if (c.getLocalName().equals(name)) return c;
        return null;
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element x) out.add(x);
        return out;
    }

    @Override
    public void close() {
        if (gateway != null) gateway.close();
        acs.close();
    }
}
