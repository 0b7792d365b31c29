package io.nodus.node.impl;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.log.Logger;

/** One attached shell client: authenticate, then run its commands in one Gogo session. */
final class ShellConversation {

    private final Socket socket;
    private final CommandProcessor processor;
    private final Predicate<String> tokenCheck;
    private final Logger log;

    ShellConversation(Socket socket, CommandProcessor processor, Predicate<String> tokenCheck, Logger log) {
        this.socket = socket;
        this.processor = processor;
        this.tokenCheck = tokenCheck;
        this.log = log;
    }

    void run() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        ShellFrames frames = new ShellFrames(socket.getOutputStream());
        String first = readLine(in);
        if (first == null || !first.startsWith("TOKEN ") || !tokenCheck.test(first.substring(6))) {
            frames.line("ERR wrong token");
            log.warn("shell client refused: wrong token");
            return;
        }
        frames.line("OK");
        // One reader feeds a queue, so a running command can be interrupted by INTR or by the client leaving.
        BlockingQueue<String> requests = new LinkedBlockingQueue<>(16);
        Thread reader = new Thread(() -> readRequests(in, requests), "nodus-shell-reader");
        reader.setDaemon(true);
        reader.start();
        PrintStream out = new PrintStream(frames.stream('O'), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(frames.stream('E'), true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err);
        try {
            while (true) {
                String line = requests.take();
                if (line == END) {
                    return;
                }
                if (line.startsWith("EXEC ")) {
                    if (!execute(session, line.substring(5), requests, frames, out, err)) {
                        return;
                    }
                } else if (!line.equals("INTR")) {
                    frames.line("ERR unknown request");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.close();
            reader.interrupt();
        }
    }

    private static final String END = new String("END");

    private static void readRequests(BufferedReader in, BlockingQueue<String> requests) {
        try {
            String line;
            while ((line = readLine(in)) != null) {
                requests.put(line);
            }
        } catch (IOException e) {
            // client gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        requests.offer(END);
    }

    /**
     * Runs one command on its own thread so that an {@code INTR} line, or the client going away,
     * can interrupt a command that streams until stopped (e.g. {@code chat:receive --follow}).
     *
     * @return false when the client went away meanwhile
     */
    private boolean execute(CommandSession session, String command, BlockingQueue<String> requests, ShellFrames frames,
            PrintStream out, PrintStream err) throws IOException, InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                Object result = session.execute(command);
                if (result != null) {
                    out.println(session.format(result, Converter.INSPECT));
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "nodus-shell-exec");
        worker.setDaemon(true);
        worker.start();
        boolean clientPresent = true;
        while (worker.isAlive()) {
            String request = requests.poll(100, TimeUnit.MILLISECONDS);
            if (request == END || "INTR".equals(request)) {
                clientPresent = request != END;
                worker.interrupt();
                worker.join(2_000);
                break;
            }
        }
        out.flush();
        Throwable t = failure.get();
        if (t != null) {
            log.debug("shell command failed: {}", command, t);
            err.println(describe(t));
            err.flush();
        }
        if (clientPresent) {
            frames.exit(t == null ? 0 : 1);
        }
        return clientPresent;
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        String kind = t.getClass().getSimpleName();
        if (kind.equals("CommandNotFoundException")) {
            return "nodus: " + message;
        }
        return "nodus: " + (message == null || message.isBlank() ? kind : message);
    }

    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() >= ShellFrames.MAX_LINE) {
                throw new IOException("shell request line too long");
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
