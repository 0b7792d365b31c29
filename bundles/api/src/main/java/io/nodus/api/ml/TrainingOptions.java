package io.nodus.api.ml;

import java.time.Duration;
import java.util.Objects;

/**
 * What a federated training run does. Text-valued choices keep the API stable while strategies are added:
 *
 * @param model            {@code mlp} (McMahan's 2NN, 784-200-200-10) or {@code cnn}
 * @param rounds           global rounds (sync) or global model versions (async) to run
 * @param clients          workers to train on (the aggregator picks this many of those connected)
 * @param partition        {@code iid}, {@code dirichlet:<alpha>} or {@code classes:<k>}
 * @param mode             {@code sync} (rounds with a barrier) or {@code async} (staleness-weighted buffer)
 * @param aggregation      {@code fedavg}, {@code median}, {@code trimmed:<fraction>} or {@code krum[:<m>]}
 * @param compression      {@code none}, {@code fp16}, {@code int8} or {@code topk:<ratio>}
 * @param localEpochs      local epochs per round (E)
 * @param batchSize        local minibatch size (B)
 * @param learningRate     local SGD learning rate
 * @param samplesPerClient training samples shipped to each worker (0: the whole set divided among them)
 * @param roundTimeout     a sync round's deadline; updates after it are discarded
 * @param minParticipation fraction of the round's workers whose updates a sync round needs to complete
 * @param seed             seed of the partition, the initial model and local shuffling
 */
public record TrainingOptions(String model, int rounds, int clients, String partition, String mode,
        String aggregation, String compression, int localEpochs, int batchSize, double learningRate,
        int samplesPerClient, Duration roundTimeout, double minParticipation, long seed) {

    public TrainingOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(roundTimeout, "roundTimeout");
        if (rounds < 1 || clients < 1 || localEpochs < 1 || batchSize < 1 || samplesPerClient < 0) {
            throw new IllegalArgumentException("rounds, clients, epochs and batch size must be >= 1; samples >= 0");
        }
        if (!(learningRate > 0) || !(minParticipation > 0 && minParticipation <= 1)) {
            throw new IllegalArgumentException("learning rate must be > 0 and min participation in (0, 1]");
        }
        if (!mode.equals("sync") && !mode.equals("async")) {
            throw new IllegalArgumentException("mode must be sync or async: " + mode);
        }
    }

    /** MLP, 3 rounds, 4 IID clients, sync FedAvg, no compression, E=1, B=32, lr=0.05, 60 s rounds, 50 % quorum. */
    public static TrainingOptions defaults() {
        return new TrainingOptions("mlp", 3, 4, "iid", "sync", "fedavg", "none", 1, 32, 0.05, 0,
                Duration.ofSeconds(60), 0.5, 1);
    }
}
