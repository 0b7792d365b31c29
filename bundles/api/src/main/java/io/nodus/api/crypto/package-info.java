/**
 * End-to-end encryption modes for application payloads and the service that negotiates them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.api.crypto;
