package io.nodus.transport.impl.host;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;

/** The identify {@code agentVersion}: {@code nodus/<bundle version>} unless configured. */
final class AgentVersion {

    static final String DEFAULT = "nodus/" + bundleVersion();

    private AgentVersion() {
    }

    static String of(String configured) {
        return configured == null || configured.isBlank() ? DEFAULT : configured.trim();
    }

    private static String bundleVersion() {
        try {
            Bundle bundle = FrameworkUtil.getBundle(AgentVersion.class);
            if (bundle != null) {
                Version v = bundle.getVersion();
                return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
            }
        } catch (RuntimeException | LinkageError e) {
            // not in an OSGi framework (unit tests)
        }
        return "dev";
    }
}
