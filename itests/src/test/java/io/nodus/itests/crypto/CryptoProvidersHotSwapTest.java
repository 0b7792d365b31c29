package io.nodus.itests.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The worker profile in Felix, talking over libp2p to a second node started with {@code ./nodus start}: the mode
 * provider bundles are listed, uninstalled while a session uses them (the session is re-negotiated), reinstalled
 * (new sessions use them again) and updated while sealed round trips run (none lost, none accepted
 * unauthenticated: every round trip checks the bytes that come back).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class CryptoProvidersHotSwapTest {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String SYMMETRIC = "io.nodus.crypto-symmetric";

    private static CryptoNode peerNode;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return io.nodus.itests.osgi.ExportedProfile.paxOptions("worker");
    }

    @BeforeClass
    public static void startPeer() throws Exception {
        Path dir = Files.createTempDirectory(CryptoNode.logs(), "pax-peer");
        peerNode = CryptoNode.start("worker", dir.resolve("peer"));
    }

    @AfterClass
    public static void stopPeer() {
        if (peerNode != null) {
            peerNode.close();
        }
    }

    private GogoCommands shell() throws Exception {
        GogoCommands shell = new GogoCommands(context);
        await("crypto commands registered", () -> {
            try {
                return shell.run("crypto", "modes");
            } catch (AssertionError | Exception e) {
                return "";
            }
        }, s -> s.contains("providers"));
        // every test dials the peer itself (a no-op when connected): the nodes do not find each other by mDNS here
        shell.run("p2p", "connect", peerNode.dialAddress());
        return shell;
    }

    private String session(GogoCommands shell) throws Exception {
        return shell.run("crypto", "sessions").lines().filter(l -> l.startsWith(peerNode.peer)).findFirst().orElse("");
    }

    @Test
    public void a_modesListsTheThreeProviders() throws Exception {
        String modes = shell().run("crypto", "modes");
        assertTrue(modes, modes.endsWith("3 providers"));
        for (String m : new String[] {"symmetric ", "asymmetric ", "none "}) {
            assertTrue(modes, modes.lines().anyMatch(l -> l.startsWith(m)));
        }
    }

    @Test
    public void b_uninstallingTheProviderInUseRenegotiatesTheSession() throws Exception {
        GogoCommands shell = shell();
        String ping = shell.run("crypto", "ping", peerNode.peer, 3, 1024);
        assertTrue(ping, ping.startsWith("3/3 sealed round trips ok, mode symmetric"));

        bundle(SYMMETRIC).uninstall();

        String s = await("session re-negotiated to asymmetric", () -> session(shell), l -> l.contains("asymmetric"));
        assertTrue(s, s.contains("initiator"));
        assertTrue(shell.run("crypto", "modes").endsWith("2 providers"));
        ping = shell.run("crypto", "ping", peerNode.peer, 3, 1024);
        assertTrue(ping, ping.startsWith("3/3 sealed round trips ok, mode asymmetric"));
    }

    @Test
    public void c_reinstalledItIsUsedByNewSessions() throws Exception {
        GogoCommands shell = shell();
        Bundle b = context.installBundle(symmetricJar().toUri().toString());
        b.start();
        await("provider back", () -> shell.run("crypto", "modes"), s -> s.endsWith("3 providers"));
        String rotated = shell.run("crypto", "rotate", peerNode.peer);
        assertTrue(rotated, rotated.contains("mode symmetric"));
        String ping = shell.run("crypto", "ping", peerNode.peer, 3, 1024);
        assertTrue(ping, ping.startsWith("3/3 sealed round trips ok, mode symmetric"));
    }

    @Test
    public void d_updatingTheProviderUnderLoadLosesNothing() throws Exception {
        GogoCommands shell = shell();
        assertTrue(shell.run("crypto", "ping", peerNode.peer, 1, 16).contains("mode symmetric"));
        String before = session(shell);
        long sealedBefore = sealed(before);
        int rounds = 300;
        CompletableFuture<String> load = CompletableFuture.supplyAsync(() -> {
            try {
                return shell.run("crypto", "ping", peerNode.peer, rounds, 1024);
            } catch (Exception e) {
                return "failed: " + e;
            }
        });
        await("round trips flowing", () -> session(shell), l -> sealed(l) >= sealedBefore + 20 || load.isDone());
        try (InputStream in = Files.newInputStream(symmetricJar())) {
            bundle(SYMMETRIC).update(in);
        }
        String result = load.get(DEADLINE.toMillis() * 2, TimeUnit.MILLISECONDS);
        assertTrue(result, result.startsWith(rounds + "/" + rounds + " sealed round trips ok, mode symmetric"));
        assertEquals("handed over, not re-negotiated", sessionId(before), sessionId(session(shell)));
    }

    /** SEALED column of a crypto:sessions row. */
    static long sealed(String row) {
        String[] f = row.trim().split("\\s+");
        return f.length > 4 ? Long.parseLong(f[4]) : 0;
    }

    static String sessionId(String row) {
        String[] f = row.trim().split("\\s+");
        return f.length > 2 ? f[2] : "";
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " not installed");
    }

    private static Path symmetricJar() {
        return CryptoNode.root().resolve("bundles/crypto-symmetric/target/crypto-symmetric-0.1.0-SNAPSHOT.jar");
    }

    /** A sample source that may throw. */
    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, Probe<T> probe, Predicate<T> done) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        T v = probe.get();
        while (!done.test(v)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what + "; last: " + v);
            }
            Thread.sleep(50); // polling a condition with a deadline
            v = probe.get();
        }
        return v;
    }
}
