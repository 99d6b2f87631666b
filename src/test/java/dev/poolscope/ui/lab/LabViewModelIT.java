package dev.poolscope.ui.lab;

import dev.poolscope.lab.middlebox.NftablesDropper;
import dev.poolscope.lab.run.LabResult;
import dev.poolscope.lab.run.MiddleboxMode;
import dev.poolscope.lab.run.StrategyResult;
import dev.poolscope.lab.scenario.ScenarioKind;
import dev.poolscope.lab.scenario.ScenarioParams;
import dev.poolscope.lab.strategy.StrategyPresets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lab screen's view-model driving whole runs: embedded PostgreSQL, middlebox, real pools. The
 * UI executor runs callbacks in place (no FX toolkit needed); lab work runs on a worker thread.
 */
class LabViewModelIT {

    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lab-vm-test-worker");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stopWorkers() {
        work.shutdownNow();
    }

    @Test
    void mondayMorningWithEvictionBelowTheDropTimeoutHasNoErrorsWhileNoneHandsOutDeadConnections() {
        LabViewModel vm = new LabViewModel(Runnable::run, work, Clock.systemUTC());
        long dropIdle = 4_000; // evict: idleTimeout 2 s (+1 s housekeeping), maxLifetime 3.2 s, keepaliveTime 1.6 s
        vm.scenarioProperty().set(ScenarioKind.MONDAY_MORNING);
        vm.paramsProperty().set(new ScenarioParams(2_000, dropIdle, 5_000, 6, 0, 4_000, 2, 0, 50, 0));
        vm.strategies().setAll(
                StrategyPresets.preset("none", dropIdle).withSocketTimeoutSeconds(2),
                StrategyPresets.preset("evict", dropIdle));

        vm.run(null);
        await().atMost(Duration.ofSeconds(60)).until(() -> !vm.runningProperty().get());

        assertThat(vm.errorProperty().get()).isEmpty();
        LabResult result = vm.resultProperty().get();
        assertThat(result.cancelled()).isFalse();
        StrategyResult first = vm.verdicts().get(0);
        StrategyResult none = vm.verdicts().get(1);
        assertThat(first.strategy()).isEqualTo("evict");
        assertThat(first.errors() + first.timeouts() + first.deadHandedOut()).isZero();
        assertThat(first.successes()).isPositive();
        assertThat(none.strategy()).isEqualTo("none");
        assertThat(none.deadHandedOut()).isPositive();
        assertThat(none.errorsByKind()).containsKey("socket timeout");
        assertThat(none.maxStuckThreads()).isPositive();
        assertThat(none.keepaliveJudged()).isFalse();
        assertThat(vm.samples().get("evict")).isNotEmpty().hasSizeLessThanOrEqualTo(LabViewModel.MAX_POINTS);
        assertThat(vm.phaseProperty().get()).isEqualTo("done");
    }

    @Test
    void cancelEndsTheRunPromptlyAndRemovesKernelRules() {
        LabViewModel vm = new LabViewModel(Runnable::run, work, Clock.systemUTC());
        boolean kernel = NftablesDropper.availability().available();
        vm.middleboxProperty().set(kernel ? MiddleboxMode.KERNEL : MiddleboxMode.PROXY);
        vm.strategies().setAll(StrategyPresets.presets(StrategyPresets.NAMES, 12_000));
        vm.run(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> vm.phaseProperty().get().startsWith("warm-up"));
        long pid = ProcessHandle.current().pid();
        if (kernel) {
            assertThat(NftablesDropper.labTables()).containsValue(pid);
        }
        long t0 = System.nanoTime();
        vm.cancel();
        await().atMost(Duration.ofSeconds(20)).until(() -> !vm.runningProperty().get());
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
        assertThat(vm.resultProperty().get().cancelled()).isTrue();
        assertThat(NftablesDropper.labTables()).doesNotContainValue(pid);
    }

    @Test
    void badDatabaseInputIsReportedBeforeTheRunStarts() {
        LabViewModel vm = new LabViewModel(Runnable::run, work, Clock.systemUTC());
        vm.embeddedProperty().set(false);
        vm.jdbcUrlProperty().set("jdbc:mysql://localhost/x");
        vm.run("secret".toCharArray());
        await().atMost(Duration.ofSeconds(10)).until(() -> !vm.runningProperty().get());
        assertThat(vm.errorProperty().get()).contains("Malformed JDBC URL").doesNotContain("secret");
        assertThat(vm.resultProperty().get()).isNull();
    }
}
