package io.nodus.ml.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorFeedbackTest {

    @Test
    void whatTopKDropsIsSentLater() {
        List<TensorSpec> specs = List.of(new TensorSpec("v", 10));
        float[] u = {1f, 0.5f, 0.25f, 0.2f, 0.1f, 0.05f, 0.04f, 0.03f, 0.02f, 0.01f};
        ErrorFeedback ef = new ErrorFeedback();
        Compression topk = Compression.parse("topk:0.1");
        double[] sent = new double[10];
        int steps = 200;
        for (int s = 0; s < steps; s++) {
            float[] d = TensorCodec.decode(ef.encode(new ModelWeights(specs, u.clone()), topk)).values();
            for (int i = 0; i < 10; i++) {
                sent[i] += d[i];
            }
        }
        // sum sent + residual == sum of updates, so every coordinate (even the smallest) gets through
        for (int i = 0; i < 10; i++) {
            assertTrue(sent[i] > 0, "coordinate " + i + " was never sent");
        }
        double total = 0;
        for (double x : sent) {
            total += x;
        }
        double expected = 0;
        for (float x : u) {
            expected += x * steps;
        }
        assertEquals(expected, total + ef.residualL1(), 1e-3);
        // without feedback only coordinate 0 would ever travel
        float[] plain = TensorCodec.decode(TensorCodec.encode(new ModelWeights(specs, u.clone()), topk)).values();
        assertEquals(0f, plain[9]);
    }

    @Test
    void int8ResidualStaysBoundedByOneStep() {
        List<TensorSpec> specs = List.of(new TensorSpec("v", 3));
        ErrorFeedback ef = new ErrorFeedback();
        for (int s = 0; s < 50; s++) {
            ef.encode(new ModelWeights(specs, new float[] {1f, 0.003f, -0.001f}), Compression.parse("int8"));
        }
        assertTrue(ef.residualL1() < 3 * (1.0 / 127), "residual " + ef.residualL1());
    }

    @TempDir
    Path dir;

    @Test
    void aRestartedSenderContinuesWithItsSavedResidual() throws IOException {
        List<TensorSpec> specs = List.of(new TensorSpec("v", 6));
        Compression topk = Compression.parse("topk:0.2");
        ErrorFeedback running = new ErrorFeedback();
        ErrorFeedback never = new ErrorFeedback();
        float[] u = {0.9f, 0.3f, -0.2f, 0.1f, 0.05f, -0.01f};
        Path file = dir.resolve("ml/residual.bin");
        for (int s = 0; s < 3; s++) {
            running.encode(new ModelWeights(specs, u.clone()), topk);
        }
        running.save(file, "run-7");

        ErrorFeedback restarted = new ErrorFeedback();
        assertTrue(restarted.load(file, "run-7"));
        assertEquals(running.residualL1(), restarted.residualL1(), 0);
        byte[] next = running.encode(new ModelWeights(specs, u.clone()), topk);
        assertArrayEquals(next, restarted.encode(new ModelWeights(specs, u.clone()), topk),
                "the restarted sender sends what the uninterrupted one sends");
        assertFalse(java.util.Arrays.equals(next, never.encode(new ModelWeights(specs, u.clone()), topk)),
                "without the residual the update would differ");
    }

    @Test
    void anotherRunsOrACorruptResidualIsNotTaken() throws IOException {
        List<TensorSpec> specs = List.of(new TensorSpec("v", 4));
        ErrorFeedback ef = new ErrorFeedback();
        ef.encode(new ModelWeights(specs, new float[] {1f, 0.5f, 0.2f, 0.1f}), Compression.parse("topk:0.25"));
        Path file = dir.resolve("residual.bin");
        ef.save(file, "run-a");
        ErrorFeedback other = new ErrorFeedback();
        assertFalse(other.load(file, "run-b"));
        assertEquals(0, other.residualL1());
        byte[] b = Files.readAllBytes(file);
        b[12] ^= 1;
        Files.write(file, b);
        assertFalse(other.load(file, "run-a"));
        assertFalse(other.load(dir.resolve("missing.bin"), "run-a"));
        assertEquals(0, other.residualL1());
    }
}
