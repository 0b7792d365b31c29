package io.nodus.crypto.impl;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.nodus.api.crypto.EncryptionMode;
import io.nodus.api.crypto.ModeSession;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.api.identity.PeerId;

/**
 * One negotiated session with a peer: the mode's keys plus what the encryption service tracks about it. While its
 * provider is being updated the session is {@linkplain State#PARKED parked} (its state handed over, waiting for the
 * new provider); callers wait for it, bounded by the handover deadline.
 */
final class PeerSession {

    enum State {
        ACTIVE,
        PARKED,
        ENDED
    }

    final PeerId peer;
    final String modeId;
    final byte[] sessionId;
    final String sessionIdHex;
    final boolean initiator;
    final Instant establishedAt;
    final SessionContext context;
    final AtomicLong opened = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.ACTIVE;
    private ModeSession mode;
    private EncryptionMode provider;
    private byte[] handover;
    private String endReason;
    /** Set when the session ended because its provider went away (the provider-loss policy applies). */
    volatile boolean providerLost;

    PeerSession(PeerId peer, String modeId, byte[] sessionId, boolean initiator, Instant establishedAt,
            SessionContext context, ModeSession mode, EncryptionMode provider) {
        this.peer = peer;
        this.modeId = modeId;
        this.sessionId = sessionId.clone();
        this.sessionIdHex = HexFormat.of().formatHex(sessionId);
        this.initiator = initiator;
        this.establishedAt = establishedAt;
        this.context = context;
        this.mode = mode;
        this.provider = provider;
    }

    /**
     * The mode session to use, waiting up to {@code waitNanos} while the session is parked.
     *
     * @return the active mode session, or null when the session ended (see {@link #endReason()})
     */
    ModeSession awaitActive(long waitNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = waitNanos;
            while (state == State.PARKED && left > 0) {
                left = changed.awaitNanos(left);
            }
            return state == State.ACTIVE ? mode : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The provider is going away: its session's state is handed over (when it can be) and kept until a newer
     * provider takes it; the old session's keys are erased.
     */
    boolean park(EncryptionMode leaving) {
        lock.lock();
        try {
            if (this.state != State.ACTIVE || provider != leaving) {
                return false;
            }
            ModeSession old = mode;
            try {
                handover = old.handover();
            } catch (RuntimeException e) {
                handover = null; // the old provider cannot hand over: the loss policy will apply
            }
            this.state = State.PARKED;
            mode = null;
            old.destroy();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The handed-over state of a parked session (taken once), or null. */
    byte[] takeHandover() {
        lock.lock();
        try {
            byte[] h = handover;
            handover = null;
            return state == State.PARKED ? h : null;
        } finally {
            lock.unlock();
        }
    }

    void resume(ModeSession resumed, EncryptionMode newProvider) {
        lock.lock();
        try {
            if (state != State.PARKED) {
                resumed.destroy();
                return;
            }
            mode = resumed;
            provider = newProvider;
            state = State.ACTIVE;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the session and erases its keys (idempotent). */
    void end(String reason) {
        lock.lock();
        try {
            if (state == State.ENDED) {
                return;
            }
            state = State.ENDED;
            endReason = reason;
            if (handover != null) {
                java.util.Arrays.fill(handover, (byte) 0);
                handover = null;
            }
            if (mode != null) {
                mode.destroy();
                mode = null;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    boolean usesProvider(EncryptionMode m) {
        lock.lock();
        try {
            return provider == m;
        } finally {
            lock.unlock();
        }
    }

    String endReason() {
        lock.lock();
        try {
            return endReason;
        } finally {
            lock.unlock();
        }
    }

    SessionInfo info() {
        lock.lock();
        try {
            ModeSession m = mode;
            return new SessionInfo(peer, modeId + (state == State.PARKED ? " (handover)" : ""), sessionIdHex, initiator,
                    m == null ? 0 : m.keyEpoch(), m == null ? 0 : m.messagesSealed(), m == null ? 0 : m.bytesSealed(),
                    opened.get(), establishedAt, m == null ? establishedAt : m.keyCreatedAt());
        } finally {
            lock.unlock();
        }
    }

    static long nanos(java.time.Duration d) {
        return TimeUnit.NANOSECONDS.convert(d);
    }
}
