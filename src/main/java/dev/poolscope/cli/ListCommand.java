package dev.poolscope.cli;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.LocalJvm;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list", description = "List the JVMs on this machine that PoolScope can attach to.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        try (JvmConnector connector = new JvmConnector()) {
            List<LocalJvm> jvms = connector.listLocal();
            if (jvms.isEmpty()) {
                System.out.println("No other JVMs found for this user. (JVMs of other users are not listed.)");
                return 0;
            }
            System.out.printf("%-8s %-12s %-10s %s%n", "PID", "ATTACHABLE", "JAVA", "NAME");
            for (LocalJvm j : jvms) {
                System.out.printf("%-8d %-12s %-10s %s%n", j.pid(), j.attachable() ? "yes" : "no", j.jvmVersion(),
                        j.displayName() + (j.namespacePid() == null ? "" : "  [in a container: pid " + j.namespacePid() + " there]")
                                + (j.attachable() ? "" : "  (" + j.notAttachableReason() + ")"));
            }
            return 0;
        }
    }
}
