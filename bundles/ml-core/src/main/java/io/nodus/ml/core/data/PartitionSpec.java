package io.nodus.ml.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How a training set is split among clients: {@code iid} (uniform shuffle), {@code dirichlet:<alpha>} (per-class
 * client proportions drawn from Dir(alpha), Hsu et al. 2019) or {@code classes:<k>} (each client sees k classes,
 * McMahan et al. 2017's pathological non-IID split).
 */
public record PartitionSpec(Kind kind, double parameter) {

    public enum Kind { IID, DIRICHLET, CLASSES }

    public static final PartitionSpec IID = new PartitionSpec(Kind.IID, 0);

    public static PartitionSpec parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("iid")) {
            return IID;
        }
        int colon = t.indexOf(':');
        if (colon > 0) {
            String name = t.substring(0, colon);
            double v;
            try {
                v = Double.parseDouble(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("partition parameter is not a number: " + text);
            }
            if (name.equals("dirichlet") && v > 0) {
                return new PartitionSpec(Kind.DIRICHLET, v);
            }
            if (name.equals("classes") && v >= 1 && v == Math.rint(v)) {
                return new PartitionSpec(Kind.CLASSES, v);
            }
        }
        throw new IllegalArgumentException("unknown partition '" + text + "' (iid|dirichlet:<alpha>0>|classes:<k>=1>)");
    }

    /**
     * Splits {@code labels} (values 0..classes-1) among {@code clients}; each returned array holds the indices of
     * one client, every index at most once. Deterministic for a seed.
     */
    public int[][] partition(byte[] labels, int classes, int clients, long seed) {
        if (clients <= 0) {
            throw new IllegalArgumentException("clients must be positive");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        return switch (kind) {
            case IID -> iid(labels.length, clients, rnd);
            case DIRICHLET -> dirichlet(byClass(labels, classes, rnd), clients, rnd);
            case CLASSES -> classes(byClass(labels, classes, rnd), clients, (int) parameter, rnd);
        };
    }

    private static int[][] iid(int n, int clients, SplittableRandom rnd) {
        int[] perm = shuffled(n, rnd);
        int[][] out = new int[clients][];
        for (int c = 0; c < clients; c++) {
            int from = (int) ((long) n * c / clients);
            int to = (int) ((long) n * (c + 1) / clients);
            out[c] = Arrays.copyOfRange(perm, from, to);
        }
        return out;
    }

    private int[][] dirichlet(List<int[]> byClass, int clients, SplittableRandom rnd) {
        List<List<Integer>> parts = emptyParts(clients);
        for (int[] members : byClass) {
            double[] p = Dirichlet.sample(parameter, clients, rnd);
            int start = 0;
            double cum = 0;
            for (int c = 0; c < clients; c++) {
                cum += p[c];
                int end = c == clients - 1 ? members.length : (int) Math.round(cum * members.length);
                for (int i = start; i < Math.max(start, end); i++) {
                    parts.get(c).add(members[i]);
                }
                start = Math.max(start, end);
            }
        }
        return toArrays(parts);
    }

    private static int[][] classes(List<int[]> byClass, int clients, int k, SplittableRandom rnd) {
        int classes = byClass.size();
        int kk = Math.min(k, classes);
        // client c takes classes c*k .. c*k+k-1 (mod classes) of a shuffled class order: every class is used
        // as evenly as the counts allow.
        int[] order = shuffled(classes, rnd);
        List<List<Integer>> holders = emptyParts(classes);
        for (int c = 0; c < clients; c++) {
            for (int j = 0; j < kk; j++) {
                holders.get(order[(c * kk + j) % classes]).add(c);
            }
        }
        List<List<Integer>> parts = emptyParts(clients);
        for (int cls = 0; cls < classes; cls++) {
            List<Integer> h = holders.get(cls);
            int[] members = byClass.get(cls);
            for (int j = 0; j < h.size(); j++) {
                int from = (int) ((long) members.length * j / h.size());
                int to = (int) ((long) members.length * (j + 1) / h.size());
                for (int i = from; i < to; i++) {
                    parts.get(h.get(j)).add(members[i]);
                }
            }
        }
        return toArrays(parts);
    }

    private static List<int[]> byClass(byte[] labels, int classes, SplittableRandom rnd) {
        int[] count = new int[classes];
        for (byte b : labels) {
            int c = b & 0xff;
            if (c >= classes) {
                throw new IllegalArgumentException("label " + c + " outside 0.." + (classes - 1));
            }
            count[c]++;
        }
        List<int[]> out = new ArrayList<>(classes);
        int[] fill = new int[classes];
        for (int c = 0; c < classes; c++) {
            out.add(new int[count[c]]);
        }
        int[] perm = shuffled(labels.length, rnd);
        for (int i : perm) {
            int c = labels[i] & 0xff;
            out.get(c)[fill[c]++] = i;
        }
        return out;
    }

    private static int[] shuffled(int n, SplittableRandom rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static List<List<Integer>> emptyParts(int n) {
        List<List<Integer>> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parts.add(new ArrayList<>());
        }
        return parts;
    }

    private static int[][] toArrays(List<List<Integer>> parts) {
        int[][] out = new int[parts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = parts.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case IID -> "iid";
            case DIRICHLET -> "dirichlet:" + parameter;
            case CLASSES -> "classes:" + (int) parameter;
        };
    }
}
