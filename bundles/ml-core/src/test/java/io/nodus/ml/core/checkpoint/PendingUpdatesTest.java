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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorSpec;

class PendingUpdatesTest {

    @TempDir
    Path dir;

    static Checkpoint at(String run, int round) {
        return new Checkpoint(run, round, new ModelWeights(List.of(new TensorSpec("w", 3)), new float[] {round, 1, 2}),
                Map.of("options.mode", "async"));
    }

    static Contribution update(String client, float base, int staleness) {
        return new Contribution(client, new float[] {base, -base, Float.MIN_VALUE, 1e30f}, 600 + (long) base, staleness);
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void aRestartedStoreGetsBackTheBufferedUpdatesTheLastCheckpointDidNotApply() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.write(at("r1", 4));
        // step 5 was applied (its updates are in checkpoint 5), step 6 is still filling
        store.pending().add("r1", 5, update("12D3KooWapplied", 1, 0));
        store.pending().add("r1", 6, update("12D3KooWfirst", 2, 0));
        store.pending().add("r1", 6, update("12D3KooWsecond", 3, 2));
        store.write(at("r1", 5));

        CheckpointStore restarted = new CheckpointStore(dir);
        Checkpoint c = restarted.latest().orElseThrow();
        assertEquals(5, c.round());
        assertEquals(List.of(), restarted.pending().load("r1", c.round()), "an applied step must not come back");
        List<Contribution> buffered = restarted.pending().load("r1", c.round() + 1);
        assertEquals(2, buffered.size());
        Contribution second = buffered.stream().filter(u -> u.client().equals("12D3KooWsecond")).findFirst().orElseThrow();
        Contribution expected = update("12D3KooWsecond", 3, 2);
        assertArrayEquals(expected.delta(), second.delta());
        assertEquals(expected.samples(), second.samples());
        assertEquals(2, second.staleness(), "staleness is kept for the staleness weight");

        // the step is applied and checkpointed: its updates are gone for good
        restarted.write(at("r1", 6));
        assertEquals(List.of(), restarted.pending().load("r1", 6));
        assertEquals(List.of(), files(restarted.pending().directory()));
    }

    @Test
    void aNewRunDiscardsTheBufferOfTheOldOne() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.pending().add("old", 3, update("a", 1, 0));
        store.write(at("new", 0));
        assertEquals(List.of(), store.pending().load("old", 3));
        assertEquals(List.of(), files(store.pending().directory()));
    }

    @Test
    void aCorruptBufferFileIsSkippedNotTrusted() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.pending().add("r1", 2, update("good", 1, 0));
        store.pending().add("r1", 2, update("bad", 2, 0));
        Path bad = store.pending().directory().resolve(PendingUpdates.fileName("r1", 2, "bad"));
        byte[] b = Files.readAllBytes(bad);
        b[b.length / 2] ^= 1;
        Files.write(bad, b);
        List<Contribution> back = store.pending().load("r1", 2);
        assertEquals(1, back.size());
        assertEquals("good", back.get(0).client());
        assertTrue(assertThrows(CheckpointFormatException.class, () -> PendingUpdates.decode(b)).getMessage()
                .contains("SHA-256"));
    }

    @Test
    void aRunIdThatIsNotATokenCannotNameAFileOutsideTheDirectory() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.pending().add("../../x", 1, update("c", 1, 0));
        assertEquals(1, files(store.pending().directory()).size());
        assertEquals(1, store.pending().load("../../x", 1).size());
    }
}
