package dev.poolscope.doctor.path;

/**
 * @param maxMillis           longest idle time tried; the search ends by about this much
 * @param checkDeadlineMillis a check not answered in this time counts as dropped silently; keep it
 *                            well above the path's round trip (a slow answer would read as a drop)
 * @param firstRoundProbes    connections in round 1, spread evenly up to max (its resolution is max / this)
 * @param refineProbes        connections in each later round
 */
public record FinderSettings(long maxMillis, long checkDeadlineMillis, int firstRoundProbes, int refineProbes) {

    public static final long DEFAULT_CHECK_DEADLINE_MILLIS = 1_000;
    public static final int DEFAULT_FIRST_ROUND_PROBES = 12; // 10 s / 12 = 833 ms: under 1 s even with a few ms of scheduling lag
    public static final int DEFAULT_REFINE_PROBES = 4;

    public FinderSettings {
        if (maxMillis <= 0 || checkDeadlineMillis <= 0 || firstRoundProbes < 1 || refineProbes < 1) {
            throw new IllegalArgumentException("max, check deadline and probe counts must be positive");
        }
    }

    public static FinderSettings defaults(long maxMillis) {
        return new FinderSettings(maxMillis, DEFAULT_CHECK_DEADLINE_MILLIS, DEFAULT_FIRST_ROUND_PROBES, DEFAULT_REFINE_PROBES);
    }
}
