package io.nodus.identity.impl;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The DS descriptors bnd generated from the annotations say what the runtime needs. */
class ComponentDescriptorTest {

    @Test
    void identityProvidesNodeIdentityAndNeedsNodeInfo() throws IOException {
        String xml = descriptor(Ed25519NodeIdentity.class);
        assertTrue(xml.contains("<provide interface=\"io.nodus.api.identity.NodeIdentity\"/>"), xml);
        assertTrue(xml.contains("interface=\"io.nodus.api.node.NodeInfo\""), xml);
    }

    @Test
    void commandsAreInScopeP2p() throws IOException {
        String xml = descriptor(IdentityCommands.class);
        assertTrue(xml.contains("name=\"osgi.command.scope\" type=\"String\" value=\"p2p\""), xml);
        assertTrue(xml.contains("id\nkeyinfo"), xml);
        assertTrue(xml.contains("interface=\"io.nodus.api.identity.NodeIdentity\""), xml);
    }

    private static String descriptor(Class<?> component) throws IOException {
        try (InputStream in = ComponentDescriptorTest.class.getResourceAsStream(
                "/OSGI-INF/" + component.getName() + ".xml")) {
            assertNotNull(in, "bnd wrote OSGI-INF/" + component.getName() + ".xml");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
