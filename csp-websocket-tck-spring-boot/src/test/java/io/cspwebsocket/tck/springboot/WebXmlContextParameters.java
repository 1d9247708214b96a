package io.cspwebsocket.tck.springboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads the {@code <context-param>}s of a {@code web.xml}, the only part of it a Spring Boot
 * application has an equivalent for ({@code server.servlet.context-parameters.*}). Embedded
 * Tomcat in Boot never reads a {@code web.xml}; anything else in it (a security constraint, a
 * login configuration) would be silently ignored, so it fails the deployment instead, naming it.
 */
final class WebXmlContextParameters {

    private WebXmlContextParameters() {
    }

    /**
     * @param webXml the {@code WEB-INF/web.xml} of an exploded archive; it may be absent
     * @return the context parameters in document order, empty without a {@code web.xml}
     * @throws DeploymentException if the file cannot be read or holds more than context parameters
     */
    static Map<String, String> read(Path webXml) throws DeploymentException {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!Files.exists(webXml)) {
            return parameters;
        }
        Element root;
        try {
            root = parser().parse(webXml.toFile()).getDocumentElement();
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new DeploymentException("cannot read " + webXml + ": " + e, e);
        }
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element element)) {
                continue;
            }
            if (!"context-param".equals(element.getLocalName())) {
                throw new DeploymentException("web.xml declares <" + element.getLocalName() + ">, which a Spring Boot"
                        + " application never reads; only <context-param> has an equivalent (server.servlet.context-parameters)");
            }
            parameters.put(text(element, "param-name"), text(element, "param-value"));
        }
        return parameters;
    }

    private static String text(Element parent, String name) throws DeploymentException {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && name.equals(element.getLocalName())) {
                return element.getTextContent().trim();
            }
        }
        throw new DeploymentException("a <context-param> of web.xml has no <" + name + ">");
    }

    /** A namespace-aware parser that refuses DTDs and external entities (the file is test input, still). */
    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory.newDocumentBuilder();
    }
}
