package dev.poolscope.probe;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads /proc/sys/net/ipv4 on each JMX call (a JMX thread, never a borrower). Files are tiny;
 * nothing is cached, so a sysctl changed at runtime shows on the next read. Never throws.
 */
public final class TcpSysctls implements TcpSysctlsMXBean {

    static final String NAME = "dev.poolscope:type=TcpSysctls";
    private static final String DIR = "/proc/sys/net/ipv4/";

    /** Registers once; a failure is swallowed because the probe must not throw into the target. */
    static void register(MBeanServer server) {
        try {
            ObjectName name = new ObjectName(NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new TcpSysctls(), name);
            }
        } catch (Throwable ignored) {
            // The doctor then says the OS settings were not read.
        }
    }

    public Integer getTcpKeepaliveTime() {
        return read("tcp_keepalive_time");
    }

    public Integer getTcpKeepaliveIntvl() {
        return read("tcp_keepalive_intvl");
    }

    public Integer getTcpKeepaliveProbes() {
        return read("tcp_keepalive_probes");
    }

    public Integer getTcpRetries2() {
        return read("tcp_retries2");
    }

    public String getNotReadReason() {
        String os = System.getProperty("os.name", "?");
        if (!os.toLowerCase().contains("linux")) {
            return "the target runs " + os + ", not Linux; /proc/sys/net/ipv4 does not exist there";
        }
        String[] names = {"tcp_keepalive_time", "tcp_keepalive_intvl", "tcp_keepalive_probes", "tcp_retries2"};
        for (String n : names) {
            if (read(n) == null) {
                return "could not read " + DIR + n + " in the target";
            }
        }
        return null;
    }

    private static Integer read(String file) {
        BufferedReader in = null;
        try {
            in = new BufferedReader(new InputStreamReader(new FileInputStream(DIR + file), "US-ASCII"));
            String line = in.readLine();
            return line == null ? null : Integer.valueOf(line.trim());
        } catch (Throwable e) {
            return null;
        } finally {
            if (in != null) {
                try {
                    in.close();
                } catch (Throwable ignored) {
                    // nothing to do
                }
            }
        }
    }
}
