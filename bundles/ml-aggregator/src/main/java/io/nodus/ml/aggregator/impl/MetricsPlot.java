package io.nodus.ml.aggregator.impl;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

import io.nodus.api.ml.RoundMetrics;

/** Accuracy (left axis, 0..1) and loss (right axis) per round, drawn headless into a PNG. */
final class MetricsPlot {

    static final int WIDTH = 800;
    static final int HEIGHT = 450;
    static final int MARGIN = 60;

    private MetricsPlot() {
    }

    static void write(List<RoundMetrics> history, Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(MARGIN, MARGIN / 2, WIDTH - 2 * MARGIN, HEIGHT - MARGIN - MARGIN / 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("round", WIDTH / 2 - 15, HEIGHT - 15);
            g.setColor(new Color(0, 90, 200));
            g.drawString("accuracy", 5, 20);
            g.setColor(new Color(200, 60, 0));
            g.drawString("loss", WIDTH - MARGIN + 5, 20);
            if (!history.isEmpty()) {
                double maxLoss = history.stream().mapToDouble(RoundMetrics::loss).filter(Double::isFinite).max().orElse(1);
                int last = history.get(history.size() - 1).round();
                int first = history.get(0).round();
                axisLabels(g, first, last, maxLoss);
                series(g, history, RoundMetrics::accuracy, 1.0, first, last, new Color(0, 90, 200));
                series(g, history, RoundMetrics::loss, maxLoss, first, last, new Color(200, 60, 0));
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.getParent());
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException("no PNG writer available");
        }
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void axisLabels(Graphics2D g, int first, int last, double maxLoss) {
        g.setColor(Color.DARK_GRAY);
        for (int i = 0; i <= 4; i++) {
            int y = y(i / 4.0, 1);
            g.drawString(String.format(Locale.ROOT, "%.2f", i / 4.0), 20, y + 4);
            g.drawString(String.format(Locale.ROOT, "%.2f", maxLoss * i / 4), WIDTH - MARGIN + 5, y + 4);
        }
        g.drawString(Integer.toString(first), x(first, first, last) - 4, HEIGHT - MARGIN + 18);
        g.drawString(Integer.toString(last), x(last, first, last) - 4, HEIGHT - MARGIN + 18);
    }

    private static void series(Graphics2D g, List<RoundMetrics> h, ToDoubleFunction<RoundMetrics> f, double max,
            int first, int last, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (RoundMetrics m : h) {
            double v = f.applyAsDouble(m);
            if (!Double.isFinite(v)) {
                continue;
            }
            int x = x(m.round(), first, last);
            int y = y(v, max);
            g.fillOval(x - 3, y - 3, 6, 6);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }

    private static int x(int round, int first, int last) {
        double span = Math.max(1, last - first);
        return (int) (MARGIN + (round - first) / span * (WIDTH - 2 * MARGIN));
    }

    private static int y(double v, double max) {
        double top = MARGIN / 2.0;
        double bottom = HEIGHT - MARGIN;
        return (int) (bottom - Math.max(0, Math.min(1, v / max)) * (bottom - top));
    }
}
