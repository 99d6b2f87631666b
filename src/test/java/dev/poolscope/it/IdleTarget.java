package dev.poolscope.it;

/**
 * A child JVM for attach tests: prints READY and lives until its parent closes its stdin, so a
 * crashed test run never leaves it behind.
 */
public final class IdleTarget {
    public static void main(String[] args) throws Exception {
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Keep running until stdin closes.
        }
    }
}
