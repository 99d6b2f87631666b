package dev.poolscope.cli;

import dev.poolscope.demo.DemoHandle;
import dev.poolscope.demo.DemoLauncher;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "demo", description = {"Start a demo target: an embedded PostgreSQL and a service JVM with HikariCP pools.",
        "Runs a realistic workload until Ctrl-C, then stops everything it started."})
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
        DemoHandle demo;
        try {
            demo = DemoLauncher.start(msg -> System.err.println(msg));
        } catch (IllegalStateException e) {
            System.err.println("poolscope: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("Stopping the demo service and PostgreSQL…");
            demo.close();
            stopped.countDown();
        }, "poolscope-demo-stop"));
        // The launcher's progress line already named the pid on stderr; stdout says it once, for scripts.
        String self = SelfInvocation.command();
        System.out.println("Demo service pid: " + demo.servicePid());
        System.out.println("JMX URL: " + demo.jmxUrl());
        System.out.println("PostgreSQL: " + demo.jdbcUrl());
        System.out.println();
        System.out.println("Try:  " + self + " snapshot --pid " + demo.servicePid());
        System.out.println("      " + self + " snapshot --jmx " + demo.jmxUrl() + " --json");
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        while (demo.isAlive()) {
            if (stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                return 0;
            }
        }
        System.err.println("poolscope: the demo service exited unexpectedly.");
        demo.close();
        return 1;
    }
}
