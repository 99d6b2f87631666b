package dev.poolscope.live.threads;

import java.util.ArrayList;
import java.util.List;

/** Turns frames into the text forms PoolScope shows and exports. */
public final class StackFrames {

    private StackFrames() {
    }

    /**
     * "class.method(File.java:123)", the form of {@link dev.poolscope.live.threads.ThreadSample#stack()} and of
     * jstack; the probe formats frames with the same rule (ThreadRules.frameText).
     */
    public static String format(StackTraceElement e) {
        return dev.poolscope.threadrules.ThreadRules.frameText(e);
    }

    public static List<String> format(StackTraceElement[] frames) {
        List<String> out = new ArrayList<>(frames.length);
        for (StackTraceElement e : frames) {
            out.add(format(e));
        }
        return out;
    }
}
