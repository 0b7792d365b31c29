package io.nodus.crypto.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.Sha256;

/**
 * Body of SET_CONFIG (the keys to change) and of CONFIG (the configuration in force, with the hash of the request
 * it answers). GET_CONFIG has an empty body.
 */
record ConfigBody(byte[] requestHash, Map<String, String> values) {

    static final int MAX_ENTRIES = 32;
    static final int MAX_KEY = 64;
    static final int MAX_VALUE = 4096;

    ConfigBody {
        values = Map.copyOf(values);
    }

    byte[] encode() {
        FieldWriter w = new FieldWriter();
        if (requestHash != null) {
            w.raw(requestHash);
        }
        w.u8(values.size());
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> w.string(e.getKey()).string(e.getValue()));
        return w.toByteArray();
    }

    static ConfigBody decode(byte[] body, boolean withRequestHash) throws CryptoException {
        FieldReader r = new FieldReader(body);
        byte[] hash = withRequestHash ? r.raw(Sha256.BYTES, "request hash") : null;
        int n = r.u8("entry count");
        if (n > MAX_ENTRIES) {
            throw new CryptoException(Reason.MALFORMED, "configuration message has " + n + " entries");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = r.string(MAX_KEY, "key");
            if (values.put(key, r.string(MAX_VALUE, "value")) != null) {
                throw new CryptoException(Reason.MALFORMED, "configuration key '" + key + "' given twice");
            }
        }
        r.requireEnd("configuration message");
        return new ConfigBody(hash, values);
    }
}
