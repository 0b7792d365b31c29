package io.nodus.transport.impl.host;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the libp2p host, PID {@value #PID} ({@code etc/io.nodus.transport.cfg}). */
@ObjectClassDefinition(name = "Nodus libp2p host",
        description = "TCP listen addresses, bootstrap peers, connection limits and mDNS discovery")
public @interface HostConfig {

    String PID = "io.nodus.transport";

    @AttributeDefinition(description = "Multiaddrs to listen on, e.g. /ip4/0.0.0.0/tcp/4001 (port 0 picks a free port)")
    String[] listen() default {"/ip4/127.0.0.1/tcp/0", "/ip6/::1/tcp/0"};

    @AttributeDefinition(description = "Peers dialed at start and redialed with backoff: multiaddrs, best ending in "
            + "/p2p/<id>; without it any peer the address reaches is accepted (its id comes from the Noise handshake)")
    String[] bootstrap() default {};

    @AttributeDefinition(description = "Most live connections; beyond it the oldest idle connection is closed or the new one refused")
    int maxConnections() default 200;

    @AttributeDefinition(description = "Close connections without streams after this many idle seconds (0: never)")
    int idleTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Limit for TCP connect plus connection upgrade when dialing")
    int dialTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Inbound connections must finish Noise and Yamux within this many seconds")
    int handshakeTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Announce and discover peers on the local network with multicast DNS")
    boolean mdnsEnabled() default true;

    @AttributeDefinition(description = "Network interfaces for mDNS, e.g. eth0 (empty: every interface that is up and multicast-capable)")
    String[] mdnsInterfaces() default {};

    @AttributeDefinition(description = "Addresses announced to peers (identify listenAddrs, mDNS) in place of the "
            + "listen addresses, e.g. a public or NATed address; AddressSource addresses (e.g. the onion service) "
            + "are announced too. Empty: the listen addresses")
    String[] announceAddrs() default {};

    @AttributeDefinition(description = "Announce only the addresses of AddressSource services (with Tor: the onion "
            + "address), never a listen or announceAddrs address, so no LAN or loopback address leaks")
    boolean announceOnlyAddressSources() default false;

    @AttributeDefinition(description = "identify agentVersion; empty means nodus/<bundle version>")
    String agentVersion() default "";
}
