package io.nodus.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * {@code ./nodus shell --data DIR [COMMAND ...]}: attaches to the running node that owns DIR through
 * the loopback endpoint and token it keeps in {@code DIR/run/shell}. With a command, runs it and exits
 * with its status; without, reads commands line by line from standard input.
 */
public final class ShellClient implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private ShellClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        Path data = null;
        int i = 0;
        while (i < args.length && args[i].startsWith("--")) {
            if (args[i].equals("--data") && i + 1 < args.length) {
                data = Path.of(args[i + 1]);
                i += 2;
            } else {
                stderr.println("nodus shell: unknown option " + args[i]);
                return 2;
            }
        }
        if (data == null) {
            stderr.println("nodus shell: --data DIR is required");
            return 2;
        }
        String command = String.join(" ", Arrays.copyOfRange(args, i, args.length)).trim();
        try (ShellClient client = connect(data)) {
            if (!command.isEmpty()) {
                return client.execute(command, stdout, stderr);
            }
            return client.interactive(stdin, stdout, stderr);
        } catch (ShellRefused e) {
            stderr.println("nodus shell: " + e.getMessage());
            return 3;
        } catch (IOException e) {
            stderr.println("nodus shell: connection to the node failed: " + e.getMessage());
            return 3;
        }
    }

    static ShellClient connect(Path data) throws IOException {
        Path endpoint = data.resolve("run").resolve("shell");
        Properties p = new Properties();
        try (InputStream f = Files.newInputStream(endpoint)) {
            p.load(f);
        } catch (NoSuchFileException e) {
            throw new ShellRefused("no node is running with data dir " + data + " (no " + endpoint + ")");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ShellRefused("not allowed to read " + endpoint + " (the node belongs to another user)");
        }
        int port;
        try {
            port = Integer.parseInt(p.getProperty("port", ""));
        } catch (NumberFormatException e) {
            throw new ShellRefused(endpoint + " is damaged (no port)");
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
        } catch (ConnectException e) {
            socket.close();
            throw new ShellRefused("no node is running with data dir " + data + " (stale " + endpoint + ")");
        }
        ShellClient client = new ShellClient(socket);
        client.send("TOKEN " + p.getProperty("token", ""));
        String answer = client.readLine();
        if (!"OK".equals(answer)) {
            client.close();
            throw new ShellRefused("the node refused the shell: "
                    + (answer == null ? "connection closed" : answer.replaceFirst("^ERR ", "")));
        }
        return client;
    }

    int execute(String command, PrintStream stdout, PrintStream stderr) throws IOException {
        send("EXEC " + command.replace('\n', ' '));
        while (true) {
            String header = readLine();
            if (header == null) {
                throw new IOException("the node closed the connection (stopped?)");
            }
            if (header.startsWith("X ")) {
                stdout.flush();
                stderr.flush();
                return Integer.parseInt(header.substring(2).trim());
            }
            if (header.length() < 3 || (header.charAt(0) != 'O' && header.charAt(0) != 'E')) {
                throw new IOException("unexpected reply from the node: " + header);
            }
            byte[] data = in.readNBytes(Integer.parseInt(header.substring(2).trim()));
            (header.charAt(0) == 'O' ? stdout : stderr).write(data);
        }
    }

    private int interactive(InputStream stdin, PrintStream stdout, PrintStream stderr) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        int last = 0;
        while (true) {
            stdout.print("nodus> ");
            stdout.flush();
            String line = lines.readLine();
            if (line == null || line.trim().equals("exit") || line.trim().equals("quit")) {
                stdout.println();
                return last;
            }
            if (!line.isBlank()) {
                last = execute(line, stdout, stderr);
            }
        }
    }

    private void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            sb.append((char) c);
        }
        return c == -1 && sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The node is not there, or would not let us in. */
    static final class ShellRefused extends IOException {
        ShellRefused(String message) {
            super(message);
        }
    }
}
