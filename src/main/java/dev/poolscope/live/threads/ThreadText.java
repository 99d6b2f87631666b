package dev.poolscope.live.threads;


/** One thread as text for the clipboard: a jstack-like block with PoolScope's findings on top. Pure. */
public final class ThreadText {

    private ThreadText() {
    }

    public static String format(ThreadSample t) {
        StringBuilder sb = new StringBuilder(256 + t.stack().size() * 80);
        sb.append('"').append(t.name()).append("\" #").append(t.id()).append(' ').append(t.state()).append('\n');
        sb.append("   category: ").append(t.category().jsonName());
        if (t.stuckMillis() != null) {
            sb.append(", same place for ").append(t.stuckLowerBound() ? "at least " : "")
                    .append(t.stuckMillis()).append(" ms");
        }
        if (t.pool() != null) {
            sb.append(", pool ").append(t.pool());
        }
        if (t.connectionId() != null) {
            sb.append(", holds connection ").append(t.connectionId());
        }
        sb.append('\n');
        if (t.lockInfo() != null) {
            sb.append("   waiting for ").append(t.lockInfo());
            if (t.lockOwner() != null) {
                sb.append(" held by ").append(t.lockOwner());
            }
            sb.append('\n');
        }
        for (String frame : t.stack()) {
            sb.append("\tat ").append(frame).append('\n');
        }
        return sb.toString();
    }
}
