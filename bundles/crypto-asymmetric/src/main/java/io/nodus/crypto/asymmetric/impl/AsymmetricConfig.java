package io.nodus.crypto.asymmetric.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.nodus.crypto.asymmetric}. */
@ObjectClassDefinition(name = "Nodus crypto: asymmetric mode", description = "Which static keys this node offers")
public @interface AsymmetricConfig {

    String PID = "io.nodus.crypto.asymmetric";

    @AttributeDefinition(name = "keyTypes", description = "Comma-separated: x25519 (HPKE), rsa (RSA-OAEP + RSA-PSS,"
            + " for peers with RSA keys only). Peers with X25519 on both sides use HPKE.")
    String keyTypes() default "x25519,rsa";
}
