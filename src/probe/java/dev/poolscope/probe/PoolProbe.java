package dev.poolscope.probe;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanConstructorInfoSupport;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.SimpleType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dev.poolscope:type=PoolProbe,pool=<quoted name>}: one HikariCP pool, open types only
 * (docs/probe-mxbean.md). Every read is done when the attribute is asked for; nothing is cached
 * between reads except connection ids.
 */
final class PoolProbe implements DynamicMBean {

    private final PoolTracker tracker;
    private final PoolSource reader;
    private final BorrowRecorder recorder;
    private final ProbeStatus status;
    private final boolean instrumented;
    private final HolderStates holderStates;
    private final long borrowStackThresholdMillis;
    private final long measuredSinceEpochMillis;

    PoolProbe(PoolTracker tracker, PoolSource reader, BorrowRecorder recorder, ProbeStatus status,
              HolderStates holderStates, boolean instrumented, long borrowStackThresholdMillis) {
        this.instrumented = instrumented;
        this.holderStates = holderStates;
        this.tracker = tracker;
        this.reader = reader;
        this.recorder = recorder;
        this.status = status;
        this.borrowStackThresholdMillis = borrowStackThresholdMillis;
        this.measuredSinceEpochMillis = System.currentTimeMillis()
                - (System.nanoTime() - tracker.firstSeenNanos) / 1_000_000L;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException, ReflectionException {
        if ("PoolName".equals(attribute)) {
            return reader.poolName();
        } else if ("Kind".equals(attribute)) {
            return reader.kind();
        } else if ("LibraryVersion".equals(attribute)) {
            return reader.version();
        } else if ("LibraryConfig".equals(attribute)) {
            Object pool = tracker.pool.get();
            return pool == null ? new String[0] : reader.libraryConfig(pool);
        } else if ("Instrumented".equals(attribute)) {
            return instrumented;
        } else if ("LeasesHeld".equals(attribute)) {
            return tracker.leasesHeld();
        } else if ("LeaseSlots".equals(attribute)) {
            return tracker.leaseSlots();
        } else if ("WaitersTracked".equals(attribute)) {
            return tracker.waiters().size();
        } else if ("BorrowSiteCapture".equals(attribute)) {
            return tracker.borrowSites.describe(System.nanoTime());
        } else if ("Unreadable".equals(attribute)) {
            return unreadable();
        } else if ("Snapshot".equals(attribute)) {
            try {
                return snapshot();
            } catch (OpenDataException e) {
                throw new ReflectionException(e, "could not build the snapshot: " + e.getMessage());
            }
        }
        throw new AttributeNotFoundException(attribute);
    }

    String[] unreadable() {
        List<String> result = new ArrayList<String>();
        if (!status.instrumented()) {
            result.add("borrower thread, in-use time and borrow waits: instrumentation " + status.instrumentation());
        } else if (!instrumented) {
            result.add("borrower thread, in-use time and borrow waits: this pool's " + reader.kind() + " classes were not"
                    + " instrumented (see the ProbeAgent Messages)");
        }
        result.addAll(reader.unreadable());
        if (tracker.leasesUntracked() > 0) {
            result.add("borrower thread: " + tracker.leasesUntracked()
                    + " borrows not tracked (no free slot in the probe's lease table near the connection's hash;"
                    + " the table holds " + tracker.leaseSlots() + " leases)");
        }
        return result.toArray(new String[0]);
    }

    /**
     * Flat figures for {@link PoolMetrics}; no borrow stacks; the kernel's socket view from
     * {@code kernel}, which the exporter's reads of all pools share. Null once the pool is collected.
     */
    PoolFigures figures(long heldThresholdMillis, SocketTable kernel) {
        Object pool = tracker.pool.get();
        if (pool == null) {
            return null;
        }
        PoolReader.Read r = reader.read(pool, tracker, recorder, holderStates, Long.MAX_VALUE, false);
        PoolReader.joinKernel(kernel, r);
        Object maxLifetime = reader.config(pool)[MAX_LIFETIME_ITEM];
        return PoolFigures.of(r, reader.maximumPoolSize(pool), reader.minimumIdle(pool),
                tracker, heldThresholdMillis, instrumented,
                maxLifetime instanceof Number ? ((Number) maxLifetime).longValue() : -1);
    }

    private static final int MAX_LIFETIME_ITEM =
            java.util.Arrays.asList(ProbeTypes.CONFIG_ITEMS).indexOf("maxLifetimeMillis");

    CompositeData snapshot() throws OpenDataException {
        Object pool = tracker.pool.get();
        if (pool == null) {
            throw new OpenDataException("the pool was closed and collected");
        }
        PoolReader.Read r = reader.read(pool, tracker, recorder, holderStates, borrowStackThresholdMillis, true);
        CompositeData[] connections = new CompositeData[r.connections.size()];
        for (int i = 0; i < connections.length; i++) {
            PoolReader.ConnectionRead c = r.connections.get(i);
            connections[i] = new CompositeDataSupport(ProbeTypes.CONNECTION, ProbeTypes.CONNECTION_ITEMS,
                    new Object[] {c.id, c.state, c.createdEpochMillis, c.ageMillis, c.ageExact,
                        c.lastAccessedEpochMillis, c.idleMillis, c.borrowedAtEpochMillis, c.inUseMillis,
                        c.borrowerThreadId, c.borrowerThreadName, c.borrowStack, c.borrowerThreadState,
                        c.borrowerTopFrame, c.borrowerStateSinceEpochMillis, c.runningStatement,
                        c.endpoint == null ? -1 : c.endpoint.backendPid,
                        c.endpoint == null ? -1 : c.endpoint.localPort,
                        c.endpoint == null || c.endpoint.remoteAddress == null ? "" : c.endpoint.remoteAddress.getHostAddress(),
                        c.endpoint == null ? -1 : c.endpoint.remotePort,
                        c.tcp == null ? "" : c.tcp.state,
                        c.tcp == null ? -1L : c.tcp.sendQueueBytes,
                        c.tcp == null ? -1L : c.tcp.recvQueueBytes,
                        c.tcp == null ? "" : c.tcp.timer,
                        c.tcp == null ? -1L : c.tcp.timerMillis,
                        c.tcp == null ? -1 : c.tcp.retransmits,
                        c.tcp == null ? -1 : c.tcp.probes,
                        c.tcpUnavailableReason, c.inUseAtLeastMillis, c.inUseAtMostMillis, c.idleSince,
                        c.borrowSite, c.borrowSiteSource, c.borrowSiteUnknownReason, c.holderSource});
        }
        int pending = r.pending >= 0 ? r.pending : tracker.waiters().size();
        return new CompositeDataSupport(ProbeTypes.SNAPSHOT, ProbeTypes.SNAPSHOT_ITEMS,
                new Object[] {r.capturedAtEpochMillis, r.active, r.idle, r.total, pending, config(pool),
                    connections, borrow(r)});
    }

    private CompositeData config(Object pool) throws OpenDataException {
        return new CompositeDataSupport(ProbeTypes.CONFIG, ProbeTypes.CONFIG_ITEMS, reader.config(pool));
    }

    private CompositeData borrow(PoolReader.Read r) throws OpenDataException {
        LatencyHistogram.Summary all = tracker.sinceLoad();
        LatencyHistogram.Summary minute = tracker.lastMinute(r.nowNanos);
        List<PoolTracker.Waiter> waiters = tracker.waiters();
        CompositeData[] waiterData = new CompositeData[waiters.size()];
        for (int i = 0; i < waiterData.length; i++) {
            PoolTracker.Waiter w = waiters.get(i);
            long waitingMillis = Math.max(0, (r.nowNanos - w.sinceNanos) / 1_000_000L);
            waiterData[i] = new CompositeDataSupport(ProbeTypes.WAITER, ProbeTypes.WAITER_ITEMS, new Object[] {
                w.thread.getId(), w.thread.getName(), r.capturedAtEpochMillis - waitingMillis, waitingMillis});
        }
        CompositeData lastMinute = new CompositeDataSupport(ProbeTypes.WINDOW, ProbeTypes.WINDOW_ITEMS, new Object[] {
            minute.count, minute.percentileMillis(50), minute.percentileMillis(95), minute.percentileMillis(99),
            minute.maxMillis(), RollingHistogram.spanMillis(r.nowNanos, tracker.firstSeenNanos),
            tracker.timeoutsLastMinute(r.nowNanos)});
        int waiting = waiters.size() + tracker.waitersUntracked();
        return new CompositeDataSupport(ProbeTypes.BORROW, ProbeTypes.BORROW_ITEMS, new Object[] {
            all.count, tracker.timeouts(), all.percentileMillis(50), all.percentileMillis(95),
            all.percentileMillis(99), all.maxMillis(), waiting, tracker.failures(), measuredSinceEpochMillis,
            lastMinute, waiterData});
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("PoolProbe attributes are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList(); // read-only: nothing set
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String name : attributes) {
            try {
                list.add(new Attribute(name, getAttribute(name)));
            } catch (Exception e) {
                // JMX convention: attributes that fail are left out of the list
            }
        }
        return list;
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(actionName), "PoolProbe has no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return new OpenMBeanInfoSupport(PoolProbe.class.getName(), "A connection pool seen by the PoolScope probe",
                new OpenMBeanAttributeInfoSupport[] {
                    attribute("PoolName", "the library's pool name, else one made from its URL", SimpleType.STRING),
                    attribute("Kind", "pool library", SimpleType.STRING),
                    attribute("LibraryVersion", "library version, or unknown", SimpleType.STRING),
                    attribute("LibraryConfig", "the library's own settings, name=value", ProbeTypes.STRINGS),
                    attribute("Instrumented", "borrows are observed", SimpleType.BOOLEAN),
                    attribute("Unreadable", "what could not be read and why", ProbeTypes.STRINGS),
                    attribute("LeasesHeld", "the probe's own lease records in use now (bounded by connections held)",
                            SimpleType.INTEGER),
                    attribute("LeaseSlots", "size of the probe's lease table for this pool", SimpleType.INTEGER),
                    attribute("WaitersTracked", "the probe's own waiter records in use now (threads in getConnection)",
                            SimpleType.INTEGER),
                    attribute("BorrowSiteCapture", "whether borrows record their stack now (armed/off, and why)",
                            SimpleType.STRING),
                    attribute("Snapshot", "the pool at one instant", ProbeTypes.SNAPSHOT)},
                new OpenMBeanConstructorInfoSupport[0], new OpenMBeanOperationInfoSupport[0],
                new MBeanNotificationInfo[0]);
    }

    private static OpenMBeanAttributeInfoSupport attribute(String name, String description,
                                                           javax.management.openmbean.OpenType<?> type) {
        return new OpenMBeanAttributeInfoSupport(name, description, type, true, false, type == SimpleType.BOOLEAN);
    }
}
