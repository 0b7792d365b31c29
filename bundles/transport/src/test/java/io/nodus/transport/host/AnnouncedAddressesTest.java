package io.nodus.transport.host;

import static io.nodus.transport.host.HostFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.transport.AddressSource;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.transport.impl.host.LibP2pHost;
import io.nodus.transport.impl.identify.IdentifyProtocol;
import io.nodus.testkit.TestIdentity;

/** What identify (and mDNS) announce: announceAddrs and announceOnlyAddressSources. */
class AnnouncedAddressesTest {

    private static final Multiaddr ONION =
            Multiaddr.parse("/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:4001");
    private static final Multiaddr PUBLIC = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");

    private final HostFixture fixture = new HostFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void byDefaultTheListenAddressesAndAddressSourcesAreAnnounced() throws Exception {
        LibP2pHost b = fixture.start();
        b.addAddressSource(() -> List.of(ONION));
        LibP2pHost a = fixture.start();

        List<Multiaddr> announced = identify(a, b);

        assertEquals(List.of(b.listenAddrs().get(0), ONION), announced);
        assertEquals(b.listenAddrs(), b.announcedAddrs());
    }

    @Test
    void announceAddrsReplaceTheListenAddresses() throws Exception {
        // a /p2p/ suffix is dropped: identify listenAddrs carry none
        LibP2pHost b = fixture.start(Map.of("announceAddrs",
                new String[] {PUBLIC + "/p2p/" + new TestIdentity().peerId(), PUBLIC.toString(), "not a multiaddr"}));
        b.addAddressSource(() -> List.of(ONION));
        LibP2pHost a = fixture.start();

        assertEquals(List.of(PUBLIC, ONION), identify(a, b));
        assertTrue(b.listenAddrs().get(0).isLoopback(), "listenAddrs still reports what is bound: " + b.listenAddrs());
        assertEquals(List.of(PUBLIC, ONION), b.announcedAddrs(), "mDNS announces the same");
    }

    @Test
    void announceOnlyAddressSourcesHidesLoopbackAndLanAddresses() throws Exception {
        LibP2pHost b = fixture.start(Map.of("announceOnlyAddressSources", true,
                "announceAddrs", new String[] {PUBLIC.toString()}));
        LibP2pHost a = fixture.start();

        assertEquals(List.of(), identify(a, b), "nothing to announce before the onion service is up");

        AddressSource onion = () -> List.of(ONION);
        b.addAddressSource(onion);

        assertEquals(List.of(ONION), identify(a, b));
        assertEquals(List.of(ONION), b.announcedAddrs());
    }

    @Test
    void announceOnlyAddressSourcesAppliesLive() throws Exception {
        LibP2pHost b = fixture.start();
        b.addAddressSource(() -> List.of(ONION));
        LibP2pHost a = fixture.start();
        assertEquals(List.of(b.listenAddrs().get(0), ONION), identify(a, b));

        b.modified(TestConfigs.hostConfig(Map.of("announceOnlyAddressSources", true)));

        assertEquals(List.of(ONION), b.announcedAddrs());
        assertEquals(List.of(ONION), identify(a, b));
    }

    /** The listen addresses b tells a in an identify exchange. */
    private static List<Multiaddr> identify(LibP2pHost a, LibP2pHost b) throws IOException {
        a.connect(dialable(b));
        try (P2PStream s = a.newStream(b.peerId(), IdentifyProtocol.ID)) {
            return new IdentifyProtocol(null).request(s).listenAddrs();
        }
    }
}
