package io.nodus.ml.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian magic {@code 0x0000 <type> <rank>}
 * with type 0x08 (unsigned byte), then {@code rank} big-endian u32 dimensions, then the data. Files ending in
 * {@code .gz} are gunzipped on the fly.
 */
public final class IdxReader {

    static final int TYPE_UBYTE = 0x08;
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private IdxReader() {
    }

    /** Training set ({@code train-*}) or test set ({@code t10k-*}) of an MNIST-style directory. */
    public static LabeledImages readSplit(Path dir, boolean training, int limit) throws IOException {
        String prefix = training ? "train" : "t10k";
        return read(find(dir, prefix + "-images-idx3-ubyte"), find(dir, prefix + "-labels-idx1-ubyte"), limit);
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base + ".gz", base, base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("no " + base + "[.gz] in " + dir);
    }

    /** Reads at most {@code limit} images and their labels. */
    public static LabeledImages read(Path images, Path labels, int limit) throws IOException {
        try (DataInputStream in = open(images); DataInputStream lin = open(labels)) {
            int[] idims = header(in, 3, images);
            int[] ldims = header(lin, 1, labels);
            if (idims[0] != ldims[0]) {
                throw new IdxFormatException(images + " has " + idims[0] + " images but " + labels + " has " + ldims[0] + " labels");
            }
            if (idims[1] > LabeledImages.MAX_SIDE || idims[2] > LabeledImages.MAX_SIDE) {
                throw new IdxFormatException("image size " + idims[1] + "x" + idims[2] + " out of range");
            }
            int n = Math.min(idims[0], Math.min(limit, LabeledImages.MAX_COUNT));
            byte[] p = new byte[n * idims[1] * idims[2]];
            byte[] l = new byte[n];
            try {
                in.readFully(p);
                lin.readFully(l);
            } catch (EOFException e) {
                throw new IdxFormatException("IDX data shorter than its header says (" + images + ")");
            }
            return new LabeledImages(idims[1], idims[2], p, l);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        return new DataInputStream(p.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }

    private static int[] header(DataInputStream in, int rank, Path p) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(p + " is empty");
        }
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != TYPE_UBYTE || (magic & 0xff) != rank) {
            throw new IdxFormatException(p + ": magic " + Integer.toHexString(magic) + " is not an unsigned-byte IDX file of rank " + rank);
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new IdxFormatException(p + ": negative dimension");
            }
        }
        return dims;
    }
}
