package io.nodus.tor.impl.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorControlConnectionTest {

    static final Duration T = Duration.ofSeconds(5);

    @Test
    void cookieAuthenticationGetInfoAndEvents(@TempDir Path dir) throws Exception {
        byte[] cookie = new byte[32];
        for (int i = 0; i < cookie.length; i++) {
            cookie[i] = (byte) i;
        }
        Path cookieFile = dir.resolve("control_auth_cookie");
        Files.write(cookieFile, cookie);
        String hex = HexFormat.of().formatHex(cookie);
        try (FakeControlPort port = new FakeControlPort(cmd -> switch (cmd) {
            case "PROTOCOLINFO 1" -> "250-PROTOCOLINFO 1\n250-AUTH METHODS=COOKIE,SAFECOOKIE,HASHEDPASSWORD COOKIEFILE=\""
                    + cookieFile + "\"\n250-VERSION Tor=\"0.4.9.11\"\n250 OK";
            case "GETINFO version" -> "250-version=0.4.9.11\n250 OK";
            case "GETINFO nope" -> "552 Unrecognized key \"nope\"";
            default -> cmd.equals("AUTHENTICATE " + hex) ? "250 OK" : "515 Authentication failed";
        })) {
            LinkedBlockingQueue<TorReply> events = new LinkedBlockingQueue<>();
            CountDownLatch closed = new CountDownLatch(1);
            try (TorControlConnection c = TorControlConnection.open(port.address(), T, events::add, closed::countDown)) {
                ControlAuthenticator.ProtocolInfo info = ControlAuthenticator.authenticate(c, "", "");
                assertEquals("0.4.9.11", info.torVersion());
                assertEquals(List.of("COOKIE", "SAFECOOKIE", "HASHEDPASSWORD"), info.methods());
                port.event("650 STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED");
                assertEquals("0.4.9.11", c.getInfo("version").get("version"));
                TorReply ev = events.poll(5, TimeUnit.SECONDS);
                assertEquals("STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED", ev.firstLine());
                TorControlException e = assertThrows(TorControlException.class, () -> c.getInfo("nope"));
                assertEquals(552, e.code());
                assertTrue(c.isOpen());

                port.dropClient();
                assertTrue(closed.await(5, TimeUnit.SECONDS));
                assertFalse(c.isOpen());
                assertThrows(IOException.class, () -> c.call("GETINFO version"));
            }
        }
    }

    @Test
    void passwordIsQuotedAndRefusalIsClear() throws Exception {
        try (FakeControlPort port = new FakeControlPort(cmd -> switch (cmd) {
            case "PROTOCOLINFO 1" -> "250-PROTOCOLINFO 1\n250-AUTH METHODS=HASHEDPASSWORD\n250 OK";
            case "AUTHENTICATE \"s3cr\\\"et\"" -> "250 OK";
            default -> "515 Authentication failed: Password did not match HashedControlPassword value from"
                    + " configuration";
        })) {
            try (TorControlConnection c = TorControlConnection.open(port.address(), T, r -> { }, () -> { })) {
                ControlAuthenticator.authenticate(c, "s3cr\"et", "");
            }
            try (TorControlConnection c = TorControlConnection.open(port.address(), T, r -> { }, () -> { })) {
                TorControlException e = assertThrows(TorControlException.class,
                        () -> ControlAuthenticator.authenticate(c, "wrong", ""));
                assertTrue(e.getMessage().contains("refused our control-port authentication (password)"),
                        e.getMessage());
                assertFalse(e.getMessage().contains("wrong"), e.getMessage());
            }
            try (TorControlConnection c = TorControlConnection.open(port.address(), T, r -> { }, () -> { })) {
                IOException e = assertThrows(IOException.class, () -> ControlAuthenticator.authenticate(c, "", ""));
                assertTrue(e.getMessage().contains("set controlPassword"), e.getMessage());
            }
        }
    }

    @Test
    void aLostReplyClosesTheConnection() throws Exception {
        try (FakeControlPort port = new FakeControlPort(cmd -> null)) {
            try (TorControlConnection c = TorControlConnection.open(port.address(), T, r -> { }, () -> { })) {
                IOException e = assertThrows(IOException.class, () -> c.call("GETINFO version", Duration.ofMillis(200)));
                assertTrue(e.getMessage().contains("no reply"), e.getMessage());
                assertFalse(c.isOpen());
            }
        }
    }
}
