package dev.poolscope.probe;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;

/**
 * {@code dev.poolscope:type=PoolMetrics,pool=...}: one pool's figures as flat numeric attributes,
 * the shape the Prometheus JMX exporter turns into metrics (packaging/prometheus/jmx-exporter.yaml).
 * The PoolProbe MBean keeps its composite snapshot contract; this one is only for exporters.
 * A batch read ({@link #getAttributes}) takes one pool read for all attributes.
 */
final class PoolMetrics implements DynamicMBean {

    private static final String[][] ATTRIBUTES = {
        {"ActiveConnections", "int", "connections in use"},
        {"IdleConnections", "int", "connections idle in the pool"},
        {"TotalConnections", "int", "connections open (in use + idle)"},
        {"MaxConnections", "int", "maximumPoolSize"},
        {"MinIdleConnections", "int", "minimumIdle"},
        {"PendingRequests", "int", "threads waiting for a connection (the pool's own count, else the probe's)"},
        {"ProbeWaiting", "int", "threads the probe sees waiting in getConnection"},
        {"BorrowsTotal", "long", "borrows measured since the probe loaded"},
        {"TimeoutsTotal", "long", "borrows that timed out since the probe loaded"},
        {"BorrowFailuresTotal", "long", "borrows that failed since the probe loaded"},
        {"WaitP50Seconds", "double", "median borrow wait, last minute; NaN when no borrow"},
        {"WaitP95Seconds", "double", "95th percentile borrow wait, last minute; NaN when no borrow"},
        {"WaitP99Seconds", "double", "99th percentile borrow wait, last minute; NaN when no borrow"},
        {"WaitMaxSeconds", "double", "longest borrow wait, last minute; NaN when no borrow"},
        {"WaitCountLastMinute", "long", "borrows that finished waiting in the last minute"},
        {"UseCountTotal", "long", "connections returned since the probe loaded whose borrow the probe saw"},
        {"UseSecondsTotal", "double", "their summed time from borrow to return, seconds (µs resolution)"},
        {"UseP50Seconds", "double", "median time from borrow to return, last minute; NaN when none returned"},
        {"UseP95Seconds", "double", "95th percentile time from borrow to return, last minute; NaN when none returned"},
        {"UseP99Seconds", "double", "99th percentile time from borrow to return, last minute; NaN when none returned"},
        {"UseMaxSeconds", "double", "longest time from borrow to return, last minute; NaN when none returned"},
        {"UseCountLastMinute", "long", "connections returned in the last minute whose borrow the probe saw"},
        {"HeldPastThreshold", "int", "connections in use longer than HeldThresholdSeconds"},
        {"HeldThresholdSeconds", "double", "the held threshold (probe option stuckThresholdMillis)"},
        {"LongestHeldSeconds", "double", "longest current in-use time; 0 when none is in use"},
        {"Instrumented", "boolean", "borrow waits and holders are measured (else only states)"},
        {"DiagnosisDeadPeer", "int", "connections whose socket resends unacknowledged data or has unanswered"
            + " keepalive probes (kernel view, at most 1 s old)"},
        {"DiagnosisServerGone", "int", "connections whose server closed its side (close_wait, last_ack, closing)"},
        {"DiagnosisUnknown", "int", "connections whose socket the kernel shows with nothing decisive (not healthy:"
            + " a path dropped since the last exchange looks the same)"},
        {"DiagnosisNoEvidence", "int", "connections without a kernel view (not Linux, the driver hides its socket,"
            + " socket closed)"},
        {"PastMaxLifetime", "int", "connections whose exactly known age exceeds maxLifetime; 0 without a lifetime"},
        {"AgeEstimated", "int", "connections opened before the probe (age estimated, not in PastMaxLifetime)"},
    };

    private final PoolProbe probe;
    private final long heldThresholdMillis;
    private final SocketTable kernel;

