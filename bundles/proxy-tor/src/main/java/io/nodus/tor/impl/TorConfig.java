package io.nodus.tor.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value #PID} ({@code <data>/etc/io.nodus.tor.cfg}), applied live. A key the file does not set
 * falls back to the framework property {@code nodus.tor.<key>} ({@code ./nodus start --tor-socks H:P --tor-control
 * H:P}), then to the default.
 */
@ObjectClassDefinition(pid = TorConfig.PID, name = "Nodus Tor provider",
        description = "Tor daemon (managed or attached), onion service, circuit health and identity rotation")
public @interface TorConfig {

    String PID = "io.nodus.tor";

    @AttributeDefinition(description = "auto: attach when a control port is given, managed when useTor=true, else"
            + " off; or attach, managed, off")
    String mode() default "auto";

    @AttributeDefinition(description = "attach: tor's SocksPort, host:port (empty: ask tor over the control port)")
    String socks() default "";

    @AttributeDefinition(description = "attach: tor's ControlPort, host:port")
    String control() default "";

    @AttributeDefinition(description = "Control-port password (HashedControlPassword); empty: cookie authentication",
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String controlPassword() default "";

    @AttributeDefinition(description = "Cookie file; empty: the one tor names in PROTOCOLINFO")
    String cookieFile() default "";

    @AttributeDefinition(description = "managed: the tor binary")
    String binary() default "tor";

    @AttributeDefinition(description = "managed: a file whose lines are added to the generated torrc (e.g. a private"
            + " network's TestingTorNetwork and DirAuthority lines)")
    String torrcFragment() default "";

    @AttributeDefinition(description = "Publish an onion service forwarding to this node's libp2p listener")
    boolean onionService() default true;

    @AttributeDefinition(description = "Virtual port of the onion service (the port in /onion3/<address>:<port>)")
    int onionPort() default 4001;

    @AttributeDefinition(description = "Seconds between health checks (bootstrap phase, circuit established)")
    int statusCheckSeconds() default 5;

    @AttributeDefinition(description = "Minutes between automatic SIGNAL NEWNYM (0: only on command)")
    int newnymMinutes() default 0;

    @AttributeDefinition(description = "managed: seconds tor may take to start and open its control port")
    int startTimeoutSeconds() default 30;
}
