package io.nodus.ml.djl.impl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.nodus.ml.core.train.Architecture;

/** The DJL blocks of each architecture, for 28x28 single-channel inputs and 10 classes. */
final class ClassifierBlocks {

    static final int SIDE = 28;
    static final int CLASSES = 10;

    private ClassifierBlocks() {
    }

    static Block build(Architecture a) {
        return switch (a) {
            case MLP -> new SequentialBlock()
                    .add(Blocks.batchFlattenBlock(SIDE * SIDE))
                    .add(Linear.builder().setUnits(200).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(200).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(CLASSES).build());
            case CNN -> new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(16).optPadding(new Shape(2, 2)).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(32).optPadding(new Shape(2, 2)).build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(128).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(CLASSES).build());
        };
    }

    /** Shape of one minibatch of inputs. */
    static Shape inputShape(Architecture a, int batch) {
        return a == Architecture.MLP ? new Shape(batch, SIDE * SIDE) : new Shape(batch, 1, SIDE, SIDE);
    }
}
