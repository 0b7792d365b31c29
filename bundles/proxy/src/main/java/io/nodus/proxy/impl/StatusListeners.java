package io.nodus.proxy.impl;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.proxy.ProxyStatusListener;

/**
 * The {@link ProxyStatusListener} whiteboard as one component sees it; a failing listener never stops the others.
 * The routing policy tracks listeners with a DS reference; providers look them up when they fire
 * ({@link #fireAll}), because the policy is itself a listener of the providers it references and DS references
 * both ways would be a cycle.
 */
final class StatusListeners {

    private static final System.Logger LOG = System.getLogger(StatusListeners.class.getName());

    private final List<ProxyStatusListener> listeners = new CopyOnWriteArrayList<>();

    void add(ProxyStatusListener l) {
        listeners.add(l);
    }

    void remove(ProxyStatusListener l) {
        listeners.remove(l);
    }

    void fire(ProxyStatus status) {
        LOG.log(Level.INFO, "proxy status: {0}", status);
        for (ProxyStatusListener l : listeners) {
            try {
                l.statusChanged(status);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "proxy status listener " + l + " failed", e);
            }
        }
    }

    /** Tells every registered listener, looked up now. */
    static void fireAll(BundleContext context, ProxyStatus status) {
        LOG.log(Level.INFO, "proxy status: {0}", status);
        java.util.Collection<ServiceReference<ProxyStatusListener>> refs;
        try {
            refs = context.getServiceReferences(ProxyStatusListener.class, null);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return; // no filter, or the bundle is stopping
        }
        for (ServiceReference<ProxyStatusListener> ref : refs) {
            ProxyStatusListener l = context.getService(ref);
            if (l == null) {
                continue;
            }
            try {
                l.statusChanged(status);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "proxy status listener " + l + " failed", e);
            } finally {
                context.ungetService(ref);
            }
        }
    }
}
