package io.nodus.crypto.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.nodus.crypto}, edited in {@code <data>/etc/io.nodus.crypto.cfg} or with the shell. */
@ObjectClassDefinition(name = "Nodus crypto", description = "End-to-end encryption of payloads: modes, admins, rotation")
public @interface CryptoConfig {

    String PID = "io.nodus.crypto";

    @AttributeDefinition(name = "encryption.mode", description = "The mode this node asks for, i.e. the strongest it"
            + " offers: none, asymmetric, symmetric (or another installed provider's id)")
    String encryption_mode() default "symmetric";

    @AttributeDefinition(name = "encryption.allowed", description = "Comma-separated weaker modes this node also"
            + " accepts when a peer cannot do encryption.mode; 'none' (signed, never encrypted) only when listed here")
    String encryption_allowed() default "asymmetric";

    @AttributeDefinition(name = "encryption.admins", description = "Comma-separated peer IDs allowed to read and"
            + " change this configuration remotely (SetEncryptionConfig, GetEncryptionConfig)")
    String encryption_admins() default "";

    @AttributeDefinition(name = "encryption.onProviderLoss", description = "What happens to sessions whose mode"
            + " provider is uninstalled: renegotiate (a new exchange with the remaining modes) or close")
    String encryption_onProviderLoss() default "renegotiate";

    @AttributeDefinition(name = "rotation.messages", description = "Payloads sealed with one key before it rotates")
    long rotation_messages() default 1_000_000L;

    @AttributeDefinition(name = "rotation.bytes", description = "Plaintext bytes sealed with one key before it rotates")
    long rotation_bytes() default 1L << 30;

    @AttributeDefinition(name = "rotation.seconds", description = "Seconds one key is used before it rotates")
    long rotation_seconds() default 3600L;

    @AttributeDefinition(name = "handover.seconds", description = "How long sessions wait for an updated provider"
            + " (bundle update) to take them over before the provider-loss policy applies")
    long handover_seconds() default 30L;

    @AttributeDefinition(name = "exchange.timeoutSeconds", description = "Deadline of one key exchange with a peer")
    long exchange_timeoutSeconds() default 20L;
}
