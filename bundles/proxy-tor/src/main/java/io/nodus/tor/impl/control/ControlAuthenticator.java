package io.nodus.tor.impl.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Authenticates a control connection (control-spec "PROTOCOLINFO" and "AUTHENTICATE"): with the configured password
 * when there is one, else with the cookie file (configured, or the one PROTOCOLINFO names), else without a secret
 * when tor allows it.
 */
public final class ControlAuthenticator {

    /** control-spec "AUTHENTICATE": the cookie file holds exactly 32 bytes. */
    static final int COOKIE_BYTES = 32;

    private ControlAuthenticator() {
    }

    /** What PROTOCOLINFO said. */
    public record ProtocolInfo(List<String> methods, String cookieFile, String torVersion) {
    }

    public static ProtocolInfo protocolInfo(TorControlConnection c) throws IOException {
        TorReply r = c.call("PROTOCOLINFO 1");
        List<String> methods = List.of();
        String cookie = "";
        String version = "";
        for (String line : r.lines()) {
            if (line.startsWith("AUTH ")) {
                for (String part : splitArgs(line.substring(5))) {
                    if (part.startsWith("METHODS=")) {
                        methods = List.of(part.substring(8).toUpperCase(Locale.ROOT).split(","));
                    } else if (part.startsWith("COOKIEFILE=")) {
                        cookie = TorReply.unquote(part.substring(11));
                    }
                }
            } else if (line.startsWith("VERSION ")) {
                for (String part : splitArgs(line.substring(8))) {
                    if (part.startsWith("Tor=")) {
                        version = TorReply.unquote(part.substring(4));
                    }
                }
            }
        }
        return new ProtocolInfo(methods, cookie, version);
    }

    /**
     * @param password   control password or {@code ""}
     * @param cookieFile cookie file to use, or {@code ""} for the one tor names
     * @return what PROTOCOLINFO said
     */
    public static ProtocolInfo authenticate(TorControlConnection c, String password, String cookieFile)
            throws IOException {
        ProtocolInfo info = protocolInfo(c);
        String argument;
        if (!password.isEmpty()) {
            argument = TorReply.quote(password);
        } else if (info.methods().contains("COOKIE") || info.methods().contains("SAFECOOKIE")
                || !cookieFile.isEmpty()) {
            Path file = Path.of(cookieFile.isEmpty() ? info.cookieFile() : cookieFile);
            byte[] cookie;
            try {
                cookie = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IOException("cannot read tor's control cookie " + file + ": " + e.getMessage(), e);
            }
            if (cookie.length != COOKIE_BYTES) {
                throw new IOException("tor control cookie " + file + " has " + cookie.length + " bytes, not "
                        + COOKIE_BYTES);
            }
            if (!info.methods().contains("COOKIE")) {
                throw new IOException("tor offers only " + info.methods() + " (SAFECOOKIE without COOKIE is not"
                        + " supported): set controlPassword");
            }
            argument = HexFormat.of().formatHex(cookie);
        } else if (info.methods().contains("NULL")) {
            argument = "";
        } else {
            throw new IOException("tor wants " + info.methods() + " authentication: set controlPassword");
        }
        try {
            c.call(argument.isEmpty() ? "AUTHENTICATE" : "AUTHENTICATE " + argument);
        } catch (TorControlException e) {
            throw new TorControlException(e.code(), "tor refused our control-port authentication ("
                    + (password.isEmpty() ? "cookie" : "password") + ")");
        }
        return info;
    }

    /** Space-separated arguments, where a quoted string may contain spaces. */
    public static List<String> splitArgs(String s) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == ' ' && !quoted) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
