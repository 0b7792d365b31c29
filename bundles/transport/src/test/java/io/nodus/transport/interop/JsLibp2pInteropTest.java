package io.nodus.transport.interop;

import static io.nodus.transport.host.HostFixture.ECHO;
import static io.nodus.transport.host.HostFixture.await;
import static io.nodus.testkit.JsPeer.command;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.transport.host.HostFixture;
import io.nodus.transport.impl.host.LibP2pHost;
import io.nodus.transport.impl.host.Peerstore.PeerRecord;
import io.nodus.testkit.JsPeer;

/** The Nodus host against js-libp2p (itests/js-peer): both dial directions, ping, identify, echo, many streams. */
class JsLibp2pInteropTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String JS_AGENT = "js-interop/1.0";
    private static final int MIB16 = 16 * 1024 * 1024;

    private static HostFixture fixture;
    private static LibP2pHost java;
    private static JsPeer js;

    @BeforeAll
    static void start() throws Exception {
        fixture = new HostFixture();
        java = fixture.start(Map.of("listen", new String[] {"/ip4/127.0.0.1/tcp/0", "/ip6/::1/tcp/0"}));
        HostFixture.registerEcho(java);
        js = JsPeer.start("--listen", "/ip4/127.0.0.1/tcp/0", "--listen", "/ip6/::1/tcp/0", "--pubsub", "none",
                "--agent", JS_AGENT);
    }

    @AfterAll
    static void stop() {
        if (js != null) {
            js.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static PeerId jsPeer() {
        return PeerId.parse(js.peerId());
    }

    private static String javaAddr(String family) {
        return java.listenAddrs().stream().map(Multiaddr::toString).filter(a -> a.startsWith(family)).findFirst()
                .orElseThrow() + "/p2p/" + java.peerId();
    }

    @Test
    void javaDialsJsPingsAndIdentifies() throws Exception {
        PeerId peer = java.connect(Multiaddr.parse(js.addr("/ip4/")));

        assertEquals(jsPeer(), peer);
        assertTrue(java.ping(peer).toNanos() > 0);
        await(() -> java.peerstore().get(peer).map(PeerRecord::agentVersion).isPresent(), LIMIT, "identify of js");
        PeerRecord r = java.peerstore().get(peer).orElseThrow();
        assertEquals(JS_AGENT, r.agentVersion());
        assertTrue(r.protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", ECHO)), r.protocols()
                .toString());

        JsonObject id = js.call(command("identify", "peer", java.peerId().toString()), LIMIT);
        assertTrue(id.get("agentVersion").getAsString().startsWith("nodus/"), id.toString());
        assertEquals("ipfs/0.1.0", id.get("protocolVersion").getAsString());
        assertTrue(strings(id.getAsJsonArray("protocols")).containsAll(List.of("/ipfs/id/1.0.0",
                "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0", ECHO)), id.toString());
        assertTrue(strings(id.getAsJsonArray("listenAddrs")).contains(java.listenAddrs().get(0).toString()),
                id.toString());
    }

    @Test
    void jsDialsJavaOverIpv6PingsAndIdentifies() throws Exception {
        JsonObject dial = js.call(command("dial", "addr", javaAddr("/ip6/"), "waitIdentify", true, "force", true),
                LIMIT);

        assertEquals(java.peerId().toString(), dial.get("peerId").getAsString());
        assertEquals("/yamux/1.0.0", dial.get("muxer").getAsString());
        assertEquals("/noise", dial.get("encryption").getAsString());
        JsonObject id = dial.getAsJsonObject("identify");
        assertTrue(id.get("agentVersion").getAsString().startsWith("nodus/"), id.toString());
        assertTrue(strings(id.getAsJsonArray("protocols")).contains(ECHO), id.toString());
        assertTrue(id.get("observedAddr").getAsString().startsWith("/ip6/::1/tcp/"), id.toString());

        JsonObject ping = js.call(command("ping", "peer", java.peerId().toString(), "count", 3), LIMIT);
        assertEquals(3, ping.getAsJsonArray("rtts").size());
        JsonObject samePing = js.call(command("ping", "peer", java.peerId().toString(), "count", 5, "sameStream",
                true), LIMIT);
        assertEquals(5, samePing.getAsJsonArray("rtts").size(), "five pings on one stream");
        assertTrue(java.ping(jsPeer()).toNanos() > 0);
        await(() -> JS_AGENT.equals(java.peerstore().get(jsPeer()).map(PeerRecord::agentVersion).orElse(null)),
                LIMIT, "java's identify of the inbound js peer");
    }

    @Test
    void javaClientEchoes16MiBThroughJsServer() throws Exception {
        java.connect(Multiaddr.parse(js.addr("/ip4/")));
        byte[] data = new byte[MIB16];
        new Random(7).nextBytes(data);

        try (P2PStream s = java.newStream(jsPeer(), ECHO)) {
            assertArrayEquals(data, echo(s, data));
        }
    }

    @Test
    void jsClientEchoes16MiBThroughJavaServer() throws Exception {
        JsonObject r = js.call(command("echo", "peer", javaAddr("/ip4/"), "bytes", MIB16, "seed", 11), LIMIT);

        assertEquals(MIB16, r.get("bytes").getAsInt());
        assertEquals(64, r.get("sha256").getAsString().length(), "js verified every byte and hashed them");
    }

    @Test
    void hundredConcurrentStreamsEachWay() throws Exception {
        JsonObject r = js.call(command("echo", "peer", javaAddr("/ip4/"), "bytes", 65536, "streams", 100, "seed", 3),
                LIMIT);
        assertEquals(100, r.get("streams").getAsInt());

        java.connect(Multiaddr.parse(js.addr("/ip4/")));
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int seed = i;
                results.add(pool.submit(() -> {
                    byte[] data = new byte[32 * 1024 + seed];
                    new Random(seed).nextBytes(data);
                    try (P2PStream s = java.newStream(jsPeer(), ECHO)) {
                        return Arrays.equals(data, echo(s, data));
                    }
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(LIMIT.toSeconds(), TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        long toJs = java.connections().stream().filter(c -> c.peer().equals(jsPeer())).count();
        assertTrue(toJs >= 1 && toJs <= 2, "streams share the connection(s) to js: " + toJs);
    }

    @Test
    void muxerNegotiatedByMultistreamWhenJsOffersNoEarlyMuxer() throws Exception {
        try (JsPeer plain = JsPeer.start("--listen", "/ip4/127.0.0.1/tcp/0", "--pubsub", "none", "--no-early-muxer")) {
            PeerId peer = java.connect(Multiaddr.parse(plain.addr("/ip4/")));
            assertTrue(java.ping(peer).toNanos() > 0);
            JsonObject dial = plain.call(command("dial", "addr", javaAddr("/ip4/"), "force", true), LIMIT);
            assertEquals("/yamux/1.0.0", dial.get("muxer").getAsString());
            JsonObject ping = plain.call(command("ping", "peer", java.peerId().toString()), LIMIT);
            assertEquals(1, ping.getAsJsonArray("rtts").size());
            java.disconnect(peer);
        }
    }

    @Test
    void identifyPushTellsJsAboutANewProtocol() throws Exception {
        PeerId peer = java.connect(Multiaddr.parse(js.addr("/ip4/")));
        await(() -> java.peerstore().get(peer).map(PeerRecord::agentVersion).isPresent(), LIMIT, "identify of js");
        Assumptions.assumeTrue(java.peerstore().protocols(peer).contains("/ipfs/id/push/1.0.0"),
                "the js peer does not run identifyPush()");
        String pushed = "/nodus/pushed/1.0.0";
        ProtocolHandler handler = stream -> stream.output().write(1);

        java.addProtocolHandler(handler, Map.of(ProtocolHandler.PROTOCOL, pushed));
        try {
            js.awaitEvent("identify", e -> java.peerId().toString().equals(e.get("peer").getAsString())
                    && strings(e.getAsJsonArray("protocols")).contains(pushed), LIMIT);
        } finally {
            java.removeProtocolHandler(handler);
        }
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    static byte[] echo(P2PStream s, byte[] data) throws Exception {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = s.output();
                for (int off = 0; off < data.length; off += 65536) {
                    out.write(data, off, Math.min(65536, data.length - off));
                }
                out.flush();
                s.closeWrite();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        InputStream in = s.input();
        byte[] back = in.readNBytes(data.length + 1);
        writer.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        return back;
    }
}
