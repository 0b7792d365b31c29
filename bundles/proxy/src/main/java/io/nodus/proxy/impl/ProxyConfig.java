package io.nodus.proxy.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value #PID} ({@code <data>/etc/io.nodus.proxy.cfg}), applied live. A key the file does not set
 * falls back to the launcher's framework property ({@code ./nodus start --use-tor --proxy URL}), then to the default.
 */
@ObjectClassDefinition(name = "Nodus outbound routing",
        description = "How outbound connections leave the node: direct, SOCKS5 proxy or Tor; fail-closed")
public @interface ProxyConfig {

    String PID = "io.nodus.proxy";

    @AttributeDefinition(description = "Route every outbound connection through Tor (framework property nodus.useTor)")
    boolean useTor() default false;

    @AttributeDefinition(description = "SOCKS5 proxy for every outbound connection: socks5://[user:pass@]host:port,"
            + " or none (framework property nodus.proxy)")
    String proxy() default "none";

    @AttributeDefinition(description = "When Tor or the proxy is unavailable, connect directly instead of refusing"
            + " (framework property nodus.allowDirectFallback)")
    boolean allowDirectFallback() default false;

    @AttributeDefinition(description = "Peer IDs allowed to read and change this configuration remotely over"
            + " /nodus/proxy-admin/1.0.0, comma-separated (framework property nodus.proxy.admins)")
    String admins() default "";

    @AttributeDefinition(description = "Seconds between reachability checks of the SOCKS5 proxy")
    int healthCheckSeconds() default 10;
}
