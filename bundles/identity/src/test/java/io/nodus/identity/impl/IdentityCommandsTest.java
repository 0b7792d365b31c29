package io.nodus.identity.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityCommandsTest {

    @TempDir
    Path data;

    @Test
    void idAndKeyinfoDescribeTheNodeKey() throws IOException {
        FixedNodeInfo node = new FixedNodeInfo(data);
        Path keyFile = data.resolve("keys").resolve("identity.key");
        Files.createDirectories(keyFile.getParent());
        Files.write(keyFile, SpecKeyVectors.get(SpecKeyVectors.ED25519_PRIVATE));
        IdentityCommands commands = new IdentityCommands(new Ed25519NodeIdentity(node), node);

        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", commands.id());
        assertEquals("type:     Ed25519\n"
                + "key file: " + keyFile + "\n"
                + "peer ID:  12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq\n"
                + "CID:      bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6", commands.keyinfo());
    }
}
