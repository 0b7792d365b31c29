package io.nodus.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Boots one profile's exported bundle set in Felix and checks that every bundle is ACTIVE (fragments
 * RESOLVED) and every DS component of it is satisfied. Subclasses name the profile.
 */
public abstract class ProfileBootTestBase {

    /** Bundles Pax Exam brings for itself; they are not part of the profile under test. */
    static final List<String> HARNESS_PREFIXES = List.of("org.ops4j.", "PAXEXAM-PROBE", "org.apache.servicemix.bundles.",
            "jakarta.inject", "javax.inject");

    @Inject
    protected BundleContext context;

    @Inject
    protected ServiceComponentRuntime scr;

    protected abstract String profile();

    @Configuration
    public Option[] config() throws Exception {
        return ExportedProfile.paxOptions(profile());
    }

    private static boolean isHarness(Bundle b) {
        String bsn = String.valueOf(b.getSymbolicName());
        return HARNESS_PREFIXES.stream().anyMatch(bsn::startsWith) || b.getBundleId() == 0;
    }

    @Test
    public void everyBundleOfTheProfileIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (isHarness(b)) {
                continue;
            }
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName() + " state=" + b.getState());
            }
        }
        assertTrue("bundles not active in profile " + profile() + ": " + notActive, notActive.isEmpty());
        assertTrue("profile has the node core", context.getServiceReference("io.nodus.api.node.NodeInfo") != null);
    }

    @Test
    public void everyComponentIsSatisfied() throws InterruptedException {
        List<String> unsatisfied = new ArrayList<>();
        int checked = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.defaultEnabled || "require".equals(d.configurationPolicy)) {
                continue; // components waiting for configuration by design
            }
            checked++;
            List<ComponentConfigurationDTO> configs = new ArrayList<>(scr.getComponentConfigurationDTOs(d));
            boolean ok = !configs.isEmpty() && configs.stream().allMatch(c -> c.state != ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                    && c.state != ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION && c.state != ComponentConfigurationDTO.FAILED_ACTIVATION);
            if (!ok) {
                unsatisfied.add(d.name + " " + configs.stream()
                        .map(c -> "state=" + c.state + " unsatisfied=" + List.of(c.unsatisfiedReferences).stream()
                                .map(r -> r.name).collect(Collectors.toList())
                                + (c.failure == null ? "" : " failure=" + c.failure))
                        .collect(Collectors.joining("; ")));
            }
        }
        assertTrue("no DS components found", checked > 0);
        assertEquals("unsatisfied components in profile " + profile(), List.of(), unsatisfied);
    }
}
