package dev.poolscope.probe.boot;

/**
 * The only code that instrumented HikariCP methods call. Static, tiny, and it never throws into
 * the target: every hook catches {@link Throwable}. Before the probe installs its listener the
 * hooks do nothing.
 *
 * <p>This class is loaded from the agent jar by the system class loader, so pool classes in any loader
 * that delegates to it (class path, Spring Boot, servlet containers) resolve this one copy, even when
 * the probe is loaded twice (the second load finds the classes already loaded). A copy of an older
 * probe that put it on the bootstrap class path is found first, by parent delegation.
 */
public final class ProbeHooks {

    private static volatile ProbeListener listener;

    private ProbeHooks() {
    }

    /** Installs the listener unless one is installed already; returns the one in effect. */
    public static synchronized ProbeListener install(ProbeListener candidate) {
        if (listener == null) {
            listener = candidate;
        }
        return listener;
    }

    public static ProbeListener listener() {
        return listener;
    }

    public static void borrowStarted(Object pool) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.borrowStarted(pool);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    public static void borrowEnded(Object pool, Object connection) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.borrowEnded(pool, connection);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    /**
     * {@link #borrowStarted} with HikariCP's own clock read of the call's start ({@code startTime}
     * in getConnection): the probe reads no clock of its own for it.
     */
    public static void borrowStartedAt(Object pool, long clock) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.borrowStartedAt(pool, clock);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    /**
     * {@link #borrowEnded} with HikariCP's clock read after the bag handed out the connection
     * ({@code now} in getConnection) and the pool's {@code aliveBypassWindowMs}, from which the
     * listener tells whether a validation ran after that read.
     */
    public static void borrowEndedAt(Object pool, Object connection, long clock, long aliveBypassWindowMs) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.borrowEndedAt(pool, connection, clock, aliveBypassWindowMs);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    /** {@link #leased} with the entry's {@code lastAccessed} (HikariCP's clock) as it stands at the lease. */
    public static void leasedAt(Object poolEntry, long lastAccessed) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.leasedAt(poolEntry, lastAccessed);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    public static void borrowFailed(Object pool, Throwable failure) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.borrowFailed(pool, failure);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    public static void leased(Object poolEntry) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.leased(poolEntry);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    public static void released(Object pool, Object poolEntry) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.released(pool, poolEntry);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    /** {@code clock}: HikariCP's {@code ClockSource.currentTime()} read at the return (see ProbeListener). */
    public static void returned(Object pool, Object poolEntry, long clock) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.returned(pool, poolEntry, clock);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    public static void created(Object poolEntry) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.created(poolEntry);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }

    public static void poolSeen(Object pool) {
        ProbeListener l = listener;
        if (l != null) {
            try {
                l.poolSeen(pool);
            } catch (Throwable ignored) {
                // A guest never throws into its host.
            }
        }
    }
}
