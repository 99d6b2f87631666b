package dev.poolscope.attach;

import java.util.List;

/**
 * Finds and connects to targets. Every method may block on another process (bounded by a
 * deadline): never call it on the FX thread.
 */
public interface Connector {

    /** JVMs on this machine, this one excluded, each with whether attaching can work and why not. */
    List<LocalJvm> listLocal();

    /**
     * Attaches to a local JVM: starts its local management agent if needed and loads the probe
     * (the UI tells the user an agent will be loaded before calling this).
     *
     * @param loadProbe false to connect with JMX only (threads and HikariCP MBeans, no per-connection view)
     */
    TargetConnection attach(long pid, boolean loadProbe) throws ConnectFailure;

    /** Connects to a remote JMX endpoint (service URL or host:port). */
    TargetConnection connect(RemoteTarget target) throws ConnectFailure;
}
