package io.nodus.ml.djl.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nodus.ml.core.data.IdxReader;
import io.nodus.ml.core.data.LabeledImages;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.train.Architecture;
import io.nodus.ml.core.train.Evaluation;
import io.nodus.ml.core.train.TrainResult;
import io.nodus.ml.core.train.TrainSettings;

/** DJL + MXNet outside OSGi: one epoch on 2,000 Fashion-MNIST images must learn something. */
class DjlClassifierTest {

    static MxNetEngine engine;
    static LabeledImages train;
    static LabeledImages test;

    @BeforeAll
    static void load() throws IOException {
        assumeTrue(Files.isDirectory(IdxReader.DEBIAN_FASHION_MNIST), "dataset-fashion-mnist not installed");
        Path cache = Path.of(System.getProperty("nodus.djl.cache", System.getProperty("java.io.tmpdir") + "/nodus-djl-test"));
        engine = new MxNetEngine(cache, DjlClassifierTest.class.getClassLoader());
        train = IdxReader.readSplit(IdxReader.DEBIAN_FASHION_MNIST, true, 2000);
        test = IdxReader.readSplit(IdxReader.DEBIAN_FASHION_MNIST, false, 2000);
    }

    @Test
    void mlpLayoutIsMcMahans2NN() {
        DjlClassifier mlp = new DjlClassifier(Architecture.MLP);
        ModelWeights w = engine.call(() -> mlp.initialWeights(1));
        assertEquals(199_210, w.size());
        assertEquals(6, w.specs().size());
        assertArrayEquals(w.values(), engine.call(() -> mlp.initialWeights(1)).values(), "same seed, same model");
    }

    @Test
    void oneEpochOnTwoThousandImagesBeatsChanceByFar() {
        DjlClassifier mlp = new DjlClassifier(Architecture.MLP);
        ModelWeights start = engine.call(() -> mlp.initialWeights(1));
        Evaluation before = engine.call(() -> mlp.evaluate(start, test));
        TrainResult r = engine.call(() -> mlp.train(start, train, new TrainSettings(1, 32, 0.1f, 1)));
        Evaluation after = engine.call(() -> mlp.evaluate(r.weights(), test));
        assertEquals(2000, r.samples());
        assertTrue(before.accuracy() < 0.3, "untrained accuracy " + before.accuracy());
        // 10 classes: chance is 0.1; one epoch of SGD (lr 0.1) on 2k images reaches ~0.65-0.72 on Fashion-MNIST
        assertTrue(after.accuracy() > 0.6, "trained accuracy " + after.accuracy());
        assertTrue(after.loss() < before.loss(), "loss " + before.loss() + " -> " + after.loss());
        System.out.printf("MLP 1 epoch / 2000 images: test accuracy %.3f -> %.3f, loss %.3f -> %.3f%n",
                before.accuracy(), after.accuracy(), before.loss(), after.loss());
    }

    /** Regression: weights handed in must be the ones trained (not the engine's own initialisation). */
    @Test
    void trainingContinuesFromTheGivenWeights() {
        DjlClassifier mlp = new DjlClassifier(Architecture.MLP);
        ModelWeights start = engine.call(() -> mlp.initialWeights(3));
        TrainSettings s = new TrainSettings(1, 32, 0.01f, 1);
        TrainResult first = engine.call(() -> mlp.train(start, train, s));
        TrainResult second = engine.call(() -> mlp.train(first.weights(), train, s));
        Evaluation e1 = engine.call(() -> mlp.evaluate(first.weights(), test));
        assertTrue(second.loss() < first.loss() * 0.8, "second epoch's loss " + second.loss() + " vs first " + first.loss());
        assertTrue(second.loss() < e1.loss() * 1.1, "training resumed near the first result's loss " + e1.loss());
    }

    @Test
    void cnnTrainsToo() {
        DjlClassifier cnn = new DjlClassifier(Architecture.CNN);
        ModelWeights start = engine.call(() -> cnn.initialWeights(2));
        TrainResult r = engine.call(() -> cnn.train(start, train.head(1000), new TrainSettings(1, 32, 0.05f, 1)));
        Evaluation after = engine.call(() -> cnn.evaluate(r.weights(), test.head(500)));
        assertTrue(after.accuracy() > 0.4, "CNN accuracy after 1000 images " + after.accuracy());
    }
}
