package io.nodus.crypto.impl;

/** Where the engine reports what people should know (the OSGi log in a node, a list in tests). */
interface CryptoLog {

    void info(String message);

    void warn(String message);
}
