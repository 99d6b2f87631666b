package dev.poolscope.ui.app;

import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.doctor.Doctor;
import dev.poolscope.doctor.OsTcpSettings;
import dev.poolscope.doctor.TcpSysctlsReader;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.ui.LivePanel;
import dev.poolscope.ui.TaskExecutor;
import dev.poolscope.ui.doctor.DoctorView;
import dev.poolscope.ui.doctor.DoctorViewModel;
import javafx.beans.value.ChangeListener;

import java.util.function.Supplier;

/**
 * Puts the Doctor panel (ui.doctor) under the live view's connection table: one view-model per
 * connection, fed each snapshot's pool configs, with the target's TCP sysctls read once through
 * the probe (with a deadline, off the FX thread).
 */
final class DoctorPanel {

    private DoctorPanel() {
    }

    static LivePanel create(Supplier<TaskExecutor> executors) {
        return new LivePanel("Doctor", context -> {
            TaskExecutor tasks = executors.get();
            DoctorViewModel vm = new DoctorViewModel(new Doctor(), tasks);
            TargetConnection connection = context.connection();
            DeadlineRunner runner = new DeadlineRunner("poolscope-doctor-sysctls");
            if (connection != null) {
                tasks.submit("reading TCP sysctls", () -> runner.call("reading the target's TCP sysctls",
                        DeadlineRunner.DEFAULT_DEADLINE, () -> new TcpSysctlsReader().read(connection.mbeans())),
                        vm::setOsTcpSettings,
                        e -> vm.setOsTcpSettings(OsTcpSettings.notRead("reading the target's sysctls failed: " + e.getMessage())));
            }
            ChangeListener<TargetSnapshot> feed = (obs, old, snapshot) -> vm.apply(snapshot);
            context.snapshots().addListener(feed);
            vm.apply(context.snapshots().getValue());
            context.onDispose().accept(() -> {
                context.snapshots().removeListener(feed);
                vm.cancelFind();
                runner.close();
                if (tasks instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // daemon workers; nothing left to release
                    }
                }
            });
            return new DoctorView(vm);
        });
    }
}
