package io.nodus.proxy.impl;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Answers SOCKS5 method negotiation and RFC 1929 authentication on 127.0.0.1, one client at a time. */
final class FakeSocks5Server implements AutoCloseable {

    private final ServerSocket server;
    private final String user;
    private final String pass;
    private final Thread thread;

    FakeSocks5Server(String user, String pass) throws IOException {
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.user = user;
        this.pass = pass;
        this.thread = new Thread(this::serve, "fake-socks5");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                in.readUnsignedByte();
                int n = in.readUnsignedByte();
                byte[] methods = in.readNBytes(n);
                int want = user == null ? 0 : 2;
                boolean offered = false;
                for (byte m : methods) {
                    offered |= m == want;
                }
                out.write(new byte[] {5, (byte) (offered ? want : 0xff)});
                if (!offered || user == null) {
                    continue;
                }
                in.readUnsignedByte();
                String u = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                String p = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                out.write(new byte[] {1, (byte) (u.equals(user) && p.equals(pass) ? 0 : 1)});
            } catch (IOException e) {
                // next client
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
