package io.nodus.itests.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table an end-to-end run ends with: one row per step (result and figures), plus the harness figures. */
final class E2EReport {

    private final String title;
    private final Path file;
    private final List<String[]> rows = new ArrayList<>();
    private String figures = "";

    E2EReport(String title, Path file) {
        this.title = title;
        this.file = file.toAbsolutePath();
    }

    synchronized void row(String step, String result, String detail) {
        rows.add(new String[] {step, result, detail});
    }

    synchronized void figures(String text) {
        figures = text;
    }

    synchronized String render() {
        StringBuilder sb = new StringBuilder("== ").append(title).append('\n');
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "%-44s %-8s %s%n", r[0], r[1], r[2]));
        }
        if (!figures.isBlank()) {
            sb.append(figures.endsWith("\n") ? figures : figures + "\n");
        }
        return sb.toString();
    }

    /** Writes the table to its file and to standard output. */
    void write() {
        String text = render();
        System.out.print(text);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
