package io.nodus.crypto.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.nodus.api.crypto.EncryptionMode;
import io.nodus.api.crypto.ModeInfo;

/**
 * The installed mode providers (whiteboard of {@link EncryptionMode} services). When two services share an id
 * (e.g. briefly during an update) the higher-ranked one, then the older one, is used.
 */
final class ModeRegistry {

    /** One registered provider service. */
    record Entry(EncryptionMode mode, String id, int strength, String description, String provider, long bundleId,
            int ranking, long serviceId) {

        ModeInfo info() {
            return new ModeInfo(id, strength, description, provider);
        }
    }

    private static final Comparator<Entry> PREFERENCE = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(Entry e) {
        entries.add(e);
    }

    /** Removes the entry of this service object; returns it, or null when it was not registered. */
    synchronized Entry remove(EncryptionMode mode) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).mode() == mode) {
                return entries.remove(i);
            }
        }
        return null;
    }

    synchronized Optional<Entry> get(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).min(PREFERENCE);
    }

    /** True while {@code mode} is the service used for its id. */
    synchronized boolean isCurrent(EncryptionMode mode) {
        return entries.stream().filter(e -> e.mode() == mode).findFirst()
                .flatMap(e -> get(e.id())).map(e -> e.mode() == mode).orElse(false);
    }

    /** The provider used for each id, strongest first. */
    synchronized List<Entry> installed() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (get(e.id()).map(best -> best == e).orElse(false)) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingInt(Entry::strength).reversed().thenComparing(Entry::id));
        return out;
    }

    /**
     * What this node offers, strongest first: {@code mode} and the allowed modes weaker than it, among the installed
     * ones. When {@code mode} itself is not installed, every installed allowed mode is offered.
     */
    synchronized List<String> offered(CryptoSettings settings) {
        List<Entry> installed = installed();
        Optional<Entry> ceiling = installed.stream().filter(e -> e.id().equals(settings.mode())).findFirst();
        List<String> out = new ArrayList<>();
        for (Entry e : installed) {
            boolean wanted = e.id().equals(settings.mode()) || settings.allowed().contains(e.id());
            boolean underCeiling = ceiling.isEmpty() || e.strength() <= ceiling.get().strength();
            if (wanted && underCeiling) {
                out.add(e.id());
            }
        }
        return out;
    }
}
