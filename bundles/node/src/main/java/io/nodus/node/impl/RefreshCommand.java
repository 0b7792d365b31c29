package io.nodus.node.impl;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code refresh [bundle ...]}: Gogo Command 1.1.2's {@code refresh} fails without arguments
 * (it passes a null array on), so Nodus serves the command itself, ranked above Gogo's. Waits until
 * the framework reports the packages refreshed, so scripts can rely on the result.
 */
@Component(service = RefreshCommand.class, property = {
        "osgi.command.scope=felix",
        "osgi.command.function=refresh",
        "service.ranking:Integer=100"})
public class RefreshCommand {

    static final long REFRESH_WAIT_SECONDS = 30;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("refresh the wiring of the given bundles, or of all bundles pending removal or update")
    public String refresh(@Descriptor("bundles to refresh (none: all that need it)") Bundle... bundles)
            throws InterruptedException {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles == null || bundles.length == 0 ? null : Arrays.asList(bundles), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        if (!done.await(REFRESH_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("refresh did not finish within " + REFRESH_WAIT_SECONDS + " s");
        }
        return bundles == null || bundles.length == 0 ? "refreshed" : "refreshed " + bundles.length + " bundle(s)";
    }
}
