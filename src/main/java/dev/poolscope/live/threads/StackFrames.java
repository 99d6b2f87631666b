package dev.poolscope.live.threads;

import java.util.ArrayList;
import java.util.List;

/** Turns frames into the text forms PoolScope shows and exports. */
public final class StackFrames {

    private StackFrames() {
    }

    /**
     * "class.method(File.java:123)", the form of {@link dev.poolscope.live.threads.ThreadSample#stack()} and of
     * jstack. Deliberately not {@link StackTraceElement#toString()}, which on JDK 9+ prefixes the class
     * loader and module ("app//", "java.base@17/") and so differs between the JDKs of app and target.
     */
    public static String format(StackTraceElement e) {
        StringBuilder sb = new StringBuilder(e.getClassName().length() + e.getMethodName().length() + 24);
        sb.append(e.getClassName()).append('.').append(e.getMethodName()).append('(');
        if (e.isNativeMethod()) {
            sb.append("Native Method");
        } else if (e.getFileName() == null) {
            sb.append("Unknown Source");
        } else {
            sb.append(e.getFileName());
            if (e.getLineNumber() >= 0) {
                sb.append(':').append(e.getLineNumber());
            }
        }
        return sb.append(')').toString();
    }

    public static List<String> format(StackTraceElement[] frames) {
        List<String> out = new ArrayList<>(frames.length);
        for (StackTraceElement e : frames) {
            out.add(format(e));
        }
        return out;
    }
}
