package dev.poolscope.lab.run;

/**
 * One point of a strategy's live chart, taken every sample period.
 *
 * @param borrowWaitMaxMillis the longest borrow that finished in the period (0 if none did)
 */
public record Sample(long elapsedMillis, double borrowWaitMaxMillis, int active, int idle, int total, int waiting,
                     int stuckThreads, long successes, long failures) {
}
