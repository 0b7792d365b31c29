package io.nodus.transport.mdns;

import static io.nodus.transport.host.HostFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.transport.host.HostFixture;
import io.nodus.transport.impl.host.LibP2pHost;
import io.nodus.transport.impl.mdns.DnsMessage;
import io.nodus.transport.impl.mdns.DnsMessage.DnsFormatException;
import io.nodus.transport.impl.mdns.DnsMessage.Question;
import io.nodus.transport.impl.mdns.MdnsDiscovery;
import io.nodus.testkit.TestIdentity;

class MdnsDiscoveryTest {

    private final PeerId self = new TestIdentity().peerId();
    private final PeerId other = new TestIdentity().peerId();

    @Test
    void answerRoundTripsThroughTheWireFormat() throws Exception {
        List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/192.0.2.7/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4002"));
        byte[] wire = MdnsDiscovery.answer("abcdefghijklmnopqrstuvwxyz012345", other, addrs).encode(1);

        DnsMessage m = DnsMessage.decode(wire, wire.length);

        assertTrue(m.response());
        assertEquals(2, m.records().size());
        assertEquals("abcdefghijklmnopqrstuvwxyz012345._p2p._udp.local", m.records().get(0).target());
        assertEquals("dnsaddr=/ip4/192.0.2.7/tcp/4001/p2p/" + other, m.records().get(1).strings().get(0));
        assertEquals(Map.of(other, addrs), MdnsDiscovery.peersIn(m, self));
        assertTrue(MdnsDiscovery.peersIn(m, other).isEmpty(), "our own answer is not a discovery");
    }

    @Test
    void queryAsksForPeers() throws Exception {
        DnsMessage q = new DnsMessage(0, false, List.of(new Question(MdnsDiscovery.SERVICE_NAME, DnsMessage.TYPE_PTR,
                DnsMessage.CLASS_IN)), List.of());
        byte[] wire = q.encode(0);
        // RFC 1035 header: id 0, flags 0, one question; then the name as labels
        assertEquals(0, wire[2] | wire[3]);
        assertEquals(1, wire[5]);
        assertEquals(4, wire[12]);
        assertEquals("_p2p", new String(wire, 13, 4, StandardCharsets.US_ASCII));

        DnsMessage back = DnsMessage.decode(wire, wire.length);

        assertTrue(MdnsDiscovery.asksForPeers(back));
        DnsMessage other = new DnsMessage(0, false, List.of(new Question("_http._tcp.local", DnsMessage.TYPE_PTR,
                DnsMessage.CLASS_IN)), List.of());
        byte[] otherWire = other.encode(0);
        assertFalse(MdnsDiscovery.asksForPeers(DnsMessage.decode(otherWire, otherWire.length)));
    }

    @Test
    void decodesCompressedNamesAsOtherImplementationsSendThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, (byte) 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 1}); // response, 1 answer, 1 additional
        int serviceAt = out.size();
        labels(out, "_p2p", "_udp", "local");
        out.writeBytes(new byte[] {0, 12, 0, 1, 0, 0, 0, 120}); // PTR IN ttl 120
        out.writeBytes(new byte[] {0, 8});
        int instanceAt = out.size();
        out.write(5);
        out.writeBytes("peer1".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) 0xc0, (byte) serviceAt});
        out.writeBytes(new byte[] {(byte) 0xc0, (byte) instanceAt}); // TXT name: pointer to the PTR target
        out.writeBytes(new byte[] {0, 16, (byte) 0x80, 1, 0, 0, 0, 120});
        byte[] txt = ("dnsaddr=/ip4/127.0.0.1/tcp/4001/p2p/" + other).getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(new byte[] {0, (byte) (txt.length + 1), (byte) txt.length});
        out.writeBytes(txt);
        byte[] wire = out.toByteArray();

        DnsMessage m = DnsMessage.decode(wire, wire.length);

        assertEquals("peer1._p2p._udp.local", m.records().get(0).target());
        assertEquals("peer1._p2p._udp.local", m.records().get(1).name());
        assertEquals(Map.of(other, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"))), MdnsDiscovery.peersIn(m, self));
    }

    @Test
    void rejectsMalformedMessages() {
        byte[] loop = {0, 0, (byte) 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 12, 0, 1};
        assertThrows(DnsFormatException.class, () -> DnsMessage.decode(loop, loop.length));
        byte[] truncated = {0, 0, (byte) 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4, '_', 'p'};
        assertThrows(DnsFormatException.class, () -> DnsMessage.decode(truncated, truncated.length));
        byte[] recordPastEnd = {0, 0, (byte) 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 16, 0, 1, 0, 0, 0, 1, 0, 50, 3};
        assertThrows(DnsFormatException.class, () -> DnsMessage.decode(recordPastEnd, recordPastEnd.length));
    }

    @Test
    void twoHostsFindEachOtherOnLoopback() throws Exception {
        Assumptions.assumeTrue(multicastWorksOnLoopback(), "multicast on lo does not work on this machine");
        Map<String, Object> mdns = Map.of("mdnsEnabled", true, "mdnsInterfaces", new String[] {"lo"});
        try (HostFixture fixture = new HostFixture()) {
            LibP2pHost a = fixture.start(mdns);
            LibP2pHost b = fixture.start(mdns);

            await(() -> a.connections().stream().anyMatch(c -> c.peer().equals(b.peerId()))
                    || b.connections().stream().anyMatch(c -> c.peer().equals(a.peerId())), Duration.ofSeconds(30),
                    "a connection made from an mDNS answer");
            assertTrue(a.knownAddrs(b.peerId()).contains(b.listenAddrs().get(0))
                    || b.knownAddrs(a.peerId()).contains(a.listenAddrs().get(0)));
        }
    }

    private static void labels(ByteArrayOutputStream out, String... labels) {
        for (String l : labels) {
            out.write(l.length());
            out.writeBytes(l.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
    }

    /** Sends one datagram to a private group on lo and checks it loops back (group and port unused by mDNS). */
    private static boolean multicastWorksOnLoopback() {
        try (MulticastSocket s = new MulticastSocket(0)) {
            NetworkInterface lo = NetworkInterface.getByName("lo");
            if (lo == null) {
                return false;
            }
            InetSocketAddress group = new InetSocketAddress("239.255.77.77", s.getLocalPort());
            s.joinGroup(group, lo);
            s.setNetworkInterface(lo);
            s.setSoTimeout(2000);
            byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(probe, probe.length, group));
            DatagramPacket p = new DatagramPacket(new byte[16], 16);
            s.receive(p);
            return p.getLength() == probe.length;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
