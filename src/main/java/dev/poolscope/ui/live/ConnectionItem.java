package dev.poolscope.ui.live;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.diagnosis.Diagnosis;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One row of the connection table, kept across refreshes (keyed by connection id) so the
 * table's selection and sort survive: a refresh replaces the row's values, not the row.
 * FX thread only.
 */
public final class ConnectionItem {

    private final String id;
    private final ReadOnlyObjectWrapper<ConnectionRow> row;
    private final ReadOnlyObjectWrapper<PoolConfig> config;
    private final ReadOnlyObjectWrapper<Diagnosis> diagnosis;

    ConnectionItem(ConnectionRow row, PoolConfig config, Diagnosis diagnosis) {
        this.id = row.id();
        this.row = new ReadOnlyObjectWrapper<>(this, "row", row);
        this.config = new ReadOnlyObjectWrapper<>(this, "config", config);
        this.diagnosis = new ReadOnlyObjectWrapper<>(this, "diagnosis", diagnosis);
    }

    void update(ConnectionRow newRow, PoolConfig newConfig, Diagnosis newDiagnosis) {
        // Records compare by value: an unchanged row fires no event, so nothing re-sorts needlessly.
        row.set(newRow);
        config.set(newConfig);
        diagnosis.set(newDiagnosis);
    }

    public String id() {
        return id;
    }

    public ConnectionRow row() {
        return row.get();
    }

    public ReadOnlyObjectProperty<ConnectionRow> rowProperty() {
        return row.getReadOnlyProperty();
    }

    public PoolConfig config() {
        return config.get();
    }

    public ReadOnlyObjectProperty<PoolConfig> configProperty() {
        return config.getReadOnlyProperty();
    }

    /** What is wrong with this connection, decided from kernel (and server) evidence; null before the first read. */
    public Diagnosis diagnosis() {
        return diagnosis.get();
    }

    public ReadOnlyObjectProperty<Diagnosis> diagnosisProperty() {
        return diagnosis.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "ConnectionItem[" + id + "]";
    }
}
