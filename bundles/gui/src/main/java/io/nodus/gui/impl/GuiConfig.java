package io.nodus.gui.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value #PID} ({@code <data>/etc/io.nodus.gui.cfg}), applied live. A key the file does not set
 * falls back to the framework property {@code nodus.gui.<key>} (e.g. {@code ./nodus start -Dnodus.gui.port=8844}),
 * then to the default here.
 */
@ObjectClassDefinition(name = "Nodus GUI",
        description = "Web UI of the node: bind address, port and input limits")
public @interface GuiConfig {

    String PID = "io.nodus.gui";

    @AttributeDefinition(description = "Address the web UI listens on: loopback by default; 0.0.0.0 for every"
            + " interface (anyone who has the token can then use the node)")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port; 0 picks a free port on first start and keeps it in <data>/gui.port"
            + " so that open pages reconnect after a restart")
    int port() default 0;

    @AttributeDefinition(description = "Largest file the UI accepts for sending, in bytes")
    long maxFileBytes() default 64L << 20;

    @AttributeDefinition(description = "Longest chat message the UI accepts, in UTF-8 bytes")
    int maxMessageBytes() default 16 * 1024;

    @AttributeDefinition(description = "Live-update streams (open pages) served at once")
    int maxEventStreams() default 16;
}
