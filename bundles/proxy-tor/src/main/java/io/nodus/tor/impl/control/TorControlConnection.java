package io.nodus.tor.impl.control;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One connection to a tor control port. Commands are answered in the order they were sent (control-spec "General
 * format"), so each command waits on a queue of pending replies; asynchronous events (status 650) go to the event
 * consumer on the reader thread, which must not block. When the connection ends, pending commands fail and
 * {@code onClose} runs once.
 */
public final class TorControlConnection implements AutoCloseable {

    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(15);

    private static final System.Logger LOG = System.getLogger(TorControlConnection.class.getName());

    private final Socket socket;
    private final OutputStream out;
    private final Deque<CompletableFuture<TorReply>> pending = new ArrayDeque<>();
    private final Consumer<TorReply> events;
    private final Runnable onClose;
    private final Thread reader;
    private final String name;
    private volatile boolean closed;

    private TorControlConnection(Socket socket, Consumer<TorReply> events, Runnable onClose) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.events = events;
        this.onClose = onClose;
        this.name = socket.getRemoteSocketAddress().toString();
        ReplyReader replies = new ReplyReader(new BufferedInputStream(socket.getInputStream()));
        this.reader = new Thread(() -> readLoop(replies), "nodus-tor-control");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects (within {@code timeout}); not yet authenticated. */
    public static TorControlConnection open(InetSocketAddress address, Duration timeout, Consumer<TorReply> events,
            Runnable onClose) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, (int) timeout.toMillis());
            s.setTcpNoDelay(true);
            return new TorControlConnection(s, events, onClose);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Sends a command and waits for its reply; error statuses throw. */
    public TorReply call(String command) throws IOException {
        return call(command, DEFAULT_REPLY_TIMEOUT);
    }

    public TorReply call(String command, Duration timeout) throws IOException {
        TorReply reply = await(send(command), timeout, command);
        if (!reply.isOk()) {
            throw new TorControlException(reply.code(), verb(command) + ": " + String.join(" ", reply.lines()));
        }
        return reply;
    }

    /** {@code GETINFO} of several keys at once. */
    public java.util.Map<String, String> getInfo(String... keys) throws IOException {
        return call("GETINFO " + String.join(" ", keys)).keyValues();
    }

    private CompletableFuture<TorReply> send(String command) throws IOException {
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a control command is one line");
        }
        CompletableFuture<TorReply> f = new CompletableFuture<>();
        synchronized (pending) {
            if (closed) {
                throw new IOException("control connection to " + name + " is closed");
            }
            pending.addLast(f);
            try {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                pending.remove(f);
                close();
                throw new IOException("control connection to " + name + ": " + e.getMessage(), e);
            }
        }
        return f;
    }

    private TorReply await(CompletableFuture<TorReply> f, Duration timeout, String command) throws IOException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close(); // replies are matched by order: after a lost one the connection cannot be trusted
            throw new IOException(verb(command) + ": no reply from tor within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(verb(command) + " interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? new IOException(verb(command) + ": " + io.getMessage(), io)
                    : new IOException(verb(command) + ": " + c, c);
        }
    }

    private void readLoop(ReplyReader replies) {
        IOException failure = null;
        try {
            while (!closed) {
                TorReply r = replies.read();
                if (r.code() == TorReply.EVENT) {
                    try {
                        events.accept(r);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "tor event consumer failed on " + r, e);
                    }
                    continue;
                }
                CompletableFuture<TorReply> f;
                synchronized (pending) {
                    f = pending.pollFirst();
                }
                if (f == null) {
                    throw new TorControlException(0, "reply without a command: " + r);
                }
                f.complete(r);
            }
        } catch (IOException e) {
            failure = e;
        }
        if (!closed && failure != null) {
            LOG.log(Level.DEBUG, "control connection to {0} ended: {1}", name, failure.getMessage());
        }
        close(failure == null ? new IOException("control connection closed") : failure);
    }

    @Override
    public void close() {
        close(new IOException("control connection closed"));
    }

    private void close(IOException why) {
        synchronized (pending) {
            if (closed) {
                return;
            }
            closed = true;
            CompletableFuture<TorReply> f;
            while ((f = pending.pollFirst()) != null) {
                f.completeExceptionally(why);
            }
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing control socket: {0}", e.getMessage());
        }
        try {
            onClose.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "control connection close callback failed", e);
        }
    }

    /** The command's keyword, so that secrets (AUTHENTICATE, ADD_ONION keys) never reach a message. */
    private static String verb(String command) {
        int sp = command.indexOf(' ');
        return sp < 0 ? command : command.substring(0, sp);
    }

    @Override
    public String toString() {
        return "tor control " + name;
    }
}
