package dev.lifeline.mgmt.cwmp;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * SOAP 1.1 envelopes of CWMP (TR-069 §3.4, namespace {@code urn:dslforum-org:cwmp-1-2}, which is
 * the namespace of CWMP 1.4 too). Built and read with the JDK's DOM: messages are small (a whole
 * GetParameterValues of the tree is a few tens of kB) and DOM keeps the code short. Parsing
 * refuses DOCTYPEs (no entity expansion from an ACS).
 *
 * <p>Only the RPC element is in the cwmp namespace; its arguments are unqualified, as the schema's
 * {@code elementFormDefault="unqualified"} says. Arrays carry {@code soapenc:arrayType}.
 */
final class Soap {
    static final String ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String ENC = "http://schemas.xmlsoap.org/soap/encoding/";
    static final String CWMP = "urn:dslforum-org:cwmp-1-2";
    static final String XSD = "http://www.w3.org/2001/XMLSchema";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    /** Largest ACS message the agent reads. */
    static final int MAX_MESSAGE = 1 << 20;

    private Soap() {}

    /** A message being built: its document and the RPC element (or Fault) in the body. */
    record Message(Document doc, Element body) {
        /** Adds the cwmp-qualified RPC element, e.g. {@code GetParameterValuesResponse}. */
        Element rpc(String name) {
            Element e = doc.createElementNS(CWMP, "cwmp:" + name);
            body.appendChild(e);
            return e;
        }

        String xml() { return serialize(doc); }
    }

    /** A received message. */
    record Received(String id, boolean holdRequests, Element rpc) {
        /** The RPC's local name ({@code Fault} for a SOAP fault), or null for an empty body. */
        String name() { return rpc == null ? null : rpc.getLocalName(); }
    }

    static Message envelope(String id) {
        Document doc = builder().newDocument();
        Element env = doc.createElementNS(ENV, "soapenv:Envelope");
        env.setAttributeNS(XMLNS, "xmlns:soapenc", ENC);
        env.setAttributeNS(XMLNS, "xmlns:cwmp", CWMP);
        env.setAttributeNS(XMLNS, "xmlns:xsd", XSD);
        env.setAttributeNS(XMLNS, "xmlns:xsi", XSI);
        doc.appendChild(env);
        if (id != null) {
            Element header = doc.createElementNS(ENV, "soapenv:Header");
            Element idEl = doc.createElementNS(CWMP, "cwmp:ID");
            idEl.setAttributeNS(ENV, "soapenv:mustUnderstand", "1");
            idEl.setTextContent(id);
            header.appendChild(idEl);
            env.appendChild(header);
        }
        Element body = doc.createElementNS(ENV, "soapenv:Body");
        env.appendChild(body);
        return new Message(doc, body);
    }

    /** Appends an unqualified child with text. */
    static Element add(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(null, name);
        if (text != null) e.setTextContent(text);
        parent.appendChild(e);
        return e;
    }

    /** Appends an unqualified SOAP-encoded array of {@code n} items of {@code itemType} (e.g. {@code cwmp:EventStruct}). */
    static Element array(Element parent, String name, String itemType, int n) {
        Element e = add(parent, name, null);
        e.setAttributeNS(ENC, "soapenc:arrayType", itemType + "[" + n + "]");
        return e;
    }

    /** A ParameterValueStruct with its typed value. */
    static void value(Element list, String name, String xsdType, String value) {
        Element s = add(list, "ParameterValueStruct", null);
        add(s, "Name", name);
        Element v = add(s, "Value", value);
        v.setAttributeNS(XSI, "xsi:type", xsdType);
    }

    /**
     * A SOAP fault carrying a CWMP fault (TR-069 §A.5): {@code Client} for 9001–9019 the ACS caused,
     * {@code Server} for 9002 and other internal failures.
     */
    static Message fault(String id, Fault f) {
        Message m = envelope(id);
        Element sf = m.doc().createElementNS(ENV, "soapenv:Fault");
        m.body().appendChild(sf);
        add(sf, "faultcode", f.code() == 9002 || f.code() == 9004 ? "Server" : "Client");
        add(sf, "faultstring", "CWMP fault");
        Element detail = add(sf, "detail", null);
        Element cf = m.doc().createElementNS(CWMP, "cwmp:Fault");
        detail.appendChild(cf);
        add(cf, "FaultCode", Integer.toString(f.code()));
        add(cf, "FaultString", f.message());
        for (Fault.ParameterFault p : f.parameters()) {
            Element pf = add(cf, "SetParameterValuesFault", null);
            add(pf, "ParameterName", p.name());
            add(pf, "FaultCode", Integer.toString(p.code()));
            add(pf, "FaultString", p.message());
        }
        return m;
    }

    static Received parse(byte[] xml) throws CwmpException {
        Document doc;
        try {
            doc = builder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new CwmpException("not a SOAP message: " + e.getMessage());
        }
        Element env = doc.getDocumentElement();
        if (!ENV.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) {
            throw new CwmpException("not a SOAP 1.1 envelope: " + env.getNodeName());
        }
        String id = null;
        boolean hold = false;
        Element header = child(env, ENV, "Header");
        if (header != null) {
            Element idEl = child(header, CWMP, "ID");
            if (idEl != null) id = idEl.getTextContent().strip();
            Element holdEl = child(header, CWMP, "HoldRequests");
            if (holdEl != null) hold = Boolean.parseBoolean(holdEl.getTextContent().strip()) || "1".equals(holdEl.getTextContent().strip());
        }
        Element body = child(env, ENV, "Body");
        if (body == null) throw new CwmpException("SOAP envelope without a Body");
        List<Element> kids = children(body);
        return new Received(id, hold, kids.isEmpty() ? null : kids.get(0));
    }

    static Element child(Element parent, String ns, String local) {
        for (Element e : children(parent)) {
            if (local.equals(e.getLocalName()) && (ns == null || ns.equals(e.getNamespaceURI()))) return e;
        }
        return null;
    }

    /** Text of an unqualified child (any namespace accepted: some ACSs qualify arguments). */
    static String text(Element parent, String local) {
        Element e = child(parent, null, local);
        return e == null ? null : e.getTextContent().strip();
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }

    static String serialize(Document doc) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(Message m) { return m.xml().getBytes(StandardCharsets.UTF_8); }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
