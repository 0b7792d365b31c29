package io.nodus.ml.worker.impl;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.ml.TrainingWorker;
import io.nodus.api.ml.WorkerStatus;

/** Shell command {@code ml:status} on a worker node. */
@Component(service = WorkerCommands.class, property = {"osgi.command.scope=ml", "osgi.command.function=status"})
public class WorkerCommands {

    private final TrainingWorker worker;

    @Activate
    public WorkerCommands(@Reference(name = "worker") TrainingWorker worker) {
        this.worker = worker;
    }

    @Descriptor("show this worker's run, aggregator, model version, data held and last local loss/accuracy")
    public String status() {
        WorkerStatus s = worker.status();
        return String.format("worker: %s%nrun: %s%naggregator: %s%nmodel version: %d%nsamples: %d%nupdates sent: %d%n"
                + "last local loss: %.4f%nlast local accuracy: %.4f", s.state(), s.runId(), s.aggregator(),
                s.modelVersion(), s.samples(), s.updatesSent(), s.lastLoss(), s.lastAccuracy());
    }
}
