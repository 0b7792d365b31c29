package io.nodus.ml.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PartitionSpecTest {

    static byte[] labels(int perClass) {
        byte[] l = new byte[perClass * 10];
        for (int i = 0; i < l.length; i++) {
            l[i] = (byte) (i % 10);
        }
        return l;
    }

    static void assertDisjointCover(int[][] parts, int n) {
        boolean[] seen = new boolean[n];
        int total = 0;
        for (int[] p : parts) {
            for (int i : p) {
                assertTrue(!seen[i], "index " + i + " given twice");
                seen[i] = true;
                total++;
            }
        }
        assertEquals(n, total, "every sample assigned");
    }

    /** Mean over clients of the entropy (bits) of the client's label distribution. */
    static double meanLabelEntropy(int[][] parts, byte[] labels) {
        double sum = 0;
        for (int[] p : parts) {
            int[] h = new int[10];
            for (int i : p) {
                h[labels[i]]++;
            }
            double e = 0;
            for (int c : h) {
                if (c > 0) {
                    double q = (double) c / p.length;
                    e -= q * Math.log(q) / Math.log(2);
                }
            }
            sum += e;
        }
        return sum / parts.length;
    }

    @Test
    void iidIsBalancedDisjointAndMixed() {
        byte[] l = labels(600);
        int[][] parts = PartitionSpec.parse("iid").partition(l, 10, 7, 42);
        assertDisjointCover(parts, l.length);
        for (int[] p : parts) {
            assertTrue(p.length == 857 || p.length == 858, "size " + p.length);
        }
        assertTrue(meanLabelEntropy(parts, l) > 3.2, "IID clients see nearly all 10 classes evenly");
    }

    @Test
    void dirichletSkewGrowsAsAlphaShrinks() {
        byte[] l = labels(1000);
        int[][] skewed = PartitionSpec.parse("dirichlet:0.1").partition(l, 10, 10, 1);
        int[][] mild = PartitionSpec.parse("dirichlet:100").partition(l, 10, 10, 1);
        assertDisjointCover(skewed, l.length);
        assertDisjointCover(mild, l.length);
        double hs = meanLabelEntropy(skewed, l);
        double hm = meanLabelEntropy(mild, l);
        assertTrue(hm > 3.2, "alpha=100 is near IID: " + hm);
        assertTrue(hs < 2.0, "alpha=0.1 is strongly skewed: " + hs);
    }

    @Test
    void classesPerClientLimitsTheLabelsEachClientSees() {
        byte[] l = labels(500);
        int[][] parts = PartitionSpec.parse("classes:2").partition(l, 10, 10, 3);
        assertDisjointCover(parts, l.length);
        for (int[] p : parts) {
            long distinct = Arrays.stream(p).map(i -> l[i]).distinct().count();
            assertEquals(2, distinct);
        }
    }

    @Test
    void sameSeedSamePartition() {
        byte[] l = labels(100);
        PartitionSpec d = PartitionSpec.parse("dirichlet:0.5");
        assertArrayEquals(d.partition(l, 10, 4, 9)[2], d.partition(l, 10, 4, 9)[2]);
    }

    @Test
    void badSpecsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PartitionSpec.parse("dirichlet:0"));
        assertThrows(IllegalArgumentException.class, () -> PartitionSpec.parse("classes:1.5"));
        assertThrows(IllegalArgumentException.class, () -> PartitionSpec.parse("shards"));
        assertEquals("dirichlet:0.5", PartitionSpec.parse("dirichlet:0.5").toString());
    }
}
