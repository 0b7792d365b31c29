package io.nodus.ml.aggregator.impl;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.nodus.api.ml.TrainingOptions;
import io.nodus.ml.core.aggregate.AggregationRule;
import io.nodus.ml.core.aggregate.FedAvg;
import io.nodus.ml.core.aggregate.StalenessWeight;
import io.nodus.ml.core.data.PartitionSpec;
import io.nodus.ml.core.tensor.Compression;
import io.nodus.ml.core.train.Architecture;

/** Training options with every text choice parsed (so a bad option fails at start), and their checkpoint form. */
record RunPlan(TrainingOptions options, Architecture architecture, PartitionSpec partition, AggregationRule rule,
        Compression compression) {

    static final String PREFIX = "options.";

    static RunPlan of(TrainingOptions o) {
        AggregationRule rule = AggregationRule.parse(o.aggregation());
        if (o.mode().equals("async") && rule instanceof FedAvg) {
            rule = new FedAvg(StalenessWeight.POLYNOMIAL_HALF);
        }
        return new RunPlan(o, Architecture.parse(o.model()), PartitionSpec.parse(o.partition()), rule,
                Compression.parse(o.compression()));
    }

    boolean async() {
        return options.mode().equals("async");
    }

    Map<String, String> toState() {
        TrainingOptions o = options;
        Map<String, String> m = new HashMap<>();
        m.put(PREFIX + "model", o.model());
        m.put(PREFIX + "rounds", Integer.toString(o.rounds()));
        m.put(PREFIX + "clients", Integer.toString(o.clients()));
        m.put(PREFIX + "partition", o.partition());
        m.put(PREFIX + "mode", o.mode());
        m.put(PREFIX + "aggregation", o.aggregation());
        m.put(PREFIX + "compression", o.compression());
        m.put(PREFIX + "epochs", Integer.toString(o.localEpochs()));
        m.put(PREFIX + "batch", Integer.toString(o.batchSize()));
        m.put(PREFIX + "lr", Double.toString(o.learningRate()));
        m.put(PREFIX + "samples", Integer.toString(o.samplesPerClient()));
        m.put(PREFIX + "timeout-ms", Long.toString(o.roundTimeout().toMillis()));
        m.put(PREFIX + "min-participation", Double.toString(o.minParticipation()));
        m.put(PREFIX + "seed", Long.toString(o.seed()));
        return m;
    }

    static RunPlan fromState(Map<String, String> m) {
        return of(new TrainingOptions(m.get(PREFIX + "model"), Integer.parseInt(m.get(PREFIX + "rounds")),
                Integer.parseInt(m.get(PREFIX + "clients")), m.get(PREFIX + "partition"), m.get(PREFIX + "mode"),
                m.get(PREFIX + "aggregation"), m.get(PREFIX + "compression"), Integer.parseInt(m.get(PREFIX + "epochs")),
                Integer.parseInt(m.get(PREFIX + "batch")), Double.parseDouble(m.get(PREFIX + "lr")),
                Integer.parseInt(m.get(PREFIX + "samples")), Duration.ofMillis(Long.parseLong(m.get(PREFIX + "timeout-ms"))),
                Double.parseDouble(m.get(PREFIX + "min-participation")), Long.parseLong(m.get(PREFIX + "seed"))));
    }
}
