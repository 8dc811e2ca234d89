package dev.lifeline.rig.acs;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;

/**
 * The Broadband Forum's cwmp-1-4.xsd (with cwmp-1-3 and cwmp-1-2 it includes), read from
 * {@code ../shared/testdata/bbf/}, for checking what the agent sends: the envelope's shape is
 * checked here (SOAP 1.1 Envelope, Header with cwmp:ID, Body with one element), and the body's
 * element — or a SOAP fault's {@code detail/cwmp:Fault} — is validated against the schema. The
 * SOAP namespaces the schema imports are small local stand-ins (src/test/resources/bbf).
 */
public final class CwmpSchema {
    static final String ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String CWMP = "urn:dslforum-org:cwmp-1-2";
    public static final Path BBF = bbf();

    /**
     * {@code ../shared/testdata/bbf} beside the project; a git worktree under {@code wt/<name>}
     * finds it one level further up.
     */
    private static Path bbf() {
        Path home = Path.of(System.getProperty("lifeline.project.dir", ".")).toAbsolutePath().normalize();
        for (Path p : new Path[] {home.resolve("../shared/testdata/bbf"), home.resolve("../../shared/testdata/bbf")}) {
            if (Files.isDirectory(p)) return p.normalize();
        }
        return home.resolve("../shared/testdata/bbf").normalize();
    }
    private final Schema schema;

    public CwmpSchema() throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.setResourceResolver(resolver());
        schema = f.newSchema(new StreamSource(BBF.resolve("cwmp-1-4.xsd").toFile()));
    }

    /** Problems with one message the agent sent (empty when it is valid). */
    public List<String> check(byte[] xml) {
        List<String> out = new ArrayList<>();
        Document doc;
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setNamespaceAware(true);
            doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            return List.of("not XML: " + e.getMessage());
        }
        Element env = doc.getDocumentElement();
        if (!ENV.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) return List.of("not a SOAP 1.1 Envelope");
        Element header = child(env, ENV, "Header");
        if (header == null || child(header, CWMP, "ID") == null) out.add("no cwmp:ID header");
        Element body = child(env, ENV, "Body");
        if (body == null) return List.of("no Body");
        List<Element> kids = children(body);
        if (kids.size() != 1) return List.of("the Body has " + kids.size() + " elements, expected 1");
        Element rpc = kids.get(0);
        if (ENV.equals(rpc.getNamespaceURI()) && "Fault".equals(rpc.getLocalName())) {
            Element detail = child(rpc, null, "detail");
            rpc = detail == null ? null : child(detail, CWMP, "Fault");
            if (rpc == null) return List.of("a SOAP Fault without detail/cwmp:Fault");
        }
        try {
            Validator v = schema.newValidator();
            v.validate(new DOMSource(rpc));
        } catch (Exception e) {
            out.add(rpc.getLocalName() + ": " + e.getMessage());
        }
        return out;
    }

    static Element child(Element parent, String ns, String local) {
        for (Element e : children(parent)) {
            if (local.equals(e.getLocalName()) && (ns == null || ns.equals(e.getNamespaceURI()))) return e;
        }
        return null;
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element e) out.add(e);
        return out;
    }

    private static LSResourceResolver resolver() {
        return (type, namespace, publicId, systemId, baseUri) -> {
            try {
                InputStream in;
                if ("http://schemas.xmlsoap.org/soap/envelope/".equals(namespace)) {
                    in = CwmpSchema.class.getResourceAsStream("/bbf/soap-envelope.xsd");
                } else if ("http://schemas.xmlsoap.org/soap/encoding/".equals(namespace)) {
                    in = CwmpSchema.class.getResourceAsStream("/bbf/soap-encoding.xsd");
                } else if (systemId != null && systemId.matches(".*cwmp-1-[0-9]\\.xsd")) {
                    in = Files.newInputStream(BBF.resolve(systemId.substring(systemId.lastIndexOf('/') + 1)));
                } else {
                    return null;
                }
                return new Input(in, systemId, publicId, baseUri);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private record Input(InputStream byteStream, String systemId, String publicId, String baseURI) implements LSInput {
        @Override public Reader getCharacterStream() { return null; }
        @Override public void setCharacterStream(Reader r) { }
        @Override public InputStream getByteStream() { return byteStream; }
        @Override public void setByteStream(InputStream s) { }
        @Override public String getStringData() { return null; }
        @Override public void setStringData(String s) { }
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String s) { }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String s) { }
        @Override public String getBaseURI() { return baseURI; }
        @Override public void setBaseURI(String s) { }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String s) { }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean b) { }
    }
}
