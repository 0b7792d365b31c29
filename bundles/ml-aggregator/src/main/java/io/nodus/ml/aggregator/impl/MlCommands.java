package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.ml.RoundMetrics;
import io.nodus.api.ml.TrainingOptions;
import io.nodus.api.ml.TrainingStatus;

/** Shell commands {@code ml:start}, {@code ml:status}, {@code ml:stop}, {@code ml:checkpoint}, {@code ml:workers}. */
@Component(service = MlCommands.class, property = {"osgi.command.scope=ml", "osgi.command.function=start",
        "osgi.command.function=status", "osgi.command.function=stop", "osgi.command.function=checkpoint",
        "osgi.command.function=workers"})
public class MlCommands {

    static final int BAR_WIDTH = 30;

    private final FederatedCoordinator coordinator;

    @Activate
    public MlCommands(@Reference(name = "coordinator", service = io.nodus.api.ml.TrainingCoordinator.class,
            target = "(component.name=io.nodus.ml.aggregator.impl.FederatedCoordinator)")
            io.nodus.api.ml.TrainingCoordinator coordinator) {
        this.coordinator = (FederatedCoordinator) coordinator;
    }

    @Descriptor("start federated training over the connected workers")
    public String start(
            @Descriptor("mlp or cnn") @Parameter(names = "--model", absentValue = "mlp") String model,
            @Descriptor("global rounds") @Parameter(names = "--rounds", absentValue = "3") int rounds,
            @Descriptor("workers to train on") @Parameter(names = "--clients", absentValue = "4") int clients,
            @Descriptor("iid, dirichlet:<alpha> or classes:<k>") @Parameter(names = "--partition", absentValue = "iid") String partition,
            @Descriptor("sync or async") @Parameter(names = "--mode", absentValue = "sync") String mode,
            @Descriptor("fedavg, median, trimmed:<f> or krum[:<m>]") @Parameter(names = "--aggregation", absentValue = "fedavg") String aggregation,
            @Descriptor("none, fp16, int8 or topk:<ratio>") @Parameter(names = "--compression", absentValue = "none") String compression,
            @Descriptor("local epochs") @Parameter(names = "--epochs", absentValue = "1") int epochs,
            @Descriptor("local batch size") @Parameter(names = "--batch", absentValue = "32") int batch,
            @Descriptor("local learning rate") @Parameter(names = "--lr", absentValue = "0.05") double lr,
            @Descriptor("training samples per worker (0: all data split)") @Parameter(names = "--samples", absentValue = "0") int samples,
            @Descriptor("round deadline in seconds") @Parameter(names = "--timeout", absentValue = "60") int timeout,
            @Descriptor("minimum participation fraction") @Parameter(names = "--min-participation", absentValue = "0.5") double minPart,
            @Descriptor("seed") @Parameter(names = "--seed", absentValue = "1") long seed) {
        TrainingStatus s = coordinator.start(new TrainingOptions(model, rounds, clients, partition, mode, aggregation,
                compression, epochs, batch, lr, samples, Duration.ofSeconds(timeout), minPart, seed));
        return "started run " + s.runId() + " (" + model + ", " + rounds + " rounds, " + clients + " clients, " + partition
                + ", " + mode + ", " + aggregation + ", " + compression + ")";
    }

    @Descriptor("show the run: state, round, participants, accuracy, loss, progress")
    public String status() {
        TrainingStatus s = coordinator.status();
        StringBuilder b = new StringBuilder();
        int done = s.totalRounds() == 0 ? 0 : s.round() * BAR_WIDTH / s.totalRounds();
        b.append(String.format(Locale.ROOT, "run %s: %s, round %d/%d [%s%s]%n", s.runId(), s.state().name().toLowerCase(Locale.ROOT),
                s.round(), s.totalRounds(), "#".repeat(done), "-".repeat(BAR_WIDTH - done)));
        b.append("participants: ").append(s.participants().size()).append('\n');
        if (!s.history().isEmpty()) {
            RoundMetrics last = s.history().get(s.history().size() - 1);
            b.append(String.format(Locale.ROOT, "accuracy: %.4f  loss: %.4f%n", last.accuracy(), last.loss()));
            b.append("round participants accuracy loss   sent_bytes recv_bytes ms\n");
            for (RoundMetrics m : s.history()) {
                b.append(String.format(Locale.ROOT, "%5d %12d %8.4f %6.4f %10d %10d %d%n", m.round(), m.participants(),
                        m.accuracy(), m.loss(), m.bytesSent(), m.bytesReceived(), m.roundMillis()));
            }
        }
        TrainingRun r = coordinator.currentRun();
        if (r != null) {
            r.rosterLines().forEach(l -> b.append("worker ").append(l).append('\n'));
            RoundInbox box = r.inbox();
            if (box != null) {
                box.rejections().forEach(x -> b.append("rejected ").append(x).append('\n'));
            }
        }
        if (!s.message().isEmpty()) {
            b.append("last event: ").append(s.message()).append('\n');
        }
        return b.toString().stripTrailing();
    }

    @Descriptor("stop the run (after checkpointing it)")
    public String stop() {
        TrainingStatus s = coordinator.stop();
        return "run " + s.runId() + " " + s.state().name().toLowerCase(Locale.ROOT) + " at round " + s.round();
    }

    @Descriptor("write a checkpoint of the current run now")
    public String checkpoint() throws IOException {
        return "checkpoint written: " + coordinator.checkpoint();
    }

    @Descriptor("list the connected peers that serve as workers")
    public String workers() {
        var w = coordinator.connectedWorkers();
        StringBuilder b = new StringBuilder(w.size() + " workers connected");
        w.forEach(p -> b.append('\n').append(p));
        return b.toString();
    }
}
