package dev.poolscope.lab.run;

/**
 * Progress of a lab run. Called on the run's own threads, never on a UI thread: a UI must hand the
 * values over itself. Implementations must return quickly.
 */
public interface LabListener {

    LabListener NONE = new LabListener() {
    };

    /** A phase began; {@code fraction} is the run's progress, 0 to 1. */
    default void phase(String phase, double fraction) {
    }

    default void sample(String strategy, Sample sample) {
    }

    /** A line worth telling the user (what the lab is doing, what it could not do). */
    default void message(String text) {
    }
}
