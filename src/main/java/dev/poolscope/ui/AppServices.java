package dev.poolscope.ui;

import dev.poolscope.ui.app.AppWiring;
import dev.poolscope.attach.Connector;
import dev.poolscope.live.SnapshotSource;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Everything the GUI needs from the rest of PoolScope, handed in at one place (the composition
 * root, {@link AppWiring}) so tests can pass real or test implementations.
 *
 * @param screens    extra navigation entries after Attach and Live (the lab)
 * @param livePanels extra areas of the live view (the threads panel)
 * @param savedConnections the remote targets the user connected to (no passwords), or null where
 *                         there is no place to keep them (the start page then says so)
 */
public record AppServices(
        Connector connector,
        SnapshotSource snapshotSource,
        DemoStarter demoStarter,
        List<Screen> screens,
        List<LivePanel> livePanels,
        Clock clock,
        dev.poolscope.appdata.SavedConnections savedConnections) {

    /** Without saved connections (tests that do not use them). */
    public AppServices(Connector connector, SnapshotSource snapshotSource, DemoStarter demoStarter,
                       List<Screen> screens, List<LivePanel> livePanels, Clock clock) {
        this(connector, snapshotSource, demoStarter, screens, livePanels, clock, null);
    }

    public AppServices {
        Objects.requireNonNull(connector);
        Objects.requireNonNull(snapshotSource);
        Objects.requireNonNull(demoStarter);
        screens = List.copyOf(screens);
        livePanels = List.copyOf(livePanels);
        Objects.requireNonNull(clock);
    }
}
