package io.nodus.pubsub.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The DS descriptors bnd generated from the annotations say what the runtime needs. */
class ComponentDescriptorTest {

    @Test
    void pubSubIsImmediateConfigurableAndNeedsHostAndIdentityStatically() throws IOException {
        String xml = descriptor(PubSubService.class);
        assertTrue(xml.contains("<provide interface=\"io.nodus.api.pubsub.PubSub\"/>"), xml);
        assertTrue(xml.contains("immediate=\"true\""), xml);
        assertTrue(xml.contains("configuration-pid=\"io.nodus.pubsub\""), xml);
        assertTrue(xml.contains("configuration-policy=\"optional\""), xml);
        assertTrue(xml.contains("modified=\"modified\""), xml);
        String host = line(xml, "interface=\"io.nodus.api.transport.Host\"");
        assertFalse(host.contains("policy=\"dynamic\"") || host.contains("cardinality=\"0"), host);
        String identity = line(xml, "interface=\"io.nodus.api.identity.NodeIdentity\"");
        assertFalse(identity.contains("policy=\"dynamic\""), identity);
        String validators = line(xml, "interface=\"io.nodus.api.pubsub.TopicValidator\"");
        assertTrue(validators.contains("cardinality=\"0..n\"") && validators.contains("policy=\"dynamic\"")
                && validators.contains("policy-option=\"greedy\""), validators);
    }

    @Test
    void commandsAreImmediateInScopePubsub() throws IOException {
        String xml = descriptor(PubSubCommands.class);
        assertTrue(xml.contains("name=\"osgi.command.scope\" type=\"String\" value=\"pubsub\""), xml);
        assertTrue(xml.contains("subscribe\nunsubscribe\npublish\npeers\ntopics\nmessages"), xml);
        assertTrue(xml.contains("immediate=\"true\""), xml);
    }

    @Test
    void configurationHasAMetatype() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/metatype/" + PubSubConfig.class.getName()
                + ".xml")) {
            assertNotNull(in, "bnd wrote the metatype");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("pid=\"io.nodus.pubsub\""), xml);
            assertTrue(xml.contains("id=\"router\"") && xml.contains("id=\"maxRpcBytes\""), xml);
        }
    }

    private static String line(String xml, String needle) {
        return xml.lines().filter(l -> l.contains(needle)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + needle + " in\n" + xml));
    }

    private static String descriptor(Class<?> component) throws IOException {
        try (InputStream in = ComponentDescriptorTest.class.getResourceAsStream(
                "/OSGI-INF/" + component.getName() + ".xml")) {
            assertNotNull(in, "bnd wrote OSGI-INF/" + component.getName() + ".xml");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
