package io.nodus.ml.core.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.nodus.api.ml.RoundMetrics;
import io.nodus.api.ml.TrainingStatus;

/**
 * The per-round history in the body of a GET_STATUS reply, so a poller sees every round, also those that ended
 * between two polls. Layout (little-endian):
 *
 * <pre>
 * u8 format (1) | u32 n (at most {@link #MAX_ROUNDS}) | n × (i32 round | i32 participants | f64 accuracy | f64 loss
 *              | i64 bytes sent | i64 bytes received | i64 round millis)
 * </pre>
 */
public final class RoundHistoryCodec {

    public static final int FORMAT = 1;
    /** Rounds carried at most; a longer history is sent as its latest rounds. */
    public static final int MAX_ROUNDS = TrainingStatus.MAX_HISTORY;
    static final int ROUND_BYTES = 4 + 4 + 8 + 8 + 8 + 8 + 8;
    private static final int HEAD_BYTES = 1 + 4;

    private RoundHistoryCodec() {
    }

    /** The last {@link #MAX_ROUNDS} rounds of {@code history}, oldest first. */
    public static byte[] encode(List<RoundMetrics> history) {
        List<RoundMetrics> kept = history.size() > MAX_ROUNDS
                ? history.subList(history.size() - MAX_ROUNDS, history.size()) : history;
        ByteBuffer b = ByteBuffer.allocate(HEAD_BYTES + kept.size() * ROUND_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) FORMAT).putInt(kept.size());
        for (RoundMetrics m : kept) {
            b.putInt(m.round()).putInt(m.participants()).putDouble(m.accuracy()).putDouble(m.loss())
                    .putLong(m.bytesSent()).putLong(m.bytesReceived()).putLong(m.roundMillis());
        }
        return b.array();
    }

    /** An empty body (a peer that sends no history) reads as no rounds. */
    public static List<RoundMetrics> decode(byte[] body) throws MlProtocolException {
        if (body.length == 0) {
            return List.of();
        }
        if (body.length < HEAD_BYTES) {
            throw new MlProtocolException("round history truncated (" + body.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int format = b.get() & 0xff;
        if (format != FORMAT) {
            throw new MlProtocolException("round history format " + format + " unknown");
        }
        int n = b.getInt();
        if (n < 0 || n > MAX_ROUNDS) {
            throw new MlProtocolException("round history of " + Integer.toUnsignedString(n) + " rounds exceeds "
                    + MAX_ROUNDS);
        }
        if (b.remaining() != (long) n * ROUND_BYTES) {
            throw new MlProtocolException("round history of " + n + " rounds needs " + n * ROUND_BYTES + " bytes, got "
                    + b.remaining());
        }
        List<RoundMetrics> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new RoundMetrics(b.getInt(), b.getInt(), b.getDouble(), b.getDouble(), b.getLong(), b.getLong(),
                    b.getLong()));
        }
        return List.copyOf(out);
    }
}
