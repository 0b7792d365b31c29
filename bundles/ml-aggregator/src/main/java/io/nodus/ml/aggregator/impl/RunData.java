package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.nodus.ml.core.data.IdxReader;
import io.nodus.ml.core.data.LabeledImages;

/**
 * The data of a run: the clients' shards (a seeded subset of the training set, partitioned as the plan says,
 * so a resumed run derives exactly the same shards) and the test set the global model is evaluated on.
 */
record RunData(List<LabeledImages> shards, LabeledImages test) {

    static final int CLASSES = 10;

    static RunData prepare(Path dir, RunPlan plan, int testSamples) throws IOException {
        LabeledImages train = IdxReader.readSplit(dir, true, Integer.MAX_VALUE);
        int clients = plan.options().clients();
        long seed = plan.options().seed();
        int per = plan.options().samplesPerClient();
        LabeledImages pool = train;
        if (per > 0 && (long) per * clients < train.count()) {
            int[] perm = new int[train.count()];
            Arrays.setAll(perm, i -> i);
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed);
            for (int i = perm.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            pool = train.select(Arrays.copyOf(perm, per * clients));
        }
        int[][] parts = plan.partition().partition(pool.labels(), CLASSES, clients, seed);
        List<LabeledImages> shards = new ArrayList<>(clients);
        for (int[] p : parts) {
            shards.add(pool.select(p));
        }
        return new RunData(List.copyOf(shards), IdxReader.readSplit(dir, false, testSamples));
    }

    int shardSize(int shard) {
        return shard >= 0 && shard < shards.size() ? shards.get(shard).count() : 0;
    }
}
