package dev.poolscope.demo;

/**
 * A running demo: the embedded PostgreSQL plus the demo service JVM. {@link #close()} stops both.
 *
 * @param servicePid the demo service JVM's pid (attach to this)
 * @param jmxUrl     the service's JMX service URL (loopback, no authentication)
 */
public interface DemoHandle extends AutoCloseable {
    long servicePid();

    String jmxUrl();

    String jdbcUrl();

    boolean isAlive();

    @Override
    void close();
}