    /** @param kernel the socket table every pool's metrics share, so a scrape parses it once */
    PoolMetrics(PoolProbe probe, long heldThresholdMillis, SocketTable kernel) {
        this.probe = probe;
        this.heldThresholdMillis = heldThresholdMillis;
        this.kernel = kernel;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException, ReflectionException {
        PoolFigures f = figures();
        if (f == null) {
            throw new AttributeNotFoundException(attribute + ": the pool was closed or could not be read");
        }
        Object v = value(f, attribute);
        if (v == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return v;
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        PoolFigures f = figures();
        if (f == null) {
            return list; // a closed pool gives no figures rather than made-up zeros
        }
        for (String name : attributes) {
            Object v = value(f, name);
            if (v != null) {
                list.add(new Attribute(name, v));
            }
        }
        return list;
    }

    private PoolFigures figures() {
        try {
            return probe.figures(heldThresholdMillis, kernel);
        } catch (RuntimeException e) {
            return null; // the exporter's thread, not the target's, but still: no figure beats a trace
        } catch (LinkageError e) {
            return null;
        }
    }

    static Object value(PoolFigures f, String attribute) {
        if ("ActiveConnections".equals(attribute)) return f.active;
        if ("IdleConnections".equals(attribute)) return f.idle;
        if ("TotalConnections".equals(attribute)) return f.total;
        if ("MaxConnections".equals(attribute)) return f.max;
        if ("MinIdleConnections".equals(attribute)) return f.minIdle;
        if ("PendingRequests".equals(attribute)) return f.pending;
        if ("ProbeWaiting".equals(attribute)) return f.probeWaiting;
        if ("BorrowsTotal".equals(attribute)) return f.borrowsTotal;
        if ("TimeoutsTotal".equals(attribute)) return f.timeoutsTotal;
        if ("BorrowFailuresTotal".equals(attribute)) return f.borrowFailuresTotal;
        if ("WaitP50Seconds".equals(attribute)) return f.waitP50Seconds;
        if ("WaitP95Seconds".equals(attribute)) return f.waitP95Seconds;
        if ("WaitP99Seconds".equals(attribute)) return f.waitP99Seconds;
        if ("WaitMaxSeconds".equals(attribute)) return f.waitMaxSeconds;
        if ("WaitCountLastMinute".equals(attribute)) return f.waitCountLastMinute;
        if ("UseCountTotal".equals(attribute)) return f.useCountTotal;
        if ("UseSecondsTotal".equals(attribute)) return f.useSecondsTotal;
        if ("UseP50Seconds".equals(attribute)) return f.useP50Seconds;
        if ("UseP95Seconds".equals(attribute)) return f.useP95Seconds;
        if ("UseP99Seconds".equals(attribute)) return f.useP99Seconds;
        if ("UseMaxSeconds".equals(attribute)) return f.useMaxSeconds;
        if ("UseCountLastMinute".equals(attribute)) return f.useCountLastMinute;
        if ("HeldPastThreshold".equals(attribute)) return f.heldPastThreshold;
        if ("HeldThresholdSeconds".equals(attribute)) return f.heldThresholdSeconds;
        if ("LongestHeldSeconds".equals(attribute)) return f.longestHeldSeconds;
        if ("Instrumented".equals(attribute)) return f.instrumented;
        if ("DiagnosisDeadPeer".equals(attribute)) return f.deadPeer;
        if ("DiagnosisServerGone".equals(attribute)) return f.serverGone;
        if ("DiagnosisUnknown".equals(attribute)) return f.kernelUndecided;
        if ("DiagnosisNoEvidence".equals(attribute)) return f.noKernelEvidence;
        if ("PastMaxLifetime".equals(attribute)) return f.pastMaxLifetime;
        if ("AgeEstimated".equals(attribute)) return f.ageEstimated;
        return null;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(actionName));
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanAttributeInfo[] infos = new MBeanAttributeInfo[ATTRIBUTES.length];
        for (int i = 0; i < infos.length; i++) {
            infos[i] = new MBeanAttributeInfo(ATTRIBUTES[i][0], ATTRIBUTES[i][1], ATTRIBUTES[i][2],
                    true, false, "boolean".equals(ATTRIBUTES[i][1]));
        }
        return new MBeanInfo(PoolMetrics.class.getName(), "PoolScope pool figures for exporters", infos,
                null, new MBeanOperationInfo[0], new MBeanNotificationInfo[0]);
    }
}
