package io.nodus.transport.impl.multistream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * multistream-select 1.0 over a blocking stream pair, for protocol selection on individual muxed streams
 * (libp2p connections spec, "Opening New Streams Over a Connection"). Reads consume exactly the negotiation
 * messages, so whatever follows stays in the stream for the selected protocol.
 */
public final class MultistreamStreams {

    private MultistreamStreams() {
    }

    /**
     * Dialer: sends the header together with the first proposal (pipelined, as the spec recommends and as
     * js-libp2p does), then waits for the answers and proposes the next protocol on each {@code na}.
     *
     * @return the agreed protocol
     * @throws MultistreamException when the remote sends something other than the header, an echo or
     *                              {@code na}, supports none of {@code protocols}, or the stream ends
     */
    public static String select(InputStream in, OutputStream out, List<String> protocols) throws IOException {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("at least one protocol is needed");
        }
        out.write(MultistreamMessages.encode(MultistreamMessages.PROTOCOL_ID, protocols.get(0)));
        out.flush();
        expectHeader(in);
        for (int i = 0; i < protocols.size(); i++) {
            if (i > 0) {
                out.write(MultistreamMessages.encode(protocols.get(i)));
                out.flush();
            }
            String answer = MultistreamMessages.read(in);
            if (answer.equals(protocols.get(i))) {
                return answer;
            }
            if (!MultistreamMessages.NOT_AVAILABLE.equals(answer)) {
                throw new MultistreamException("unexpected answer " + MultistreamNegotiator.quote(answer)
                        + " to proposal " + protocols.get(i));
            }
        }
        throw new MultistreamException("remote supports none of " + protocols);
    }

    /**
     * Listener: sends the header, then answers proposals until one is in {@code supported}, which it echoes.
     * A dialer that pipelines its header and proposal is served the same way.
     *
     * @return the agreed protocol
     * @throws MultistreamException when the header is missing, a message is malformed, the dialer makes more
     *                              than {@link MultistreamNegotiator#MAX_PROPOSALS} proposals, or the stream ends
     */
    public static String respond(InputStream in, OutputStream out, Set<String> supported) throws IOException {
        out.write(MultistreamMessages.encode(MultistreamMessages.PROTOCOL_ID));
        out.flush();
        expectHeader(in);
        for (int i = 0; i < MultistreamNegotiator.MAX_PROPOSALS; i++) {
            String proposal = MultistreamMessages.read(in);
            if (MultistreamMessages.LIST.equals(proposal)) {
                out.write(MultistreamMessages.encodeList(new LinkedHashSet<>(supported)));
            } else if (supported.contains(proposal)) {
                out.write(MultistreamMessages.encode(proposal));
                out.flush();
                return proposal;
            } else {
                out.write(MultistreamMessages.encode(MultistreamMessages.NOT_AVAILABLE));
            }
            out.flush();
        }
        throw new MultistreamException("remote made more than " + MultistreamNegotiator.MAX_PROPOSALS + " proposals");
    }

    private static void expectHeader(InputStream in) throws IOException {
        String header = MultistreamMessages.read(in);
        if (!MultistreamMessages.PROTOCOL_ID.equals(header)) {
            throw new MultistreamException("expected " + MultistreamMessages.PROTOCOL_ID + ", got "
                    + MultistreamNegotiator.quote(header));
        }
    }
}
