package io.nodus.itests.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two worker nodes started with {@code ./nodus start}, driven as a user does with {@code ./nodus shell}: the mode
 * providers are listed, used, uninstalled, reinstalled and updated under load while sealed payloads flow between
 * the nodes over libp2p.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CryptoHotSwapProcessTest {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String SYMMETRIC = "io.nodus.crypto-symmetric";

    private CryptoNode a;
    private CryptoNode b;
    private Path symmetricJar;

    @BeforeAll
    void startNodes() throws IOException {
        Path dir = Files.createTempDirectory(CryptoNode.logs(), "nodes");
        symmetricJar = CryptoNode.root().resolve("bundles/crypto-symmetric/target/crypto-symmetric-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.exists(symmetricJar), "built provider jar " + symmetricJar);
        a = CryptoNode.start("worker", dir.resolve("a"));
        b = CryptoNode.start("worker", dir.resolve("b"));
        b.shell("p2p:connect", a.dialAddress());
    }

    @AfterAll
    void stopNodes() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    @Order(1)
    void modesListsTheThreeInstalledProviders() {
        String modes = a.shell("crypto:modes");
        assertTrue(modes.contains("3 providers"), modes);
        for (String m : new String[] {"symmetric ", "asymmetric ", "none "}) {
            assertTrue(modes.lines().anyMatch(l -> l.startsWith(m)), m + " listed:\n" + modes);
        }
        assertTrue(a.shell("crypto:mode").contains("offered:  symmetric,asymmetric"), a.shell("crypto:mode"));
    }

    @Test
    @Order(2)
    void payloadsFlowInTheStrongestCommonMode() {
        String ping = b.shell("crypto:ping", a.peer, "5", "2048");
        assertTrue(ping.startsWith("5/5 sealed round trips ok, mode symmetric"), ping);
        assertTrue(a.shell("crypto:sessions").contains(b.peer), a.shell("crypto:sessions"));
    }

    @Test
    @Order(3)
    void uninstallingTheSymmetricProviderRenegotiatesItsSessions() {
        long id = a.bundleId(SYMMETRIC);
        assertTrue(id > 0);
        a.shell("uninstall", Long.toString(id));
        String sessions = CryptoNode.await("a's session with b re-negotiated to asymmetric", DEADLINE,
                () -> a.shell("crypto:sessions"), s -> s.lines().anyMatch(l -> l.startsWith(b.peer)
                        && l.contains("asymmetric")));
        assertTrue(sessions.contains("1 session"), sessions);
        String log = a.log();
        assertTrue(log.contains("provider bundle " + SYMMETRIC + " was uninstalled; re-negotiating with the"
                + " remaining modes [asymmetric]"), CryptoNode.tail(log));
        assertTrue(a.shell("crypto:modes").contains("2 providers"));
        String ping = b.shell("crypto:ping", a.peer, "3", "512");
        assertTrue(ping.startsWith("3/3 sealed round trips ok, mode asymmetric"), ping);
        assertTrue(a.run("lb", "-s").out().lines().noneMatch(l -> l.contains(SYMMETRIC)));
    }

    @Test
    @Order(4)
    void reinstalledItIsUsedByNewSessions() {
        String installed = a.shell("install", symmetricJar.toUri().toString());
        long id = Long.parseLong(installed.replaceAll("(?s).*Bundle ID: (\\d+).*", "$1"));
        a.shell("start", Long.toString(id));
        CryptoNode.await("crypto:modes lists three providers again", DEADLINE, () -> a.shell("crypto:modes"),
                s -> s.contains("3 providers"));
        String rotated = b.shell("crypto:rotate", a.peer);
        assertTrue(rotated.contains("mode symmetric"), rotated);
        String ping = b.shell("crypto:ping", a.peer, "3", "512");
        assertTrue(ping.startsWith("3/3 sealed round trips ok, mode symmetric"), ping);
    }

    @Test
    @Order(5)
    void updatingTheProviderUnderLoadLosesNothingAndAcceptsNothingUnauthenticated() throws Exception {
        long id = a.bundleId(SYMMETRIC);
        String before = a.shell("crypto:sessions");
        int rounds = 400;
        CompletableFuture<CryptoNode.Result> load = CompletableFuture.supplyAsync(
                () -> b.run("crypto:ping", a.peer, Integer.toString(rounds), "1024"));
        // update once round trips are flowing (a has opened some of this run's payloads)
        long openedBefore = opened(before, b.peer);
        CryptoNode.await("payloads flowing", DEADLINE, () -> opened(a.shell("crypto:sessions"), b.peer),
                n -> n >= openedBefore + 20 || load.isDone());
        a.shell("update", Long.toString(id), symmetricJar.toUri().toString());
        CryptoNode.Result r = load.get(CryptoNode.SHELL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith(rounds + "/" + rounds + " sealed round trips ok, mode symmetric"), r.out());
        String log = a.log();
        assertTrue(log.contains("taken over by " + SYMMETRIC), CryptoNode.tail(log));
        assertTrue(!load.isCompletedExceptionally());
    }

    @Test
    @Order(6)
    void theConfigurationFileAppliesLiveAndABadOneIsRejectedWhole() throws IOException {
        Path cfg = a.data.resolve("etc").resolve("io.nodus.crypto.cfg");
        Files.writeString(cfg, "encryption.mode = asymmetric\nencryption.allowed = none\n");
        CryptoNode.await("crypto:mode shows the edited file", DEADLINE, () -> a.shell("crypto:mode"),
                s -> s.contains("mode:     asymmetric") && s.contains("offered:  asymmetric,none"));
        Files.writeString(cfg, "encryption.mode = symmetric\nrotation.messages = lots\n");
        CryptoNode.await("the log says the file was rejected", DEADLINE, a::log,
                l -> l.contains("rejected configuration io.nodus.crypto: rotation.messages 'lots' is not a whole"
                        + " number; keeping the last good one"));
        assertTrue(a.shell("crypto:mode").contains("mode:     asymmetric"), "the last good configuration stays");
        Files.writeString(cfg, "encryption.mode = symmetric\nencryption.allowed = asymmetric\n");
        CryptoNode.await("back to symmetric", DEADLINE, () -> a.shell("crypto:mode"),
                s -> s.contains("offered:  symmetric,asymmetric"));
    }

    @Test
    @Order(7)
    void revokingTheStaticKeysReplacesThemAndKeepsTheSignedRecords() {
        String before = a.shell("crypto:fingerprint");
        assertTrue(before.contains("asymmetric.x25519"), before);
        String revoked = a.shell("crypto:revoke");
        assertTrue(revoked.startsWith("revoked and replaced 3 key(s)"), revoked);
        String after = a.shell("crypto:fingerprint");
        String oldX = before.lines().filter(l -> l.startsWith("asymmetric.x25519")).findFirst().orElseThrow();
        assertTrue(after.lines().noneMatch(oldX::equals), "a new X25519 key:\n" + after);
        assertTrue(a.shell("crypto:revocations").lines().count() >= 3);
        CryptoNode.Result refused = a.run("crypto:revoke", "everything");
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("takes 'keys' or 'identity'"), refused.err());
    }

    static long opened(String sessions, String peer) {
        return sessions.lines().filter(l -> l.startsWith(peer)).map(l -> l.trim().split("\\s+"))
                .mapToLong(f -> Long.parseLong(f[5])).findFirst().orElse(0);
    }
}
