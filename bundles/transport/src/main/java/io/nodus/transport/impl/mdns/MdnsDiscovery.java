package io.nodus.transport.impl.mdns;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.transport.impl.host.TcpEndpoint;
import io.nodus.transport.impl.mdns.DnsMessage.DnsFormatException;
import io.nodus.transport.impl.mdns.DnsMessage.Question;
import io.nodus.transport.impl.mdns.DnsMessage.ResourceRecord;

/**
 * libp2p mDNS peer discovery (discovery/mdns spec, r2): we ask {@code _p2p._udp.local PTR} on 224.0.0.251:5353 and
 * answer such questions with a PTR to our random peer name plus a TXT record of {@code dnsaddr=<addr>/p2p/<id>}
 * attributes. Peers found in answers are handed to a callback.
 */
public final class MdnsDiscovery implements Closeable {

    public static final String SERVICE_NAME = "_p2p._udp.local";
    public static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);
    public static final String DNSADDR = "dnsaddr=";
    public static final long QUERY_INTERVAL_SECONDS = 10;
    public static final long TTL_SECONDS = 120;
    /** Answer a multicast question at most this often (we may hear it once per interface). */
    static final long MIN_ANSWER_INTERVAL_MS = 200;
    static final int MAX_PEERS_PER_MESSAGE = 32;

    private static final System.Logger LOG = System.getLogger(MdnsDiscovery.class.getName());

    private final PeerId self;
    private final Supplier<List<Multiaddr>> listenAddrs;
    private final BiConsumer<PeerId, List<Multiaddr>> onPeer;
    private final ScheduledExecutorService timer;
    private final List<String> interfaceNames;
    private final String peerName = randomPeerName();
    private final List<NetworkInterface> interfaces = new ArrayList<>();
    private MulticastSocket socket;
    private Thread receiver;
    private ScheduledFuture<?> queries;
    private volatile boolean closed;
    private long lastMulticastAnswer;

    /**
     * @param listenAddrs    our dialable addresses (without {@code /p2p/})
     * @param onPeer         called on the receiver thread for each peer found (never for ourselves)
     * @param interfaceNames interfaces to use; empty for every interface that is up and multicast-capable
     */
    public MdnsDiscovery(PeerId self, Supplier<List<Multiaddr>> listenAddrs, BiConsumer<PeerId, List<Multiaddr>> onPeer,
            ScheduledExecutorService timer, List<String> interfaceNames) {
        this.self = self;
        this.listenAddrs = listenAddrs;
        this.onPeer = onPeer;
        this.timer = timer;
        this.interfaceNames = List.copyOf(interfaceNames);
    }

    /** Joins the group on the chosen interfaces (IPv4 ones), then asks now and every {@value #QUERY_INTERVAL_SECONDS} s. */
    public synchronized void start() throws IOException {
        socket = new MulticastSocket(GROUP.getPort());
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            try {
                boolean chosen = interfaceNames.isEmpty() ? ni.supportsMulticast() && !ni.isLoopback()
                        : interfaceNames.contains(ni.getName());
                if (chosen && ni.isUp() && ni.inetAddresses().anyMatch(a -> a instanceof java.net.Inet4Address)) {
                    socket.joinGroup(GROUP, ni);
                    interfaces.add(ni);
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "mDNS: cannot join {0} on {1}: {2}", GROUP, ni.getName(), e.getMessage());
            }
        }
        if (interfaces.isEmpty()) {
            socket.close();
            throw new IOException("mDNS: no interface could join " + GROUP);
        }
        receiver = new Thread(this::receiveLoop, "nodus-mdns");
        receiver.setDaemon(true);
        receiver.start();
        queries = timer.scheduleWithFixedDelay(this::query, 0, QUERY_INTERVAL_SECONDS, TimeUnit.SECONDS);
        LOG.log(Level.INFO, "mDNS discovery on {0} as {1}", interfaces.stream().map(NetworkInterface::getName).toList(),
                peerName);
    }

    /** Sends one {@code _p2p._udp.local PTR} question now. */
    public void query() {
        DnsMessage q = new DnsMessage(0, false, List.of(new Question(SERVICE_NAME, DnsMessage.TYPE_PTR,
                DnsMessage.CLASS_IN)), List.of());
        multicast(q.encode(0));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (queries != null) {
            queries.cancel(false);
        }
        if (socket != null) {
            socket.close();
        }
        if (receiver != null) {
            receiver.interrupt();
        }
    }

    /** Our answer: PTR in the answer section, the TXT record of dnsaddr attributes as additional record. */
    public static DnsMessage answer(String peerName, PeerId self, List<Multiaddr> addrs) {
        String instance = peerName + "." + SERVICE_NAME;
        List<String> txt = new ArrayList<>();
        int size = 0;
        for (Multiaddr a : addrs) {
            String s = DNSADDR + TcpEndpoint.withPeer(a, self);
            size += s.length() + 1;
            if (s.length() <= 255 && size < DnsMessage.MAX_MESSAGE_SIZE / 2) {
                txt.add(s);
            }
        }
        return new DnsMessage(0, true, List.of(), List.of(ResourceRecord.ptr(SERVICE_NAME, instance, TTL_SECONDS),
                ResourceRecord.txt(instance, txt, TTL_SECONDS)));
    }

    /** The peers (other than {@code self}) announced in a response, with their addresses. */
    public static Map<PeerId, List<Multiaddr>> peersIn(DnsMessage m, PeerId self) {
        Map<PeerId, List<Multiaddr>> found = new LinkedHashMap<>();
        if (!m.response()) {
            return found;
        }
        Set<String> instances = new HashSet<>();
        for (ResourceRecord r : m.records()) {
            if (r.type() == DnsMessage.TYPE_PTR && SERVICE_NAME.equals(r.name()) && r.target() != null) {
                instances.add(r.target());
            }
        }
        for (ResourceRecord r : m.records()) {
            if (r.type() != DnsMessage.TYPE_TXT || !instances.contains(r.name())) {
                continue;
            }
            for (String s : r.strings()) {
                if (!s.startsWith(DNSADDR)) {
                    continue;
                }
                try {
                    Multiaddr addr = Multiaddr.parse(s.substring(DNSADDR.length()));
                    PeerId peer = addr.peerId().orElse(null);
                    if (peer != null && !peer.equals(self) && found.size() < MAX_PEERS_PER_MESSAGE) {
                        found.computeIfAbsent(peer, p -> new ArrayList<>()).add(addr.withoutPeerId());
                    }
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.DEBUG, "mDNS: ignoring bad dnsaddr {0}: {1}", s, e.getMessage());
                }
            }
        }
        return found;
    }

    /** True for a question {@code _p2p._udp.local PTR} (or ANY). */
    public static boolean asksForPeers(DnsMessage m) {
        return !m.response() && m.questions().stream().anyMatch(q -> SERVICE_NAME.equals(q.name())
                && (q.type() == DnsMessage.TYPE_PTR || q.type() == DnsMessage.TYPE_ANY));
    }

    private void receiveLoop() {
        byte[] buf = new byte[DnsMessage.MAX_MESSAGE_SIZE];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "mDNS receive failed, discovery stops: {0}", e.getMessage());
                }
                return;
            }
            try {
                handle(DnsMessage.decode(p.getData(), p.getLength()), (InetSocketAddress) p.getSocketAddress());
            } catch (DnsFormatException e) {
                LOG.log(Level.DEBUG, "mDNS: malformed packet from {0}: {1}", p.getSocketAddress(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "mDNS: failed to handle packet from " + p.getSocketAddress(), e);
            }
        }
    }

    private void handle(DnsMessage m, InetSocketAddress from) {
        if (asksForPeers(m)) {
            List<Multiaddr> addrs = listenAddrs.get();
            if (addrs.isEmpty()) {
                return;
            }
            DnsMessage answer = answer(peerName, self, addrs);
            if (from.getPort() != GROUP.getPort()) {
                // RFC 6762 §6.7: a legacy unicast question gets a unicast answer echoing its id
                DnsMessage legacy = new DnsMessage(m.id(), true, m.questions(), answer.records());
                send(legacy.encode(1), from);
            } else if (shouldAnswer()) {
                multicast(answer.encode(1));
            }
            return;
        }
        peersIn(m, self).forEach(onPeer);
    }

    private synchronized boolean shouldAnswer() {
        long now = System.currentTimeMillis();
        if (now - lastMulticastAnswer < MIN_ANSWER_INTERVAL_MS) {
            return false;
        }
        lastMulticastAnswer = now;
        return true;
    }

    private synchronized void multicast(byte[] message) {
        if (closed) {
            return;
        }
        for (NetworkInterface ni : interfaces) {
            try {
                socket.setNetworkInterface(ni);
                socket.send(new DatagramPacket(message, message.length, GROUP));
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "mDNS: send on {0} failed: {1}", ni.getName(), e.getMessage());
            }
        }
    }

    private synchronized void send(byte[] message, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(message, message.length, to));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "mDNS: unicast answer to {0} failed: {1}", to, e.getMessage());
        }
    }

    public String peerName() {
        return peerName;
    }

    private static String randomPeerName() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
