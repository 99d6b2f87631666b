package dev.poolscope.ui;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.demo.DemoLauncher;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.ui.lab.LabView;

import java.time.Clock;
import java.util.List;

/**
 * The composition root: the one place that picks the implementations behind the GUI. The lab
 * screen and the threads panel are one line each in {@code screens} and {@code livePanels}.
 */
public final class AppWiring {

    private AppWiring() {
    }

    public static AppServices standard() {
        return new AppServices(
                new JvmConnector(),
                new ProbeSnapshotReader(),
                DemoLauncher::start,
                List.of(new Screen("Lab", LabView::create)),
                List.of(),                         // e.g. new LivePanel("Threads", context -> ThreadsPanel.create(context))
                Clock.systemUTC());
    }
}
