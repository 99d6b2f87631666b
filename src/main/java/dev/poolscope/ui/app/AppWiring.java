package dev.poolscope.ui.app;

import dev.poolscope.ui.Screen;
import dev.poolscope.ui.AppServices;
import dev.poolscope.attach.JvmConnector;
import dev.poolscope.demo.DemoLauncher;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.ui.lab.LabView;

import java.time.Clock;
import java.util.List;

/**
 * The composition root: the one place that picks the implementations behind the GUI, including
 * the lab screen (a navigation entry) and the threads panel (a tab under the connection table).
 */
public final class AppWiring {

    private AppWiring() {
    }

    public static AppServices standard() {
        Clock clock = Clock.systemUTC();
        return new AppServices(
                new JvmConnector(),
                new ProbeSnapshotReader(),
                DemoLauncher::start,
                List.of(new Screen("Lab", LabView::create)),
                List.of(ThreadsPanel.create(clock), DoctorPanel.create(dev.poolscope.ui.FxTaskExecutor::new)),
                clock,
                // Only a path here: the file is read and written off the FX thread by the start page.
                new dev.poolscope.appdata.SavedConnections(dev.poolscope.appdata.AppDirs.forCurrentUser().connectionsFile()));
    }
}
