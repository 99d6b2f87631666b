package dev.poolscope.ui;

import java.util.function.BiConsumer;

/**
 * The link between a pooled connection and the thread holding it, both ways, between the live
 * view's connection table and a panel that lists threads. A panel's view implements this; the
 * live view finds it among its panels, so neither package has to know the other.
 */
public interface HolderLinks {

    /**
     * Selects the thread, opening its group and scrolling to it.
     *
     * @return false when that thread is not in the panel's newest sample
     */
    boolean showThread(long threadId);

    /** Where "Show connection" on a thread holding a connection goes: (pool, connection id). */
    void setOnShowConnection(BiConsumer<String, String> showConnection);
}
