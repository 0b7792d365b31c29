package io.nodus.ml.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nodus.api.ml.RoundMetrics;
import io.nodus.api.ml.TrainingStatus;

class RoundHistoryCodecTest {

    static List<RoundMetrics> rounds(int n) {
        List<RoundMetrics> out = new ArrayList<>();
        for (int r = 1; r <= n; r++) {
            out.add(new RoundMetrics(r, 3 + r % 2, 0.5 + r * 1e-4, 1.0 / r, 800_000L * r, 3_200_017L + r, 1_000 + r));
        }
        return out;
    }

    @Test
    void everyRoundComesBackExactlyThroughAStatusReply() throws IOException {
        List<RoundMetrics> h = rounds(7);
        MlMessage reply = new MlMessage(MlOperation.OK, Map.of("round", "7"), RoundHistoryCodec.encode(h));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MlFraming.write(out, reply);
        MlMessage back = MlFraming.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(h, RoundHistoryCodec.decode(back.body()));
    }

    @Test
    void aLongRunIsSentAsItsLatestRounds() throws IOException {
        List<RoundMetrics> h = rounds(RoundHistoryCodec.MAX_ROUNDS + 250);
        byte[] body = RoundHistoryCodec.encode(h);
        assertEquals(1 + 4 + RoundHistoryCodec.MAX_ROUNDS * RoundHistoryCodec.ROUND_BYTES, body.length);
        List<RoundMetrics> back = RoundHistoryCodec.decode(body);
        assertEquals(RoundHistoryCodec.MAX_ROUNDS, back.size());
        assertEquals(251, back.get(0).round());
        assertEquals(h.get(h.size() - 1), back.get(back.size() - 1));
        // the API type keeps the same bound
        TrainingStatus s = new TrainingStatus(TrainingStatus.State.RUNNING, "r", h.size(), h.size(), List.of(), h, "");
        assertEquals(back, s.history());
    }

    @Test
    void noBodyIsNoHistory() throws IOException {
        assertEquals(List.of(), RoundHistoryCodec.decode(new byte[0]));
        assertEquals(List.of(), RoundHistoryCodec.decode(RoundHistoryCodec.encode(List.of())));
    }

    @Test
    void malformedHistoriesAreRefused() {
        byte[] good = RoundHistoryCodec.encode(rounds(3));
        assertThrows(MlProtocolException.class, () -> RoundHistoryCodec.decode(Arrays.copyOf(good, good.length - 1)));
        assertThrows(MlProtocolException.class, () -> RoundHistoryCodec.decode(Arrays.copyOf(good, good.length + 8)));
        assertThrows(MlProtocolException.class, () -> RoundHistoryCodec.decode(new byte[] {1, 0}));
        byte[] badFormat = good.clone();
        badFormat[0] = 2;
        assertTrue(assertThrows(MlProtocolException.class, () -> RoundHistoryCodec.decode(badFormat)).getMessage()
                .contains("format"));
        // a count above the bound is refused before anything is allocated for it
        byte[] huge = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1)
                .putInt(RoundHistoryCodec.MAX_ROUNDS + 1).array();
        assertTrue(assertThrows(MlProtocolException.class, () -> RoundHistoryCodec.decode(huge)).getMessage()
                .contains("exceeds"));
        byte[] negative = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(-1).array();
        assertThrows(MlProtocolException.class, () -> RoundHistoryCodec.decode(negative));
    }
}
