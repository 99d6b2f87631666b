package dev.poolscope.live.threads;

import java.lang.management.ThreadInfo;
import java.util.List;

/** One thread of one sample with its classification: the input of {@link StuckTracker}. */
public record ClassifiedThread(
        long id,
        String name,
        String state,
        Classification classification,
        List<String> stack) {

    public ClassifiedThread {
        stack = List.copyOf(stack);
    }

    public static ClassifiedThread of(ThreadInfo info, ThreadClassifier classifier) {
        return new ClassifiedThread(info.getThreadId(), info.getThreadName(), info.getThreadState().name(),
                classifier.classify(info), StackFrames.format(info.getStackTrace()));
    }
}
