package dev.poolscope.probe.pools;

import java.lang.ref.WeakReference;

/**
 * A {@link PoolView} that holds its pool weakly, so a pool the application drops stays collectable
 * while the probe watches it, under a name fixed when the view was opened (the library's own name,
 * or one made from its URL). Every adapter's view is one.
 */
abstract class WeakPoolView extends PoolView {

    private final WeakReference<Object> pool;
    private final String name;

    WeakPoolView(Object pool, String name) {
        this.pool = new WeakReference<Object>(pool);
        this.name = name;
    }

    /** The pool, or null once the application let go of it. */
    protected final Object pool() {
        return pool.get();
    }

    @Override
    public final String name() {
        return name;
    }
}
