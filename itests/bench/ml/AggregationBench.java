import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.nodus.ml.core.aggregate.AggregationRule;
import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.ml.core.tensor.Compression;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorCodec;
import io.nodus.ml.core.tensor.TensorSpec;

/**
 * Prints aggregation throughput (GB/s of update data consumed) of each rule beside memcpy bandwidth, and the
 * bytes one round's uploads take per compression mode, for McMahan's 2NN (199,210 parameters).
 * Run: java -cp bundles/ml-core/target/ml-core-0.1.0-SNAPSHOT.jar itests/bench/ml/AggregationBench.java [clients]
 */
public class AggregationBench {

    public static void main(String[] args) {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        List<TensorSpec> specs = List.of(new TensorSpec("w1", 200, 784), new TensorSpec("b1", 200),
                new TensorSpec("w2", 200, 200), new TensorSpec("b2", 200), new TensorSpec("w3", 10, 200), new TensorSpec("b3", 10));
        int n = (int) ModelWeights.totalElements(specs);
        Random r = new Random(1);
        List<Contribution> updates = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            float[] d = new float[n];
            for (int i = 0; i < n; i++) {
                d[i] = (float) (r.nextGaussian() * 0.01);
            }
            updates.add(new Contribution("c" + c, d, 1500, 0));
        }
        double bytes = 4.0 * n * clients;
        float[] src = new float[n * clients];
        float[] dst = new float[n * clients];
        double best = Double.MAX_VALUE;
        for (int k = 0; k < 20; k++) {
            long t = System.nanoTime();
            System.arraycopy(src, 0, dst, 0, src.length);
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf("memcpy (System.arraycopy) %.2f GB/s over %.1f MB%n", bytes / best, bytes / 1e6);
        for (String rule : new String[] {"fedavg", "trimmed:0.2", "median", "krum"}) {
            AggregationRule a = AggregationRule.parse(rule);
            int reps = rule.equals("fedavg") ? 20 : 3;
            double bestRule = Double.MAX_VALUE;
            for (int k = 0; k < reps; k++) {
                long t = System.nanoTime();
                a.aggregate(updates);
                bestRule = Math.min(bestRule, System.nanoTime() - t);
            }
            System.out.printf("%-12s %d clients x %d params: %8.1f ms, %.3f GB/s%n", rule, clients, n, bestRule / 1e6, bytes / bestRule);
        }
        ModelWeights delta = new ModelWeights(specs, updates.get(0).delta());
        for (String c : new String[] {"none", "fp16", "int8", "topk:0.1", "topk:0.01"}) {
            int size = TensorCodec.encode(delta, Compression.parse(c)).length;
            System.out.printf("compression %-10s %9d bytes per update, %11d bytes per round (%d clients)%n", c, size,
                    (long) size * clients, clients);
        }
    }
}
