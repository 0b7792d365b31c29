package io.nodus.transport.host;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal SOCKS5 server (RFC 1928, no authentication, CONNECT only) on 127.0.0.1 that records its targets. */
final class TestSocks5Server implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    TestSocks5Server() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "test-socks5");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code host:port} of every CONNECT request, as the client sent it. */
    List<String> targets() {
        return targets;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "test-socks5-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (in.readUnsignedByte() != 5) {
                client.close();
                return;
            }
            in.readNBytes(in.readUnsignedByte());
            out.write(new byte[] {5, 0});
            in.readUnsignedByte(); // version
            int command = in.readUnsignedByte();
            in.readUnsignedByte();
            int type = in.readUnsignedByte();
            String host = switch (type) {
                case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
                case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                default -> throw new IOException("bad address type " + type);
            };
            int port = in.readUnsignedShort();
            targets.add(host + ":" + port);
            if (command != 1) {
                out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
                client.close();
                return;
            }
            Socket upstream = new Socket();
            sockets.add(upstream);
            try {
                upstream.connect(new InetSocketAddress(host, port), 10_000);
            } catch (IOException e) {
                out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
                client.close();
                return;
            }
            out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            Thread back = new Thread(() -> relay(upstream, client), "test-socks5-relay");
            back.setDaemon(true);
            back.start();
            relay(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void relay(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            in.transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(TestSocks5Server::closeQuietly);
    }
}
