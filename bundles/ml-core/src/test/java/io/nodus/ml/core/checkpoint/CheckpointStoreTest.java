package io.nodus.ml.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorSpec;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    static Checkpoint at(int round) {
        return new Checkpoint("run-1", round, new ModelWeights(List.of(new TensorSpec("w", 2, 2)),
                new float[] {round, 1, 2, 3}), Map.of("options.model", "mlp", "note", "a=b:c\nd"));
    }

    @Test
    void roundTripKeepsModelRoundAndState() throws IOException {
        CheckpointStore s = new CheckpointStore(dir.resolve("checkpoints"));
        assertTrue(s.latest().isEmpty());
        Path f = s.write(at(4));
        assertEquals("round-000004.ckpt", f.getFileName().toString());
        Checkpoint back = s.latest().orElseThrow();
        assertEquals("run-1", back.runId());
        assertEquals(4, back.round());
        assertArrayEquals(new float[] {4, 1, 2, 3}, back.global().values());
        assertEquals("a=b:c\nd", back.state().get("note"));
        assertEquals("mlp", back.state().get("options.model"));
    }

    @Test
    void keepsTheLastThreeAndSkipsACorruptNewest() throws IOException {
        CheckpointStore s = new CheckpointStore(dir);
        for (int r = 1; r <= 5; r++) {
            s.write(at(r));
        }
        assertEquals(3, s.files().size());
        Path newest = s.files().get(0);
        byte[] b = Files.readAllBytes(newest);
        b[b.length / 2] ^= 1;
        Files.write(newest, b);
        assertEquals(4, s.latest().orElseThrow().round());
    }

    @Test
    void aNewRunsCheckpointIsLatestEvenAtALowerRound() throws IOException {
        CheckpointStore s = new CheckpointStore(dir);
        Path old = s.write(at(4));
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        s.write(new Checkpoint("run-2", 2, at(2).global(), Map.of()));
        assertEquals("run-2", s.latest().orElseThrow().runId());
    }

    @Test
    void truncatedOrForeignBytesAreRefused() throws IOException {
        byte[] good = CheckpointStore.encode(at(1));
        assertThrows(CheckpointFormatException.class, () -> CheckpointStore.decode(java.util.Arrays.copyOf(good, 40)));
        assertTrue(assertThrows(CheckpointFormatException.class, () -> CheckpointStore.decode(new byte[100]))
                .getMessage().contains("SHA-256"));
    }
}
