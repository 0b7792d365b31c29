package io.nodus.itests.process;

import io.nodus.itests.node.NodeProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.itests.node.NodeProcess.ShellResult;

/** Bad input to {@code ./nodus start} and {@code ./nodus shell}: a clear one-line error and the documented exit code. */
class RefusalTest {

    @TempDir
    Path scratch;

    @Test
    void unknownProfileIsRefused() {
        ShellResult r = NodeProcess.nodus("start", "--profile", "nope", "--data", scratch.resolve("d").toString())
                .expectExit(2);
        assertOneLine(r);
        assertTrue(r.stderr().contains("unknown profile 'nope'"), r.toString());
        assertTrue(r.stderr().contains("worker"), "the error lists the profiles there are: " + r);
        assertFalse(Files.exists(scratch.resolve("d")), "nothing is created for a refused start");
    }

    @Test
    void dataDirThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(scratch.resolve("not-a-dir"), "x");
        ShellResult r = NodeProcess.nodus("start", "--profile", "worker", "--data", file.toString()).expectExit(2);
        assertOneLine(r);
        assertTrue(r.stderr().contains("is not a directory"), r.toString());
    }

    @Test
    void dataDirThatCannotBeCreatedIsRefused() {
        // even root cannot make a directory in /proc
        ShellResult r = NodeProcess.nodus("start", "--profile", "worker", "--data", "/proc/nodus-itest/data")
                .expectExit(2);
        assertOneLine(r);
        assertTrue(r.stderr().contains("cannot create data dir"), r.toString());
    }

    @Test
    void startWithoutProfileIsRefused() {
        ShellResult r = NodeProcess.nodus("start", "--data", scratch.toString()).expectExit(2);
        assertTrue(r.stderr().contains("--profile is required"), r.toString());
    }

    @Test
    void shellToADataDirWithoutANodeExitsThree() {
        ShellResult r = NodeProcess.shell(scratch, null, "node:info").expectExit(3);
        assertOneLine(r);
        assertTrue(r.stderr().contains("no node is running"), r.toString());
    }

    @Test
    void shellToAStaleEndpointExitsThree() throws IOException {
        // what a node killed with SIGKILL leaves behind: an endpoint file naming a port nobody listens on
        Path run = Files.createDirectories(scratch.resolve("run"));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(run.resolve("shell"), "port=" + port + "\ntoken=" + "ab".repeat(32) + "\npid=1\n");
        ShellResult r = NodeProcess.shell(scratch, null, "node:info").expectExit(3);
        assertTrue(r.stderr().contains("no node is running"), r.toString());
    }

    @Test
    void shellWithoutDataDirIsAUsageError() {
        ShellResult r = NodeProcess.nodus("shell", "node:info").expectExit(2);
        assertTrue(r.stderr().contains("--data DIR is required"), r.toString());
    }

    private static void assertOneLine(ShellResult r) {
        assertEquals("", r.stdout(), "errors go to stderr: " + r);
        assertEquals(1, r.stderr().strip().lines().count(), "a one-line error: " + r);
    }
}
