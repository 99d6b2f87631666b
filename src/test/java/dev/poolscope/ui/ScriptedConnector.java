package dev.poolscope.ui;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.Connector;
import dev.poolscope.attach.LocalJvm;
import dev.poolscope.attach.RemoteTarget;
import dev.poolscope.attach.TargetConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * A Connector for UI tests: answers with what the test scripted and records what was asked.
 * The real Connector is exercised by the attach module's integration tests.
 */
public final class ScriptedConnector implements Connector {

    public volatile List<LocalJvm> local = List.of();
    public volatile RuntimeException listFailure;
    public volatile ConnectFailure connectFailure;
    public final List<String> calls = new ArrayList<>();
    public final List<RemoteTarget> remoteTargets = new ArrayList<>();
    /** The MBeans a remote connection offers; null: none (the UI tests feed snapshots directly). */
    public volatile javax.management.MBeanServerConnection remoteMBeans;

    @Override
    public List<LocalJvm> listLocal() {
        calls.add("list");
        if (listFailure != null) {
            throw listFailure;
        }
        return local;
    }

    @Override
    public TargetConnection attach(long pid, boolean loadProbe) throws ConnectFailure {
        calls.add("attach " + pid + (loadProbe ? " with probe" : " without probe"));
        if (connectFailure != null) {
            throw connectFailure;
        }
        return new TestConnection(TestData.target(pid, "pid " + pid));
    }

    @Override
    public TargetConnection connect(RemoteTarget target) throws ConnectFailure {
        calls.add("connect " + target);
        remoteTargets.add(target);
        if (connectFailure != null) {
            throw connectFailure;
        }
        return new TestConnection(TestData.target(null, target.address()), remoteMBeans);
    }
}
