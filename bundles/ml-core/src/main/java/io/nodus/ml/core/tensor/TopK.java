package io.nodus.ml.core.tensor;

import java.util.Arrays;

/** Selection of the k largest-magnitude coordinates, in O(n) expected time (quickselect on |v|). */
final class TopK {

    private TopK() {
    }

    /** Indices (ascending) of {@code k} coordinates with the largest |value|; ties broken by lower index. */
    static int[] largestMagnitude(float[] v, int k) {
        int n = v.length;
        if (k >= n) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        float[] mag = new float[n];
        for (int i = 0; i < n; i++) {
            mag[i] = Math.abs(v[i]);
        }
        float threshold = kthLargest(mag.clone(), k);
        int above = 0;
        for (float m : mag) {
            if (m > threshold) {
                above++;
            }
        }
        int equalAllowed = k - above;
        int[] idx = new int[k];
        int j = 0;
        for (int i = 0; i < n && j < k; i++) {
            if (mag[i] > threshold) {
                idx[j++] = i;
            } else if (mag[i] == threshold && equalAllowed > 0) {
                idx[j++] = i;
                equalAllowed--;
            }
        }
        return idx;
    }

    /** The k-th largest value (1-based) of {@code a}; reorders {@code a}. */
    private static float kthLargest(float[] a, int k) {
        int target = a.length - k;
        int lo = 0;
        int hi = a.length - 1;
        long seed = 0x9E3779B97F4A7C15L;
        while (lo < hi) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            int p = lo + (int) Long.remainderUnsigned(seed >>> 1, hi - lo + 1);
            float pivot = a[p];
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                if (a[i] < pivot) {
                    swap(a, lt++, i++);
                } else if (a[i] > pivot) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (target < lt) {
                hi = lt - 1;
            } else if (target > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return a[target];
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
