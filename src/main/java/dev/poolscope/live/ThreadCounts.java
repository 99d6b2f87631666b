package dev.poolscope.live;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Thread counts from ThreadMXBean attributes (java.lang:type=Threading), which a JMX user with
 * the read-only role may read, unlike stacks (getThreadInfo is an operation).
 */
public record ThreadCounts(int live, int daemon, int peak, long totalStarted) {

    private static final String[] ATTRIBUTES = {"ThreadCount", "DaemonThreadCount", "PeakThreadCount", "TotalStartedThreadCount"};

    /** One getAttributes call; null when the attributes cannot be read either. Blocking, cross-process. */
    static ThreadCounts read(MBeanServerConnection mbs) throws IOException {
        Map<String, Object> v = new HashMap<>();
        try {
            for (Attribute a : mbs.getAttributes(new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME), ATTRIBUTES).asList()) {
                v.put(a.getName(), a.getValue());
            }
        } catch (JMException | SecurityException e) {
            return null;
        }
        if (!(v.get("ThreadCount") instanceof Number live) || !(v.get("DaemonThreadCount") instanceof Number daemon)
                || !(v.get("PeakThreadCount") instanceof Number peak) || !(v.get("TotalStartedThreadCount") instanceof Number started)) {
            return null;
        }
        return new ThreadCounts(live.intValue(), daemon.intValue(), peak.intValue(), started.longValue());
    }
}
