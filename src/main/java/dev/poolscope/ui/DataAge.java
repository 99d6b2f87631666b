package dev.poolscope.ui;

import dev.poolscope.text.Durations;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The one notion of how old the shown data is (issue 14 item 2). Everything that ticks or claims
 * the present binds to it: while the data is stale (paused, not responding, target gone) the
 * {@link #clock()} it hands out stands still at the moment the last data arrived, so durations
 * computed from it freeze instead of counting up as if live, and {@link #asOfProperty()} says
 * "as of 10:31:02 (12 s ago)" once, for the banner.
 *
 * <p>FX thread only (tests: the test thread). Time comes from the injected clock.
 */
public final class DataAge {

    /** Why the data is not current. */
    public enum Staleness {
        /** Data arriving. */
        LIVE,
        /** The user paused refreshing. */
        PAUSED,
        /** The last read failed or missed its deadline; still trying. */
        NOT_RESPONDING,
        /** The target exited or closed its connection. */
        GONE
    }

    private final Clock clock;
    private final ZoneId zone;
    private final Clock frozenWhenStale;
    private final ReadOnlyObjectWrapper<Staleness> staleness = new ReadOnlyObjectWrapper<>(this, "staleness", Staleness.LIVE);
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale");
    private final ReadOnlyStringWrapper asOf = new ReadOnlyStringWrapper(this, "asOf");
    /** When the shown data arrived (app clock); null before the first. */
    private volatile Instant receivedAt;

    public DataAge(Clock clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock);
        this.zone = Objects.requireNonNull(zone);
        this.frozenWhenStale = new FrozenWhenStale();
        staleness.addListener((obs, old, s) -> {
            stale.set(s != Staleness.LIVE);
            tick();
        });
    }

    /** New data arrived now: the data is live again. */
    public void received() {
        receivedAt = clock.instant();
        staleness.set(Staleness.LIVE);
        tick();
    }

    /** The data stopped being current for {@code why}; LIVE only through {@link #received()}. */
    public void markStale(Staleness why) {
        if (why == Staleness.LIVE) {
            throw new IllegalArgumentException("live data comes through received()");
        }
        if (staleness.get() != Staleness.GONE) { // nothing makes data of an exited target current again
            staleness.set(why);
        }
    }

    /** A pause ended: live again if nothing else keeps it stale (the next snapshot confirms it). */
    public void resumed() {
        if (staleness.get() == Staleness.PAUSED) {
            staleness.set(Staleness.LIVE);
        }
    }

    /** Moves the "N s ago" on; the view calls this a few times a second. */
    public void tick() {
        if (!stale.get() || receivedAt == null) {
            asOf.set(stale.get() ? "no data received yet" : null);
            return;
        }
        asOf.set("as of " + time(receivedAt) + " (" + Durations.ago(Duration.between(receivedAt, clock.instant())) + ")");
    }

    /**
     * The time durations are computed at: the app clock while live, the arrival of the last data
     * while stale, so a "same place for" or "in use for" never grows past what was observed.
     */
    public Clock clock() {
        return frozenWhenStale;
    }

    /** "10:31:02" in the app's zone; "–" for null. */
    public String time(Instant instant) {
        return Durations.timeOfDay(instant, zone);
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public ReadOnlyObjectProperty<Staleness> stalenessProperty() {
        return staleness.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    public boolean isStale() {
        return stale.get();
    }

    /** "as of 10:31:02 (12 s ago)" while stale, null while live. */
    public ReadOnlyStringProperty asOfProperty() {
        return asOf.getReadOnlyProperty();
    }

    private final class FrozenWhenStale extends Clock {
        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return clock.withZone(z);
        }

        @Override
        public Instant instant() {
            Instant last = receivedAt;
            return stale.get() && last != null ? last : clock.instant();
        }
    }
}
