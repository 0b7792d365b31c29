package io.nodus.node.impl;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.nodus.api.node.NodeInfo;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.Multiaddr;

/**
 * Prints the one line scripts wait for, once the framework has started and (when the profile has a
 * transport) the host listens:
 * {@code NODUS READY profile=<p> peer=<peer-id> addrs=<addr,addr>}.
 */
@Component
public class ReadyAnnouncer {

    static final String TRANSPORT_BUNDLE = "io.nodus.transport";
    static final long HOST_WAIT_SECONDS = 60;

    @Reference
    private NodeInfo node;

    /** READY promises that {@code ./nodus shell} can attach. */
    @Reference
    private ShellEndpoint shell;

    @Reference(service = LoggerFactory.class)
    private Logger log;

    private volatile Host host;

    private final CountDownLatch frameworkStarted = new CountDownLatch(1);
    private final CountDownLatch hostArrived = new CountDownLatch(1);
    private FrameworkListener listener;
    private Thread announcer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindHost(Host h) {
        host = h;
        hostArrived.countDown();
    }

    void unbindHost(Host h) {
        if (host == h) {
            host = null;
        }
    }

    @Activate
    void activate(BundleContext context) {
        listener = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                frameworkStarted.countDown();
            }
        };
        context.addFrameworkListener(listener);
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            frameworkStarted.countDown();
        }
        boolean hasTransport = Arrays.stream(context.getBundles())
                .anyMatch(b -> TRANSPORT_BUNDLE.equals(b.getSymbolicName()));
        announcer = new Thread(() -> announce(hasTransport), "nodus-ready");
        announcer.setDaemon(true);
        announcer.start();
    }

    @Deactivate
    void deactivate(BundleContext context) {
        context.removeFrameworkListener(listener);
        announcer.interrupt();
    }

    private void announce(boolean hasTransport) {
        try {
            frameworkStarted.await();
            String peer = "";
            String addrs = "";
            if (hasTransport) {
                if (!hostArrived.await(HOST_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    log.error("transport host did not come up within {} s; announcing without it", HOST_WAIT_SECONDS);
                }
                Host h = host;
                if (h != null) {
                    peer = h.peerId().toString();
                    List<Multiaddr> listen = h.listenAddrs();
                    addrs = listen.stream().map(Multiaddr::toString).collect(Collectors.joining(","));
                }
            }
            PrintStream out = System.out;
            out.println(readyLine(node.profile(), peer, addrs));
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String readyLine(String profile, String peer, String addrs) {
        return "NODUS READY profile=" + profile + " peer=" + peer + " addrs=" + addrs;
    }
}
