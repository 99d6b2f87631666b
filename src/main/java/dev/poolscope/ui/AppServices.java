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
 */
public record AppServices(
        Connector connector,
        SnapshotSource snapshotSource,
        DemoStarter demoStarter,
        List<Screen> screens,
        List<LivePanel> livePanels,
        Clock clock) {

    public AppServices {
        Objects.requireNonNull(connector);
        Objects.requireNonNull(snapshotSource);
        Objects.requireNonNull(demoStarter);
        screens = List.copyOf(screens);
        livePanels = List.copyOf(livePanels);
        Objects.requireNonNull(clock);
    }
}
