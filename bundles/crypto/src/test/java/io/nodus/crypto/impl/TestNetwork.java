package io.nodus.crypto.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.nodus.api.identity.PeerId;
import io.nodus.testkit.TestIdentity;

/**
 * Nodes in one JVM whose {@code /nodus/crypto/1.0.0} requests go straight to each other's request handler (what a
 * Host stream would carry), with taps to change, drop or replay messages in transit like an active attacker, and a
 * pubsub stand-in for revocation records.
 */
public final class TestNetwork implements AutoCloseable {

    /** Sees (and may replace) a message from {@code from} to {@code to}; returning null drops it. */
    public interface Tap {
        byte[] apply(PeerId from, PeerId to, byte[] message);
    }

    private final Map<PeerId, TestNode> nodes = new ConcurrentHashMap<>();
    private final List<TestNode> all = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Tap requestTap = (f, t, m) -> m;
    private volatile Tap replyTap = (f, t, m) -> m;

    public TestNode node(String name) {
        TestNode n = new TestNode(this, name, new TestIdentity());
        nodes.put(n.peerId(), n);
        synchronized (all) {
            all.add(n);
        }
        return n;
    }

    /** Adds a node with a given identity (e.g. an attacker reusing another node's peer ID with its own key). */
    public TestNode node(String name, io.nodus.api.identity.NodeIdentity identity) {
        TestNode n = new TestNode(this, name, identity);
        nodes.put(n.peerId(), n);
        synchronized (all) {
            all.add(n);
        }
        return n;
    }

    public void tapRequests(Tap tap) {
        requestTap = tap;
    }

    public void tapReplies(Tap tap) {
        replyTap = tap;
    }

    public void untap() {
        requestTap = (f, t, m) -> m;
        replyTap = (f, t, m) -> m;
    }

    /** Requests carried so far. */
    public int requests() {
        return requests.get();
    }

    /** Delivers a request as if {@code from}'s authenticated stream carried it (no tap), returning the reply. */
    public byte[] deliver(PeerId from, PeerId to, byte[] request) throws IOException {
        TestNode target = nodes.get(to);
        if (target == null || target.isClosed()) {
            throw new IOException("no route to " + to);
        }
        return target.requests().handle(from, request);
    }

    /** Hands a revocation record to every node, as the pubsub topic would. */
    public void publishRevocation(byte[] record) {
        List<TestNode> copy;
        synchronized (all) {
            copy = List.copyOf(all);
        }
        for (TestNode n : copy) {
            n.receiveRevocation(record);
        }
    }

    PeerChannel channelFor(TestNode from) {
        return new PeerChannel() {
            @Override
            public byte[] request(PeerId peer, byte[] request, Duration timeout) throws IOException {
                requests.incrementAndGet();
                byte[] r = requestTap.apply(from.peerId(), peer, request);
                if (r == null) {
                    throw new IOException("request to " + peer + " dropped in transit");
                }
                byte[] reply = deliver(from.peerId(), peer, r);
                byte[] back = replyTap.apply(peer, from.peerId(), reply);
                if (back == null) {
                    throw new IOException("reply from " + peer + " dropped in transit");
                }
                return back;
            }
        };
    }

    @Override
    public void close() {
        synchronized (all) {
            all.forEach(TestNode::close);
        }
    }
}
