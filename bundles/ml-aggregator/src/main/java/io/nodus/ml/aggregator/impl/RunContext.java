package io.nodus.ml.aggregator.impl;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.osgi.service.log.Logger;

import io.nodus.ml.core.checkpoint.CheckpointStore;
import io.nodus.ml.core.train.ModelTrainer;

/** What a training run uses from its coordinator. */
record RunContext(ModelTrainer trainer, WorkerCalls calls, UpdateVerifier verifier, CheckpointStore checkpoints,
        MetricsLog metrics, Traffic traffic, ExecutorService pool, ScheduledExecutorService timer,
        AggregatorConfig config, Logger log) {
}
