package io.nodus.pubsub.impl.router;

/**
 * Counts of control messages a gossipsub router sent, and of messages it served from its cache for IWANTs.
 *
 * @param grafts     GRAFTs sent
 * @param prunes     PRUNEs sent
 * @param ihaves     IHAVEs sent
 * @param iwants     IWANTs sent
 * @param iwantServed messages sent in answer to IWANTs
 */
public record GossipStats(long grafts, long prunes, long ihaves, long iwants, long iwantServed) {
}
