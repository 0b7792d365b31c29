package io.nodus.api.crypto;

/**
 * An installed mode provider.
 *
 * @param id          the mode id, e.g. {@code symmetric}
 * @param strength    its rank in negotiation (higher wins)
 * @param description what it does, for people
 * @param provider    the providing bundle, {@code symbolic-name version}
 */
public record ModeInfo(String id, int strength, String description, String provider) {
}
