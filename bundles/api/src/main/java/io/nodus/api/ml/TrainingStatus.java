package io.nodus.api.ml;

import java.util.List;

/**
 * A training run as the coordinator sees it.
 *
 * @param state        where the run is
 * @param runId        the run's identifier (empty when none ever started)
 * @param round        last completed round
 * @param totalRounds  rounds the run was started for
 * @param participants peer IDs of the workers currently in the run
 * @param history      metrics of the completed rounds, oldest first: all of them, or the last {@link #MAX_HISTORY}
 *                     (older ones are dropped here, so every producer and every reader sees the same bound)
 * @param message      last notable event (a failure reason, a worker that died), may be empty
 */
public record TrainingStatus(State state, String runId, int round, int totalRounds, List<String> participants,
        List<RoundMetrics> history, String message) {

    public enum State { IDLE, STARTING, RUNNING, FINISHED, STOPPED, FAILED }

    /** Most rounds a status carries; a longer run keeps its latest rounds. */
    public static final int MAX_HISTORY = 1000;

    public TrainingStatus {
        participants = List.copyOf(participants);
        history = List.copyOf(history.size() > MAX_HISTORY ? history.subList(history.size() - MAX_HISTORY, history.size())
                : history);
    }

    public static TrainingStatus idle() {
        return new TrainingStatus(State.IDLE, "", 0, 0, List.of(), List.of(), "");
    }
}
