package io.nodus.crypto.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.ModeSession;
import io.nodus.api.identity.PeerId;

/**
 * What happens to sessions when their mode provider goes away. Its sessions are parked with the state the provider
 * handed over; a newer provider of the same mode (bundle update) resumes them, so no payload under way is lost.
 * When the provider's bundle is uninstalled, or no provider returns within {@code handover.seconds}, the
 * provider-loss policy applies: renegotiate (a new key exchange with the remaining modes) or close.
 */
final class ProviderHandover {

    /** At most one background re-negotiation per peer in this interval (they are triggered by traffic). */
    static final Duration RENEGOTIATION_INTERVAL = Duration.ofSeconds(5);

    private final CryptoEngine engine;
    private final Map<PeerSession, Long> parkedFromBundle = new ConcurrentHashMap<>();
    private final Map<PeerId, Instant> lastRenegotiation = new ConcurrentHashMap<>();

    ProviderHandover(CryptoEngine engine) {
        this.engine = engine;
    }

    /** A provider arrived: it takes over the parked sessions of its mode. */
    void added(ModeRegistry.Entry e) {
        for (PeerSession s : engine.table.all()) {
            if (s.state() != PeerSession.State.PARKED || !s.modeId.equals(e.id())) {
                continue;
            }
            parkedFromBundle.remove(s);
            byte[] state = s.takeHandover();
            if (state == null) {
                lost(s, "its provider could not hand the session over");
                continue;
            }
            try {
                ModeSession resumed = e.mode().resume(s.context, state);
                s.resume(resumed, e.mode());
                engine.log.info("session with " + s.peer + " (mode '" + s.modeId + "') taken over by " + e.provider());
            } catch (CryptoException | RuntimeException ex) {
                lost(s, e.provider() + " refused the handed-over session: " + ex.getMessage());
            } finally {
                java.util.Arrays.fill(state, (byte) 0);
            }
        }
    }

    /** A provider is going away (its service unregisters): park its sessions. */
    void removed(ModeRegistry.Entry e) {
        int parked = 0;
        for (PeerSession s : engine.table.all()) {
            if (s.usesProvider(e.mode()) && s.park(e.mode())) {
                parkedFromBundle.put(s, e.bundleId());
                parked++;
            }
        }
        if (parked == 0) {
            return;
        }
        engine.log.warn("mode provider " + e.provider() + " ('" + e.id() + "') went away with " + parked
                + " session(s); they wait up to " + engine.settings().handover().toSeconds()
                + " s for an updated provider");
        engine.registry.get(e.id()).ifPresent(this::added); // another provider of the same mode is still there
        long delay = engine.settings().handover().toMillis();
        engine.scheduler.schedule(() -> expire(e.id()), delay, TimeUnit.MILLISECONDS);
    }

    /** The bundle is gone for good: its parked sessions will not be taken over. */
    void bundleUninstalled(long bundleId, String bundleName) {
        for (Map.Entry<PeerSession, Long> p : parkedFromBundle.entrySet()) {
            if (p.getValue() == bundleId) {
                lost(p.getKey(), "provider bundle " + bundleName + " was uninstalled");
            }
        }
    }

    private void expire(String modeId) {
        for (PeerSession s : parkedFromBundle.keySet()) {
            if (s.modeId.equals(modeId) && s.state() == PeerSession.State.PARKED) {
                lost(s, "no provider of mode '" + modeId + "' came back within "
                        + engine.settings().handover().toSeconds() + " s");
            }
        }
    }

    /** Ends a session whose provider is gone and applies the provider-loss policy. */
    void lost(PeerSession s, String why) {
        parkedFromBundle.remove(s);
        s.providerLost = true;
        boolean wasCurrent = engine.table.current(s.peer) == s;
        engine.table.remove(s);
        if (s.state() == PeerSession.State.ENDED) {
            return;
        }
        s.end(why);
        if (engine.settings().onProviderLoss() == CryptoSettings.ProviderLossPolicy.CLOSE) {
            engine.log.warn("closed session with " + s.peer + " (mode '" + s.modeId + "'): " + why
                    + " (encryption.onProviderLoss=close)");
            return;
        }
        engine.log.warn("session with " + s.peer + " (mode '" + s.modeId + "') ended: " + why
                + "; re-negotiating with the remaining modes " + engine.policy().offered());
        if (wasCurrent) {
            renegotiateSoon(s.peer, "its session's provider went away");
        }
    }

    boolean endedByProviderLoss(PeerSession s) {
        return s.providerLost;
    }

    /** Starts a key exchange with {@code peer} in the background (renegotiate policy, transport present). */
    void renegotiateSoon(PeerId peer, String why) {
        if (engine.settings().onProviderLoss() != CryptoSettings.ProviderLossPolicy.RENEGOTIATE
                || engine.channel() == null) {
            return;
        }
        Instant now = engine.clock.instant();
        Instant last = lastRenegotiation.get(peer);
        if (last != null && now.isBefore(last.plus(RENEGOTIATION_INTERVAL))) {
            return;
        }
        lastRenegotiation.put(peer, now);
        engine.scheduler.execute(() -> {
            try {
                engine.establishShared(peer);
            } catch (CryptoException e) {
                engine.log.warn("re-negotiation with " + peer + " (" + why + ") failed: " + e.getMessage());
            } catch (RuntimeException e) {
                engine.log.warn("re-negotiation with " + peer + " (" + why + ") failed: " + e);
            }
        });
    }
}
