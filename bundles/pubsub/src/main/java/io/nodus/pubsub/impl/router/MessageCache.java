package io.nodus.pubsub.impl.router;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.Message;

/**
 * The gossipsub {@code mcache} (v1.0, "Message Cache"): messages by id in {@code mcache_len} history windows, of
 * which the newest {@code mcache_gossip} are gossiped. Also counts how often each message went to each peer by
 * IWANT, so a peer cannot drain us by asking again (v1.1, "Spam Protection Measures"). Not thread-safe.
 */
public final class MessageCache {

    private record Entry(Message message, Map<PeerId, Integer> transmissions) {
    }

    private record Slot(ByteString id, String topic) {
    }

    private final int gossipWindows;
    private final Map<ByteString, Entry> messages = new HashMap<>();
    private final Deque<List<Slot>> windows = new ArrayDeque<>();

    public MessageCache(int historyWindows, int gossipWindows) {
        if (gossipWindows < 1 || historyWindows < gossipWindows) {
            throw new IllegalArgumentException("need 1 <= gossip windows <= history windows");
        }
        this.gossipWindows = gossipWindows;
        for (int i = 0; i < historyWindows; i++) {
            windows.addLast(new ArrayList<>());
        }
    }

    /** {@code mcache.put(m)}: adds to the current window (again-seen ids are ignored). */
    public void put(ByteString id, Message message) {
        if (messages.putIfAbsent(id, new Entry(message, new HashMap<>())) == null) {
            windows.peekFirst().add(new Slot(id, message.getTopic()));
        }
    }

    public boolean contains(ByteString id) {
        return messages.containsKey(id);
    }

    /**
     * {@code mcache.get(id)} on behalf of a peer's IWANT.
     *
     * @return the message, or null when it is gone or already went to that peer {@code maxTransmissions} times
     */
    public Message getForPeer(ByteString id, PeerId peer, int maxTransmissions) {
        Entry e = messages.get(id);
        if (e == null) {
            return null;
        }
        int sent = e.transmissions.merge(peer, 1, Integer::sum);
        return sent > maxTransmissions ? null : e.message;
    }

    /** {@code mcache.get_gossip_ids(topic)}: ids in the newest gossip windows. */
    public List<ByteString> gossipIds(String topic) {
        List<ByteString> ids = new ArrayList<>();
        Iterator<List<Slot>> it = windows.iterator();
        for (int i = 0; i < gossipWindows && it.hasNext(); i++) {
            for (Slot s : it.next()) {
                if (s.topic.equals(topic)) {
                    ids.add(s.id);
                }
            }
        }
        return ids;
    }

    /** {@code mcache.shift()}: a new window; the oldest one's messages are dropped. */
    public void shift() {
        for (Slot s : windows.removeLast()) {
            messages.remove(s.id);
        }
        windows.addFirst(new ArrayList<>());
    }

    public int size() {
        return messages.size();
    }
}
