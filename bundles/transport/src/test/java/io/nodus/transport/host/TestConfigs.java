package io.nodus.transport.host;

import java.lang.reflect.Proxy;
import java.util.Map;

import io.nodus.transport.impl.host.HostConfig;

/** {@link HostConfig} instances for tests: the annotation's defaults, overridden by a map (no OSGi needed). */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** Defaults for tests: loopback IPv4 on a free port, mDNS off. */
    public static HostConfig hostConfig(Map<String, Object> overrides) {
        Map<String, Object> values = new java.util.HashMap<>();
        values.put("listen", new String[] {"/ip4/127.0.0.1/tcp/0"});
        values.put("mdnsEnabled", false);
        values.putAll(overrides);
        return (HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(), new Class<?>[] {HostConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> HostConfig.class;
                    case "toString" -> "HostConfig" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    public static HostConfig hostConfig() {
        return hostConfig(Map.of());
    }
}
