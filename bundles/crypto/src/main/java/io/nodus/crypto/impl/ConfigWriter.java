package io.nodus.crypto.impl;

import java.util.Map;

/** Puts a validated configuration in force (through ConfigurationAdmin in a node, directly in tests). */
interface ConfigWriter {

    void write(Map<String, Object> properties) throws java.io.IOException;
}
