package io.nodus.itests.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nodus.itests.cluster.Cluster.Node;
import io.nodus.itests.cluster.Cluster.Result;

/** Federated training on a cluster through {@code ml:start} and {@code ml:status} on an aggregator. */
final class Training {

    static final Pattern HEAD = Pattern.compile("^run (\\S*): (\\w+), round (\\d+)/(\\d+).*$", Pattern.MULTILINE);
    static final Pattern ROW = Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+([0-9.]+)\\s+([0-9.NaInf]+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$",
            Pattern.MULTILINE);
    static final Set<String> ENDED = Set.of("finished", "stopped", "failed");
    static final int DEFAULT_ROUND_TIMEOUT_SECONDS = 120;

    private Training() {
    }

    /** One completed round as {@code ml:status} lists it. */
    record Round(int round, int participants, double accuracy, long millis) {
    }

    record Status(String runId, String state, int round, int totalRounds, List<Round> rounds, String text) {

        double accuracy() {
            return rounds.isEmpty() ? Double.NaN : rounds.get(rounds.size() - 1).accuracy;
        }

        long medianRoundMillis() {
            List<Long> ms = rounds.stream().map(Round::millis).sorted().toList();
            return ms.isEmpty() ? 0 : ms.get(ms.size() / 2);
        }

        boolean ended() {
            return ENDED.contains(state);
        }
    }

    record Run(Cluster cluster, Node aggregator, String runId) {

        Status status() {
            return Training.status(cluster, aggregator);
        }

        /** Waits (bounded) until the run finished, stopped or failed. */
        Status awaitEnd(Duration deadline) {
            return Deadline.await(aggregator.name() + " run " + runId + " ends", deadline, this::status, Status::ended);
        }
    }

    static Run start(Cluster cluster, Node aggregator, int rounds, int clients, int samples, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("ml:start", "--rounds", Integer.toString(rounds), "--clients",
                Integer.toString(clients), "--samples", Integer.toString(samples)));
        cmd.addAll(List.of(extra));
        if (!cmd.contains("--timeout")) {
            cmd.addAll(List.of("--timeout", Integer.toString(DEFAULT_ROUND_TIMEOUT_SECONDS)));
        }
        Result r = cluster.shell(aggregator.name(), cmd.toArray(String[]::new)).expectSuccess();
        Matcher m = Pattern.compile("started run (\\S+)").matcher(r.stdout());
        if (!m.find()) {
            throw new AssertionError("ml:start did not start a run: " + r);
        }
        return new Run(cluster, aggregator, m.group(1));
    }

    static Status status(Cluster cluster, Node aggregator) {
        String text = cluster.shell(aggregator.name(), "ml:status").expectSuccess().stdout();
        Matcher h = HEAD.matcher(text);
        if (!h.find()) {
            throw new AssertionError("ml:status unreadable: " + text);
        }
        List<Round> rounds = new ArrayList<>();
        Matcher r = ROW.matcher(text);
        while (r.find()) {
            rounds.add(new Round(Integer.parseInt(r.group(1)), Integer.parseInt(r.group(2)), Double.parseDouble(r.group(3)),
                    Long.parseLong(r.group(7))));
        }
        return new Status(h.group(1), h.group(2), Integer.parseInt(h.group(3)), Integer.parseInt(h.group(4)), rounds, text);
    }
}
