package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.nodus.api.ml.RoundMetrics;

/**
 * Per-round metrics of the current run in {@code <data>/ml/metrics.csv} (rewritten when a new run starts,
 * appended to on resume) and a plot of accuracy and loss per round in {@code <data>/ml/metrics.png}.
 */
final class MetricsLog {

    static final String HEADER = "run,round,participants,accuracy,loss,bytes_sent,bytes_received,round_ms,samples,rejected";

    private final Path csv;
    private final Path png;

    MetricsLog(Path dir) {
        this.csv = dir.resolve("metrics.csv");
        this.png = dir.resolve("metrics.png");
    }

    Path csv() {
        return csv;
    }

    Path png() {
        return png;
    }

    void begin() throws IOException {
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, HEADER + "\n", StandardCharsets.UTF_8);
    }

    void append(String run, RoundMetrics m, long samples, int rejected, List<RoundMetrics> history) throws IOException {
        Files.createDirectories(csv.getParent());
        if (!Files.exists(csv)) {
            begin();
        }
        String line = String.format(Locale.ROOT, "%s,%d,%d,%.4f,%.4f,%d,%d,%d,%d,%d%n", run, m.round(), m.participants(),
                m.accuracy(), m.loss(), m.bytesSent(), m.bytesReceived(), m.roundMillis(), samples, rejected);
        Files.writeString(csv, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        MetricsPlot.write(history, png);
    }

    /** Rounds of {@code run} already in the CSV (for a resumed run's history). */
    List<RoundMetrics> read(String run) throws IOException {
        List<RoundMetrics> out = new ArrayList<>();
        if (!Files.exists(csv)) {
            return out;
        }
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            String[] f = line.split(",");
            if (f.length >= 8 && f[0].equals(run)) {
                out.add(new RoundMetrics(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7])));
            }
        }
        return out;
    }
}
