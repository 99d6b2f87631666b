package dev.poolscope.live.threads;

/**
 * Produces a full thread dump of the connected target in jstack format, for export. Blocking and
 * cross-process: the UI calls it on a background thread; implementations bound it with a deadline
 * (e.g. {@code deadlineRunner.call("reading a thread dump", DEADLINE, () -> JstackFormat.format(reader.fullDump()))}).
 */
@FunctionalInterface
public interface ThreadDumpSource {

    String jstackDump() throws Exception;

    /** The plain composition, without a deadline (for callers that add their own). */
    static ThreadDumpSource of(ThreadReader reader) {
        return () -> JstackFormat.format(reader.fullDump());
    }
}
