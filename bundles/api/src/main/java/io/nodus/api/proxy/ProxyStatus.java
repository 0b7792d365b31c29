package io.nodus.api.proxy;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of a proxy provider or of the routing policy, as {@link ProxyStatusListener}s hear it.
 *
 * @param source {@code tor}, {@code socks5}, {@code direct} (providers) or {@code policy} (the router)
 * @param state  see {@link State}
 * @param detail human-readable: what works, or what is wrong and what is being done about it
 * @param since  when the state was entered
 */
public record ProxyStatus(String source, State state, String detail, Instant since) {

    /** Source name of the routing policy's own status. */
    public static final String POLICY = "policy";

    public enum State {
        /** Routes can be made. */
        UP,
        /** Coming up (e.g. Tor bootstrapping); no routes yet. */
        STARTING,
        /** Configured but unusable (daemon gone, proxy unreachable); connections through it are refused. */
        DOWN,
        /** Not configured; never used for routes. */
        DISABLED
    }

    public ProxyStatus {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        detail = Objects.requireNonNullElse(detail, "");
        since = Objects.requireNonNullElse(since, Instant.now());
    }

    public static ProxyStatus of(String source, State state, String detail) {
        return new ProxyStatus(source, state, detail, Instant.now());
    }

    public boolean isUp() {
        return state == State.UP;
    }

    @Override
    public String toString() {
        return source + " " + state + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
