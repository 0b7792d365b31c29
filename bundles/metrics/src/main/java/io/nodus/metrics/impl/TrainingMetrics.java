package io.nodus.metrics.impl;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.nodus.api.ml.RoundMetrics;
import io.nodus.api.ml.TrainingCoordinator;
import io.nodus.api.ml.TrainingStatus;
import io.nodus.api.ml.TrainingWorker;
import io.nodus.api.ml.WorkerStatus;
import io.nodus.api.node.MetricsSource;
import io.nodus.api.node.MetricsWriter;

/**
 * Federated training: on an aggregator the run's state, round, participants and the last round's accuracy, loss
 * and duration; on a worker its state, model version, updates sent and last local accuracy.
 */
@Component(service = MetricsSource.class)
public class TrainingMetrics implements MetricsSource {

    /** Worker states named by {@link WorkerStatus#state()}. */
    static final List<String> WORKER_STATES = List.of("idle", "waiting", "training", "submitting", "stopped");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TrainingCoordinator coordinator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TrainingWorker worker;

    @Override
    public void collect(MetricsWriter w) {
        TrainingCoordinator c = coordinator;
        if (c != null) {
            coordinator(w, c.status());
        }
        TrainingWorker t = worker;
        if (t != null) {
            worker(w, t.status());
        }
    }

    private static void coordinator(MetricsWriter w, TrainingStatus s) {
        for (TrainingStatus.State st : TrainingStatus.State.values()) {
            w.gauge("nodus_ml_run_state", "State of the training run (1 for the current state)",
                    Map.of("state", st.name().toLowerCase(Locale.ROOT)), st == s.state() ? 1 : 0);
        }
        w.gauge("nodus_ml_round", "Last completed round of the run", s.round());
        w.gauge("nodus_ml_rounds_planned", "Rounds the run was started for", s.totalRounds());
        w.gauge("nodus_ml_participants", "Workers currently in the run", s.participants().size());
        long sent = 0;
        long received = 0;
        for (RoundMetrics m : s.history()) {
            sent += m.bytesSent();
            received += m.bytesReceived();
        }
        w.gauge("nodus_ml_run_sent_bytes", "Bytes the aggregator sent in the completed rounds of the run", sent);
        w.gauge("nodus_ml_run_received_bytes", "Bytes the aggregator received in the completed rounds of the run", received);
        if (!s.history().isEmpty()) {
            RoundMetrics last = s.history().get(s.history().size() - 1);
            w.gauge("nodus_ml_accuracy", "Test accuracy of the global model after the last round", last.accuracy());
            w.gauge("nodus_ml_loss", "Test loss of the global model after the last round", last.loss());
            w.gauge("nodus_ml_round_duration_seconds", "Wall time of the last round in seconds", last.roundMillis() / 1000.0);
            w.gauge("nodus_ml_round_participants", "Updates aggregated into the last round", last.participants());
        }
    }

    private static void worker(MetricsWriter w, WorkerStatus s) {
        boolean known = WORKER_STATES.contains(s.state());
        for (String st : WORKER_STATES) {
            w.gauge("nodus_ml_worker_state", "State of this worker (1 for the current state)", Map.of("state", st),
                    st.equals(s.state()) ? 1 : 0);
        }
        if (!known) {
            w.gauge("nodus_ml_worker_state", "State of this worker (1 for the current state)",
                    Map.of("state", String.valueOf(s.state())), 1);
        }
        w.gauge("nodus_ml_worker_model_version", "Version of the last global model received", s.modelVersion());
        w.gauge("nodus_ml_worker_samples", "Training samples held", s.samples());
        w.gauge("nodus_ml_worker_updates_sent", "Updates submitted in the current run", s.updatesSent());
        w.gauge("nodus_ml_worker_last_loss", "Training loss of the last local round", s.lastLoss());
        w.gauge("nodus_ml_worker_last_accuracy", "Training accuracy of the last local round", s.lastAccuracy());
    }
}
