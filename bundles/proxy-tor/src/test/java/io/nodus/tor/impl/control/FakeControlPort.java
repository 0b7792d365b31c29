package io.nodus.tor.impl.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A scripted control port on 127.0.0.1: each command line gets the answer the script gives (CRLF added). */
public final class FakeControlPort implements AutoCloseable {

    private final ServerSocket server;
    private final Function<String, String> script;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile Socket client;
    private volatile boolean down;

    public FakeControlPort(Function<String, String> script) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread t = new Thread(this::serve, "fake-control-port");
        t.setDaemon(true);
        t.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    public List<String> received() {
        return received;
    }

    /** Sends an asynchronous event line to the connected client. */
    public void event(String line) throws IOException {
        write(client.getOutputStream(), line);
    }

    /** Drops the connected client, as a dying tor would. */
    public void dropClient() throws IOException {
        client.close();
    }

    /** While down, connections are accepted and closed at once, as if tor were gone. */
    public void down(boolean isDown) {
        this.down = isDown;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                if (down) {
                    continue;
                }
                client = s;
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line);
                    String answer = script.apply(line);
                    if (answer != null) {
                        write(s.getOutputStream(), answer);
                    }
                }
            } catch (IOException e) {
                // next client
            }
        }
    }

    private static synchronized void write(OutputStream out, String text) throws IOException {
        out.write((text.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket c = client;
        if (c != null) {
            c.close();
        }
    }
}
