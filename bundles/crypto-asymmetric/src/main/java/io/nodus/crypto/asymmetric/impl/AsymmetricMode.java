package io.nodus.crypto.asymmetric.impl;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.EncryptionMode;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeExchange;
import io.nodus.api.crypto.ModeSession;
import io.nodus.crypto.spi.StaticKeys;

/**
 * Mode {@code asymmetric}: every payload is sealed to the recipient's static key and signed by the sender, so it
 * can be stored and forwarded without a live session key. Between peers that both have X25519 keys: HPKE (RFC 9180
 * base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM) and an Ed25519 identity signature. With a peer
 * that has RSA keys only: RSA-OAEP-SHA256 wrapping a fresh AES-256-GCM key, and an RSA-PSS signature.
 */
@Component(configurationPid = AsymmetricConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {EncryptionMode.MODE + "=" + AsymmetricMode.ID, EncryptionMode.STRENGTH + ":Integer=20"})
@Designate(ocd = AsymmetricConfig.class)
public final class AsymmetricMode implements EncryptionMode {

    static final String ID = "asymmetric";

    @Reference
    private StaticKeys keys;
    @Reference(service = LoggerFactory.class)
    private Logger log;
    private volatile Set<KeyType> keyTypes = EnumSet.allOf(KeyType.class);

    /** For DS. */
    public AsymmetricMode() {
    }

    @Activate
    void activate(AsymmetricConfig config) {
        modified(config);
    }

    /**
     * Creates missing static keys in the background (an RSA-2048 key takes a second or more), so the first key
     * exchange does not wait for it. A failure here is reported again by the exchange that needs the key.
     */
    private void prepareKeys() {
        Set<KeyType> types = keyTypes;
        Thread t = new Thread(() -> {
            try {
                if (types.contains(KeyType.X25519)) {
                    keys.x25519(LocalKeys.X25519_PURPOSE).destroy();
                }
                if (types.contains(KeyType.RSA)) {
                    keys.rsa(LocalKeys.OAEP_PURPOSE);
                    keys.rsa(LocalKeys.PSS_PURPOSE);
                }
            } catch (RuntimeException e) {
                log.warn("cannot prepare the static keys of mode asymmetric (the first exchange retries): {}",
                        e.toString());
            }
        }, "nodus-crypto-asymmetric-keys");
        t.setDaemon(true);
        t.start();
    }

    /** Outside a framework (benchmarks, embedding): a provider over {@code keys} offering {@code keyTypes}. */
    public static AsymmetricMode withKeys(StaticKeys keys, String keyTypes) {
        return new AsymmetricMode(keys, parse(keyTypes));
    }

    /** For tests: a provider over given keys and key types. */
    AsymmetricMode(StaticKeys keys, Set<KeyType> keyTypes) {
        this.keys = keys;
        this.keyTypes = EnumSet.copyOf(keyTypes);
    }

    @Modified
    void modified(AsymmetricConfig config) {
        try {
            keyTypes = parse(config.keyTypes());
        } catch (IllegalArgumentException e) {
            log.error("rejected configuration {}: {}; keeping key types {}", AsymmetricConfig.PID, e.getMessage(),
                    keyTypes);
        }
        prepareKeys();
    }

    static Set<KeyType> parse(String list) {
        Set<KeyType> out = EnumSet.noneOf(KeyType.class);
        for (String s : (list == null ? "" : list).split(",")) {
            if (!s.isBlank()) {
                try {
                    out.add(KeyType.valueOf(s.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("keyTypes: '" + s.trim() + "' is neither x25519 nor rsa");
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("keyTypes must name x25519, rsa or both");
        }
        return out;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int strength() {
        return 20;
    }

    @Override
    public String description() {
        return "per payload: HPKE X25519/HKDF-SHA256/AES-256-GCM + Ed25519, or RSA-OAEP-SHA256 + RSA-PSS";
    }

    @Override
    public ModeExchange startExchange(ExchangeContext context) throws CryptoException {
        return new AsymmetricExchange(context, LocalKeys.load(keys, keyTypes, context));
    }

    @Override
    public ModeSession resume(ExchangeContext context, byte[] handover) throws CryptoException {
        return AsymmetricSession.resume(context, handover, keys);
    }
}
