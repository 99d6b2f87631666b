package dev.poolscope.probe.pools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The adapters the probe knows, in one place. */
public final class PoolAdapters {

    /** The kinds below, for the probe's messages. */
    public static final String KINDS = "DBCP2, Tomcat JDBC, Agroal, c3p0, Vibur, Druid, UCP";

    private final List<PoolAdapter> adapters;

    public PoolAdapters() {
        Reflect reflect = new Reflect();
        List<PoolAdapter> list = new ArrayList<PoolAdapter>();
        list.add(new Dbcp2Adapter(reflect));
        list.add(new TomcatJdbcAdapter(reflect));
        list.add(new AgroalAdapter(reflect));
        list.add(new C3p0Adapter(reflect));
        list.add(new ViburAdapter(reflect));
        list.add(new DruidAdapter(reflect));
        list.add(new UcpAdapter(reflect));
        adapters = Collections.unmodifiableList(list);
    }

    public List<PoolAdapter> all() {
        return adapters;
    }

    /** The adapter for a pool object met at a borrow hook, or null (e.g. a HikariCP pool). */
    public PoolAdapter of(Object pool) {
        for (PoolAdapter a : adapters) {
            if (a.accepts(pool)) {
                return a;
            }
        }
        return null;
    }
}
