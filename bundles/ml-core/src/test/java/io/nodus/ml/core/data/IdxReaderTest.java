package io.nodus.ml.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    static void idx(Path p, int rank, int[] dims, byte[] data, boolean gz) throws IOException {
        try (OutputStream raw = Files.newOutputStream(p);
                DataOutputStream out = new DataOutputStream(gz ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x00000800 | rank);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    @Test
    void readsGzippedAndPlainFiles() throws IOException {
        byte[] px = new byte[3 * 2 * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 20);
        }
        idx(dir.resolve("train-images-idx3-ubyte.gz"), 3, new int[] {3, 2, 2}, px, true);
        idx(dir.resolve("train-labels-idx1-ubyte"), 1, new int[] {3}, new byte[] {7, 0, 9}, false);
        LabeledImages all = IdxReader.readSplit(dir, true, Integer.MAX_VALUE);
        assertEquals(3, all.count());
        assertEquals(2, all.rows());
        assertArrayEquals(px, all.pixels());
        assertEquals(9, all.label(2));
        LabeledImages two = IdxReader.readSplit(dir, true, 2);
        assertEquals(2, two.count());
        assertEquals(8, two.pixels().length);
    }

    @Test
    void mismatchedCountsAndBadMagicAreRefused() throws IOException {
        idx(dir.resolve("i"), 3, new int[] {2, 1, 1}, new byte[2], false);
        idx(dir.resolve("l"), 1, new int[] {3}, new byte[3], false);
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(dir.resolve("i"), dir.resolve("l"), 10))
                .getMessage().contains("has 2 images but"));
        idx(dir.resolve("bad"), 2, new int[] {2, 1}, new byte[2], false);
        assertThrows(IdxFormatException.class, () -> IdxReader.read(dir.resolve("bad"), dir.resolve("l"), 10));
        idx(dir.resolve("short"), 3, new int[] {3, 2, 2}, new byte[5], false);
        assertThrows(IdxFormatException.class, () -> IdxReader.read(dir.resolve("short"), dir.resolve("l"), 10));
    }

    @Test
    void encodedImageSetsRoundTripAndRejectTampering() {
        LabeledImages s = new LabeledImages(2, 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, new byte[] {3, 4});
        LabeledImages back = LabeledImages.decode(s.encode());
        assertArrayEquals(s.pixels(), back.pixels());
        assertArrayEquals(s.labels(), back.labels());
        byte[] cut = java.util.Arrays.copyOf(s.encode(), 20);
        assertThrows(IllegalArgumentException.class, () -> LabeledImages.decode(cut));
    }

    @Test
    void debianFashionMnistHasTheExpectedShape() throws IOException {
        assumeTrue(Files.isDirectory(IdxReader.DEBIAN_FASHION_MNIST), "dataset-fashion-mnist not installed");
        LabeledImages test = IdxReader.readSplit(IdxReader.DEBIAN_FASHION_MNIST, false, Integer.MAX_VALUE);
        assertEquals(10_000, test.count());
        assertEquals(28, test.rows());
        assertEquals(28, test.cols());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.labelHistogram(10));
    }
}
