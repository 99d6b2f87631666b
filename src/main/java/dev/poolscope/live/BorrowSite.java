package dev.poolscope.live;

import java.util.List;

/**
 * Where the holder of a connection borrowed it: the stack taken at the borrow, with what took it,
 * or why it was not taken. Distinct from {@link ConnectionRow#borrowStack()}, which is where the
 * holder is now.
 *
 * @param frames        the stack at the borrow, top first; empty when not captured
 * @param source        what captured it ("probe_capture": the probe's sampled capture; "leak_detection": HikariCP's
 *                      leak task, for a borrow older than the probe), null when not captured
 * @param unknownReason why there are no frames, in words; null when captured
 */
public record BorrowSite(List<String> frames, String source, String unknownReason) {

    /** The probe's capture at the borrow, armed by a long hold (probe's BorrowSiteCapture). */
    public static final String PROBE_CAPTURE = "probe_capture";
    /** HikariCP's leak-detection task (leakDetectionThreshold > 0), read by the probe for a borrow older than it. */
    public static final String LEAK_DETECTION = "leak_detection";

    public BorrowSite {
        frames = frames == null ? List.of() : List.copyOf(frames);
    }

    public boolean captured() {
        return !frames.isEmpty();
    }

    /** The source in words, for a label. */
    public String sourceInWords() {
        if (LEAK_DETECTION.equals(source)) {
            return "taken at the borrow by HikariCP's leak detection";
        }
        return PROBE_CAPTURE.equals(source) ? "captured by the probe at the borrow" : source;
    }
}
