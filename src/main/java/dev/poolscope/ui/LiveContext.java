package dev.poolscope.ui;

import dev.poolscope.live.diagnosis.Diagnoses;

import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.TargetSnapshot;
import javafx.beans.value.ObservableValue;

import java.util.function.Consumer;

/**
 * What a {@link LivePanel} gets from the live view.
 *
 * @param snapshots  the newest snapshot, changing on the FX thread; null until the first arrives
 * @param diagnoses  each connection's diagnosis for that snapshot (kernel and server evidence), set
 *                   just before it changes; a headline written from threads takes its causes from it
 * @param connection the open connection, for on-demand reads (a full thread dump); blocking, so
 *                   only through the panel's own background executor, with a deadline
 * @param onDispose  registers work to run (FX thread) when the live view closes, e.g. stopping a ticker
 * @param dataAge    how old the shown data is; a panel computes ticking durations on its clock, which
 *                   stands still while the data is stale
 */
public record LiveContext(
        ObservableValue<TargetSnapshot> snapshots,
        ObservableValue<Diagnoses> diagnoses,
        TargetConnection connection,
        Consumer<Runnable> onDispose,
        DataAge dataAge) {
}
