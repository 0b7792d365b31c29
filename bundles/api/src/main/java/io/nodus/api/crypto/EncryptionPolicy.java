package io.nodus.api.crypto;

import java.util.List;

/**
 * Which modes a node takes part in.
 *
 * @param mode     the mode this node asks for (the strongest it offers)
 * @param allowed  weaker modes it also accepts when a peer cannot do {@code mode}
 * @param offered  what it actually offers now: {@code mode} and the weaker allowed modes that are installed,
 *                 strongest first
 */
public record EncryptionPolicy(String mode, List<String> allowed, List<String> offered) {

    public EncryptionPolicy {
        allowed = List.copyOf(allowed);
        offered = List.copyOf(offered);
    }
}
