package dev.poolscope.probe;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LeakTasksTest {

    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, cls + ".java", 1);
    }

    @Test
    void theBorrowSiteStartsAtGetConnectionWithHikarisTaskMakingFramesCut() {
        StackTraceElement[] frames = {
            frame("com.zaxxer.hikari.pool.ProxyLeakTask", "<init>"),
            frame("com.zaxxer.hikari.pool.ProxyLeakTaskFactory", "scheduleNewTask"),
            frame("com.zaxxer.hikari.pool.ProxyLeakTaskFactory", "schedule"),
            frame("com.zaxxer.hikari.pool.HikariPool", "getConnection"),
            frame("com.example.Orders", "export")};

        String[] site = LeakTasks.site(frames);

        assertThat(site).hasSize(2);
        assertThat(site[0]).startsWith("com.zaxxer.hikari.pool.HikariPool.getConnection");
        assertThat(site[1]).startsWith("com.example.Orders.export");
    }

    @Test
    void aDeepBorrowStackIsCutToTheCapturesFrameLimit() {
        StackTraceElement[] frames = new StackTraceElement[100];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame("com.example.Deep", "level" + i);
        }
        assertThat(LeakTasks.site(frames)).hasSize(BorrowSiteCapture.MAX_FRAMES);
    }

    @Test
    void aPoolClassWithoutAHousekeeperFindsNothingAndThrowsNothing() {
        LeakTasks tasks = new LeakTasks(Object.class);
        assertThat(tasks.find(new Object(), Map.of("entry", new Object()))).isEmpty();
    }
}
