package io.nodus.node.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.nodus.api.node.NodeInfo;

/**
 * Lets {@code ./nodus shell --data DIR} run Gogo commands in this running node. Listens on loopback
 * only, on a random port; the port and a random token go to {@code <data>/run/shell} (owner-only),
 * so only the user who owns the data directory can attach. Registered as a service once listening,
 * so the READY line is printed only when the shell can attach.
 */
@Component(service = ShellEndpoint.class)
public class ShellEndpoint {

    static final int MAX_CLIENTS = 8;
    static final int TOKEN_BYTES = 32;

    @Reference
    private NodeInfo node;

    @Reference
    private CommandProcessor processor;

    @Reference(service = LoggerFactory.class)
    private Logger log;

    private ServerSocket server;
    private Path endpointFile;
    private byte[] token;
    private ExecutorService clients;
    private final Semaphore slots = new Semaphore(MAX_CLIENTS);

    @Activate
    void activate() throws IOException {
        token = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(token);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_CLIENTS);
        endpointFile = writeEndpointFile(node.dataDir().resolve("run"), server.getLocalPort(), token);
        clients = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "nodus-shell-client");
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::acceptLoop, "nodus-shell-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("local shell listening on 127.0.0.1:{}", server.getLocalPort());
    }

    static Path writeEndpointFile(Path runDir, int port, byte[] token) throws IOException {
        Files.createDirectories(runDir);
        Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx------"));
        Path tmp = Files.createTempFile(runDir, "shell", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String content = "port=" + port + "\ntoken=" + HexFormat.of().formatHex(token) + "\npid="
                + ProcessHandle.current().pid() + "\n";
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Path target = runDir.resolve("shell");
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (!slots.tryAcquire()) {
                    reject(socket, "too many shell clients");
                    continue;
                }
                clients.execute(() -> {
                    try {
                        serve(socket);
                    } finally {
                        slots.release();
                    }
                });
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("shell accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private static void reject(Socket socket, String reason) {
        try (socket) {
            new ShellFrames(socket.getOutputStream()).line("ERR " + reason);
        } catch (IOException ignored) {
            // the client is gone anyway
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            new ShellConversation(socket, processor, this::tokenMatches, log).run();
        } catch (IOException | UncheckedIOException e) {
            log.debug("shell client ended: {}", e.getMessage());
        }
    }

    private boolean tokenMatches(String hex) {
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(hex.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(token, presented);
    }

    /** The loopback port the shell listens on. */
    public int port() {
        return server.getLocalPort();
    }

    @Deactivate
    void deactivate() throws IOException {
        server.close();
        clients.shutdownNow();
        Files.deleteIfExists(endpointFile);
    }
}
