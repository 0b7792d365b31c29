package io.nodus.ml.aggregator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.api.ml.RoundMetrics;

class MetricsLogTest {

    @TempDir
    Path dir;

    @Test
    void csvRowsAndAPlotPerRound() throws Exception {
        MetricsLog log = new MetricsLog(dir.resolve("ml"));
        log.begin();
        List<RoundMetrics> history = new ArrayList<>();
        for (int r = 1; r <= 3; r++) {
            RoundMetrics m = new RoundMetrics(r, 4, 0.6 + r * 0.05, 1.5 - r * 0.5, 1000, 2000, 50);
            history.add(m);
            log.append("run1", m, 12000, r == 2 ? 1 : 0, history);
        }
        List<String> lines = Files.readAllLines(log.csv());
        assertEquals(MetricsLog.HEADER, lines.get(0));
        assertEquals("run1,2,4,0.7000,0.5000,1000,2000,50,12000,1", lines.get(2));
        assertEquals(history, log.read("run1"));
        BufferedImage png = ImageIO.read(log.png().toFile());
        assertNotNull(png);
        assertEquals(MetricsPlot.WIDTH, png.getWidth());
        // the accuracy series is drawn in blue somewhere inside the frame
        boolean blue = false;
        for (int x = MetricsPlot.MARGIN; x < MetricsPlot.WIDTH - MetricsPlot.MARGIN && !blue; x++) {
            for (int y = MetricsPlot.MARGIN / 2; y < MetricsPlot.HEIGHT - MetricsPlot.MARGIN && !blue; y++) {
                blue = png.getRGB(x, y) == new java.awt.Color(0, 90, 200).getRGB();
            }
        }
        assertTrue(blue, "accuracy line drawn");
    }
}
