package dev.poolscope.ui.live;

import dev.poolscope.live.PoolSnapshot;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** One pool's summary card, kept across refreshes (keyed by pool name). FX thread only. */
public final class PoolItem {

    private final String name;
    private final ReadOnlyObjectWrapper<PoolSnapshot> snapshot;

    PoolItem(PoolSnapshot snapshot) {
        this.name = snapshot.name();
        this.snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot", snapshot);
    }

    void update(PoolSnapshot newSnapshot) {
        snapshot.set(newSnapshot);
    }

    public String name() {
        return name;
    }

    public PoolSnapshot snapshot() {
        return snapshot.get();
    }

    public ReadOnlyObjectProperty<PoolSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }
}
