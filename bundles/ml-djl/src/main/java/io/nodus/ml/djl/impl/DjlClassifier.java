package io.nodus.ml.djl.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.nodus.ml.core.data.LabeledImages;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorSpec;
import io.nodus.ml.core.train.Architecture;
import io.nodus.ml.core.train.Evaluation;
import io.nodus.ml.core.train.TrainResult;
import io.nodus.ml.core.train.TrainSettings;

/**
 * Trains and evaluates one architecture with DJL on whatever engine is current (MXNet here): weights go in
 * and come out as {@link ModelWeights}, in the block's parameter order. No OSGi in here, so it runs in a
 * plain JUnit test too.
 */
final class DjlClassifier {

    /** Minibatch size of evaluation (memory bound only). */
    static final int EVAL_BATCH = 1000;

    private final Architecture architecture;

    DjlClassifier(Architecture architecture) {
        this.architecture = architecture;
    }

    /** Parameter layout, from a block initialised for one input. */
    List<TensorSpec> layout() {
        try (Model model = newModel(); Trainer trainer = newTrainer(model, 0.01f, 1, null)) {
            return specs(trainer);
        }
    }

    /** He-uniform weights (suited to ReLU) and zero biases from a seeded generator, so every node derives the same model. */
    ModelWeights initialWeights(long seed) {
        List<TensorSpec> specs = layout();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[]> tensors = new ArrayList<>();
        for (TensorSpec s : specs) {
            float[] v = new float[(int) s.elements()];
            int[] shape = s.shape();
            if (shape.length > 1) {
                long receptive = 1;
                for (int i = 2; i < shape.length; i++) {
                    receptive *= shape[i];
                }
                double fanIn = shape[1] * receptive;
                double limit = Math.sqrt(6 / fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
                }
            }
            tensors.add(v);
        }
        return ModelWeights.of(specs, tensors);
    }

    TrainResult train(ModelWeights start, LabeledImages data, TrainSettings s) {
        int n = data.count();
        if (n == 0) {
            throw new IllegalArgumentException("no training data");
        }
        int batch = Math.min(s.batchSize(), n);
        try (Model model = newModel(); Trainer trainer = newTrainer(model, s.learningRate(), batch, start)) {
            SplittableRandom rnd = new SplittableRandom(s.seed());
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int epoch = 0; epoch < s.epochs(); epoch++) {
                int[] order = permutation(n, rnd);
                lossSum = 0;
                correct = 0;
                seen = 0;
                for (int from = 0; from + batch <= n; from += batch) {
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDList x = new NDList(inputs(m, data, order, from, batch));
                        NDArray y = labels(m, data, order, from, batch);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(x);
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), pred);
                            gc.backward(loss);
                            lossSum += loss.getFloat() * batch;
                            correct += pred.singletonOrThrow().argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                                    .eq(y.toType(ai.djl.ndarray.types.DataType.INT32, false)).sum().getLong();
                        }
                        trainer.step();
                        seen += batch;
                    }
                }
            }
            return new TrainResult(save(trainer, start), n, lossSum / seen, (double) correct / seen);
        }
    }

    Evaluation evaluate(ModelWeights weights, LabeledImages data) {
        int n = data.count();
        if (n == 0) {
            return new Evaluation(Double.NaN, Double.NaN, 0);
        }
        try (Model model = newModel(); Trainer trainer = newTrainer(model, 0.01f, Math.min(EVAL_BATCH, n), weights)) {
            int[] order = permutation(n, null);
            double lossSum = 0;
            long correct = 0;
            for (int from = 0; from < n; from += EVAL_BATCH) {
                int b = Math.min(EVAL_BATCH, n - from);
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDList pred = trainer.evaluate(new NDList(inputs(m, data, order, from, b)));
                    NDArray y = labels(m, data, order, from, b);
                    lossSum += trainer.getLoss().evaluate(new NDList(y), pred).getFloat() * b;
                    correct += pred.singletonOrThrow().argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                            .eq(y.toType(ai.djl.ndarray.types.DataType.INT32, false)).sum().getLong();
                }
            }
            return new Evaluation(lossSum / n, (double) correct / n, n);
        }
    }

    private Model newModel() {
        Model model = Model.newInstance(architecture.id());
        model.setBlock(ClassifierBlocks.build(architecture));
        return model;
    }

    /**
     * The weights enter as the parameters' initializers: the trainer's parameter store copies parameter values
     * when it is initialised, so values set on the parameters afterwards would not be the ones trained.
     */
    private Trainer newTrainer(Model model, float lr, int batch, ModelWeights weights) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build());
        if (weights != null) {
            int i = 0;
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                if (i >= weights.specs().size()) {
                    throw new IllegalArgumentException("weights have " + weights.specs().size() + " tensors, the model more");
                }
                Parameter param = p.getValue();
                float[] values = weights.tensor(i++);
                config.optInitializer((m, shape, type) -> {
                    if (shape.size() != values.length) {
                        throw new IllegalArgumentException("tensor for " + p.getKey() + " has " + values.length
                                + " values, the model needs " + shape);
                    }
                    return m.create(values, shape);
                }, candidate -> candidate == param);
            }
        }
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(ClassifierBlocks.inputShape(architecture, batch));
        if (weights != null && !specs(trainer).equals(weights.specs())) {
            trainer.close();
            throw new IllegalArgumentException("weights do not fit the model: " + weights.specs() + " vs " + specs(trainer));
        }
        return trainer;
    }

    private static List<TensorSpec> specs(Trainer trainer) {
        List<TensorSpec> specs = new ArrayList<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            long[] dims = p.getValue().getArray().getShape().getShape();
            int[] shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Math.toIntExact(dims[i]);
            }
            specs.add(new TensorSpec(p.getKey(), shape));
        }
        return specs;
    }

    private static ModelWeights save(Trainer trainer, ModelWeights like) {
        List<float[]> tensors = new ArrayList<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            tensors.add(p.getValue().getArray().toFloatArray());
        }
        return ModelWeights.of(like.specs(), tensors);
    }

    private NDArray inputs(NDManager m, LabeledImages data, int[] order, int from, int batch) {
        int size = data.imageSize();
        float[] x = new float[batch * size];
        byte[] px = data.pixels();
        for (int i = 0; i < batch; i++) {
            int src = order[from + i] * size;
            for (int j = 0; j < size; j++) {
                x[i * size + j] = (px[src + j] & 0xff) / 255f;
            }
        }
        Shape shape = ClassifierBlocks.inputShape(architecture, batch);
        return m.create(x, shape);
    }

    private static NDArray labels(NDManager m, LabeledImages data, int[] order, int from, int batch) {
        float[] y = new float[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = data.label(order[from + i]);
        }
        return m.create(y);
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        if (rnd != null) {
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
        return a;
    }
}
