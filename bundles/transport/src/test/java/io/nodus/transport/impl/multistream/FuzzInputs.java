package io.nodus.transport.impl.multistream;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded, bounded input generator for the fuzz-target tests: random byte strings and mutations (bit flips,
 * byte changes, truncation, insertion, duplication, splicing) of valid seed inputs.
 */
public final class FuzzInputs {

    private final Random random;
    private final List<byte[]> seeds;
    private final int maxLength;

    public FuzzInputs(long seed, List<byte[]> seeds, int maxLength) {
        this.random = new Random(seed);
        this.seeds = List.copyOf(seeds);
        this.maxLength = maxLength;
    }

    public byte[] next() {
        if (seeds.isEmpty() || random.nextInt(4) == 0) {
            byte[] bytes = new byte[random.nextInt(Math.min(maxLength, 512) + 1)];
            random.nextBytes(bytes);
            return bytes;
        }
        byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            input = mutate(input);
        }
        return input.length > maxLength ? Arrays.copyOf(input, maxLength) : input;
    }

    private byte[] mutate(byte[] in) {
        int op = random.nextInt(6);
        if (in.length == 0) {
            op = 3;
        }
        switch (op) {
            case 0: { // flip a bit
                byte[] out = in.clone();
                out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1: { // set a byte to an interesting value
                byte[] out = in.clone();
                int[] values = {0, 1, 0x7f, 0x80, 0xff, '\n', random.nextInt(256)};
                out[random.nextInt(out.length)] = (byte) values[random.nextInt(values.length)];
                return out;
            }
            case 2: // truncate
                return Arrays.copyOf(in, random.nextInt(in.length));
            case 3: { // insert random bytes
                int at = random.nextInt(in.length + 1);
                byte[] extra = new byte[1 + random.nextInt(16)];
                random.nextBytes(extra);
                return splice(Arrays.copyOf(in, at), extra, Arrays.copyOfRange(in, at, in.length));
            }
            case 4: { // duplicate a slice
                int from = random.nextInt(in.length);
                int to = from + random.nextInt(in.length - from) + 1;
                return splice(Arrays.copyOf(in, to), Arrays.copyOfRange(in, from, to), Arrays.copyOfRange(in, to, in.length));
            }
            default: { // splice with another seed
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                return splice(Arrays.copyOf(in, random.nextInt(in.length + 1)),
                        Arrays.copyOfRange(other, random.nextInt(other.length + 1), other.length));
            }
        }
    }

    private static byte[] splice(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
