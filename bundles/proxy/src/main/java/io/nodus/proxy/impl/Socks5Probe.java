package io.nodus.proxy.impl;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Checks that a SOCKS5 proxy is there and takes our credentials, without asking it to connect anywhere: RFC 1928
 * section 3 method negotiation, then RFC 1929 user name/password authentication when we have credentials.
 */
final class Socks5Probe {

    static final int VERSION = 5;
    static final int METHOD_NONE = 0x00;
    static final int METHOD_USER_PASS = 0x02;
    static final int METHOD_NOT_ACCEPTABLE = 0xff;
    static final int AUTH_VERSION = 1;

    /** Why a probe failed, in words a user can act on. */
    static final class ProbeException extends IOException {
        private static final long serialVersionUID = 1L;

        ProbeException(String message) {
            super(message);
        }
    }

    private Socks5Probe() {
    }

    /**
     * @return the time the probe took, in nanoseconds
     * @throws ProbeException when the proxy is unreachable, not SOCKS5, or refuses the credentials
     */
    static long probe(ProxyUrl proxy, int timeoutMillis) throws ProbeException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(proxy.host(), proxy.port()), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            boolean auth = !proxy.username().isEmpty();
            out.write(new byte[] {VERSION, 1, (byte) (auth ? METHOD_USER_PASS : METHOD_NONE)});
            out.flush();
            int version = in.readUnsignedByte();
            int method = in.readUnsignedByte();
            if (version != VERSION) {
                throw new ProbeException("SOCKS5 proxy " + proxy.hostPort() + " answered with version " + version
                        + " (not a SOCKS5 proxy?)");
            }
            if (method == METHOD_NOT_ACCEPTABLE) {
                throw new ProbeException("SOCKS5 proxy " + proxy.hostPort() + " does not accept "
                        + (auth ? "user name/password authentication" : "connections without authentication"
                        + " (it needs a user name and password)"));
            }
            if (auth) {
                byte[] user = proxy.username().getBytes(StandardCharsets.UTF_8);
                byte[] pass = proxy.password().getBytes(StandardCharsets.UTF_8);
                byte[] msg = new byte[3 + user.length + pass.length];
                msg[0] = AUTH_VERSION;
                msg[1] = (byte) user.length;
                System.arraycopy(user, 0, msg, 2, user.length);
                msg[2 + user.length] = (byte) pass.length;
                System.arraycopy(pass, 0, msg, 3 + user.length, pass.length);
                out.write(msg);
                out.flush();
                in.readUnsignedByte();
                if (in.readUnsignedByte() != 0) {
                    throw new ProbeException("SOCKS5 proxy " + proxy.hostPort() + " refused the user name/password"
                            + " of user '" + proxy.username() + "'");
                }
            }
            return System.nanoTime() - t0;
        } catch (ProbeException e) {
            throw e;
        } catch (EOFException e) {
            throw new ProbeException("SOCKS5 proxy " + proxy.hostPort() + " closed the connection during the"
                    + " handshake" + (proxy.username().isEmpty() ? "" : " (wrong user name/password?)"));
        } catch (SocketTimeoutException e) {
            throw new ProbeException("SOCKS5 proxy " + proxy.hostPort() + " did not answer within "
                    + timeoutMillis + " ms");
        } catch (IOException e) {
            throw new ProbeException("SOCKS5 proxy " + proxy.hostPort() + " unreachable: " + e.getMessage());
        }
    }
}
