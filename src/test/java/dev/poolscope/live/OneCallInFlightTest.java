package dev.poolscope.live;

import dev.poolscope.attach.ConnectFailure;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OneCallInFlightTest {

    @Test
    void aCallThatMissedItsDeadlineKeepsTheSlotUntilItReturnsAndNothingIsQueuedMeanwhile() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (OneCallInFlight calls = new OneCallInFlight("test-call", Clock.systemUTC())) {
            assertThatThrownBy(() -> calls.tryCall("reading", Duration.ofMillis(50), () -> {
                started.incrementAndGet();
                answer.await();
                return "late";
            })).isInstanceOfSatisfying(ConnectFailure.class,
                    f -> assertThat(f.reason()).isEqualTo(ConnectFailure.Reason.TIMEOUT));

            assertThat(calls.busySince()).isNotNull();
            assertThatThrownBy(() -> calls.tryCall("reading", Duration.ofMillis(50), started::incrementAndGet))
                    .isInstanceOf(OneCallInFlight.Busy.class);
            assertThat(started).hasValue(1);

            answer.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.busySince() == null);
            assertThat(calls.tryCall("reading", Duration.ofSeconds(5), () -> "fresh")).isEqualTo("fresh");
        }
    }

    @Test
    void aFailingCallFreesTheSlotAndKeepsItsCause() throws Exception {
        try (OneCallInFlight calls = new OneCallInFlight("test-call", Clock.systemUTC())) {
            assertThatThrownBy(() -> calls.tryCall("reading", Duration.ofSeconds(5), () -> {
                throw new java.rmi.ConnectException("Connection refused");
            })).isInstanceOf(ConnectFailure.class).hasRootCauseInstanceOf(java.rmi.ConnectException.class);
            assertThat(calls.busySince()).isNull();
        }
    }

    @Test
    void silenceIsReportedAtGrowingStepsNotOnEveryTick() {
        assertThat(LivePoller.step(4)).isZero();
        assertThat(LivePoller.step(6)).isEqualTo(5);
        assertThat(LivePoller.step(11)).isEqualTo(10);
        assertThat(LivePoller.step(59)).isEqualTo(30);
        assertThat(LivePoller.step(61)).isEqualTo(60);
        assertThat(LivePoller.step(179)).isEqualTo(120);
    }
}
