package io.nodus.pubsub.impl.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded, bounded input generator: random byte strings and mutations (bit flips, byte changes, truncation,
 * insertion, duplication, splicing) of valid seed inputs.
 */
final class FuzzInputs {

    private final Random random;
    private final List<byte[]> seeds;
    private final int maxLength;

    FuzzInputs(long seed, List<byte[]> seeds, int maxLength) {
        this.random = new Random(seed);
        this.seeds = List.copyOf(seeds);
        this.maxLength = maxLength;
    }

    byte[] next() {
        if (random.nextInt(5) == 0) {
            byte[] bytes = new byte[random.nextInt(513)];
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
        int op = in.length == 0 ? 3 : random.nextInt(6);
        switch (op) {
            case 0: { // flip a bit
                byte[] out = in.clone();
                out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1: { // set a byte to an interesting value
                byte[] out = in.clone();
                byte[] interesting = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, 0x0a, 0x12, 0x1a};
                out[random.nextInt(out.length)] = interesting[random.nextInt(interesting.length)];
                return out;
            }
            case 2: // truncate
                return Arrays.copyOf(in, random.nextInt(in.length));
            case 3: { // insert random bytes
                int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                byte[] out = new byte[in.length + extra.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(in, at, out, at + extra.length, in.length - at);
                return out;
            }
            case 4: { // duplicate a slice
                int from = random.nextInt(in.length);
                int len = 1 + random.nextInt(in.length - from);
                byte[] out = new byte[in.length + len];
                System.arraycopy(in, 0, out, 0, from + len);
                System.arraycopy(in, from, out, from + len, in.length - from);
                return out;
            }
            default: { // splice with another seed
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int cut = random.nextInt(in.length + 1);
                int otherCut = random.nextInt(other.length + 1);
                byte[] out = new byte[cut + other.length - otherCut];
                System.arraycopy(in, 0, out, 0, cut);
                System.arraycopy(other, otherCut, out, cut, other.length - otherCut);
                return out;
            }
        }
    }
}
