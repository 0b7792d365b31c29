package io.nodus.tor.impl.control;

/**
 * Tor's bootstrap progress as {@code GETINFO status/bootstrap-phase} and {@code STATUS_CLIENT BOOTSTRAP} events give
 * it (control-spec "Bootstrap events"): {@code NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"}.
 */
public record BootstrapPhase(int progress, String tag, String summary) {

    public static final int DONE = 100;

    public static BootstrapPhase parse(String text) {
        int progress = 0;
        String tag = "";
        String summary = "";
        for (String part : ControlAuthenticator.splitArgs(text == null ? "" : text)) {
            if (part.startsWith("PROGRESS=")) {
                try {
                    progress = Integer.parseInt(part.substring(9));
                } catch (NumberFormatException e) {
                    progress = 0;
                }
            } else if (part.startsWith("TAG=")) {
                tag = part.substring(4);
            } else if (part.startsWith("SUMMARY=")) {
                summary = TorReply.unquote(part.substring(8));
            }
        }
        return new BootstrapPhase(Math.max(0, Math.min(DONE, progress)), tag, summary);
    }

    public boolean isDone() {
        return progress == DONE;
    }

    @Override
    public String toString() {
        return progress + "% (" + (summary.isEmpty() ? tag : summary) + ")";
    }
}
