package dev.poolscope.lab.scenario;

/**
 * Compressed-time parameters of a scenario. All runs share the warm-up (steady load, also the
 * window in which steady-state overhead is measured) and the observation after the fault, which
 * should outlast the pools' socketTimeout so that hung threads come back within the run.
 *
 * @param dropIdleMillis   the middlebox forgets flows idle this long (every scenario)
 * @param quietMillis      monday-morning: no load for this long (longer than dropIdleMillis)
 * @param burstRequests    monday-morning: concurrent requests when the quiet ends
 * @param faultMillis      partition: how long the blackhole lasts
 * @param queryMillis      how long each workload statement runs on the server (pg_sleep), 0 for SELECT 1
 * @param thinkMillis      pause of each steady worker between requests
 * @param latencyMicros    added by the middlebox per direction
 */
public record ScenarioParams(
        long warmupMillis,
        long dropIdleMillis,
        long quietMillis,
        int burstRequests,
        long faultMillis,
        long observeMillis,
        int steadyThreads,
        long queryMillis,
        long thinkMillis,
        long latencyMicros) {

    public ScenarioParams {
        if (warmupMillis < 1_000 || observeMillis < 1_000) {
            throw new IllegalArgumentException("warm-up and observation need at least 1 s each");
        }
        if (dropIdleMillis < 100) {
            throw new IllegalArgumentException("the middlebox idle timeout must be at least 100 ms");
        }
        if (steadyThreads < 1 || burstRequests < 0 || queryMillis < 0 || thinkMillis < 0 || latencyMicros < 0
                || faultMillis < 0 || quietMillis < 0) {
            throw new IllegalArgumentException("scenario parameters cannot be negative; at least one steady worker");
        }
    }

    /** Defaults that finish well under 2 minutes. */
    public static ScenarioParams defaults(ScenarioKind kind) {
        return switch (kind) {
            case MONDAY_MORNING -> new ScenarioParams(8_000, 12_000, 15_000, 16, 0, 14_000, 4, 0, 50, 0);
            case DROP_MID_QUERY -> new ScenarioParams(8_000, 12_000, 0, 0, 0, 14_000, 4, 300, 20, 0);
            case DB_RESTART -> new ScenarioParams(8_000, 12_000, 0, 0, 0, 10_000, 4, 0, 50, 0);
            case PARTITION -> new ScenarioParams(8_000, 12_000, 0, 0, 6_000, 12_000, 4, 0, 50, 0);
        };
    }

    /** Wall-clock length of the scripted phases. */
    public long totalMillis(ScenarioKind kind) {
        return warmupMillis + observeMillis + switch (kind) {
            case MONDAY_MORNING -> quietMillis;
            case PARTITION -> faultMillis;
            default -> 0;
        };
    }

    public String workloadSql() {
        return queryMillis == 0 ? "SELECT 1" : "SELECT pg_sleep(" + (queryMillis / 1000.0) + ")";
    }
}
