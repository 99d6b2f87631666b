package dev.poolscope.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ss -tin} (the kernel's tcp_info, by netlink) adds to the probe's /proc/net/tcp view of
 * a local target's sockets: how long ago data was last sent, received and acknowledged. These are
 * what tell "the peer went quiet 14 minutes ago" from "it answered a second ago", and /proc/net/tcp
 * does not have them. Read once per snapshot, by local port, on this machine only: PoolScope runs
 * {@code ss} itself, so only targets in its own network namespace (the local ones it attaches to)
 * can be matched.
 */
public final class SocketStats {

    /** Times of one socket, in ms before the read; null when ss did not print the field. */
    public record Times(Long lastSendMillis, Long lastReceiveMillis, Long lastAckMillis) {
    }

    /** ss's answer: times by local port, or why there are none. */
    public record Reading(Map<Integer, Times> byLocalPort, String unavailableReason) {

        static Reading unavailable(String reason) {
            return new Reading(Map.of(), reason);
        }

        /** Times for a socket on {@code localPort}, or null (then {@link #reasonFor} says why). */
        public Times of(Integer localPort) {
            return localPort == null ? null : byLocalPort.get(localPort);
        }

        public String reasonFor(Integer localPort) {
            if (unavailableReason != null) {
                return unavailableReason;
            }
            return localPort == null ? "the socket's local port is not known"
                    : "ss listed no single socket on local port " + localPort;
        }
    }

    static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final Pattern ENDPOINTS = Pattern.compile("^\\S+\\s+\\d+\\s+\\d+\\s+(\\S+):(\\d+)\\s+(\\S+):(\\d+)");
    private static final Pattern FIELD = Pattern.compile("\\b(lastsnd|lastrcv|lastack):(\\d+)");

    private final String command;

    /** @param command the ss binary ("ss" on the PATH) */
    public SocketStats(String command) {
        this.command = command;
    }

    public SocketStats() {
        this("ss");
    }

    /** Filters with more ports than this would be slower than reading the whole table. */
    static final int MAX_FILTERED_PORTS = 256;

    /** Runs {@code ss -tinH} once over the whole table, within {@link #DEADLINE}; never throws. */
    public Reading read() {
        return read(Set.of());
    }

    /**
     * As {@link #read()}, but asks ss only for sockets on these local ports (a busy host can have
     * tens of thousands of sockets, read every poll otherwise).
     */
    public Reading read(Set<Integer> localPorts) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Reading.unavailable("ss and tcp_info are Linux only");
        }
        Process p;
        try {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command, "-t", "-i", "-n", "-H"));
            if (!localPorts.isEmpty() && localPorts.size() <= MAX_FILTERED_PORTS) {
                // ss's filter: "sport = :41234 or sport = :41235 ..."
                for (Integer port : new java.util.TreeSet<>(localPorts)) {
                    if (args.size() > 5) {
                        args.add("or");
                    }
                    args.addAll(java.util.List.of("sport", "=", ":" + port));
                }
            }
            p = new ProcessBuilder(args).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Reading.unavailable("ss (iproute2) is not installed here: " + e.getMessage());
        }
        try (InputStream in = p.getInputStream()) {
            // Bounded: a loaded host's whole socket table is a few MB at most.
            byte[] out = in.readNBytes(16 << 20);
            if (!p.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return Reading.unavailable("ss did not answer within " + DEADLINE.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                return Reading.unavailable("ss failed (exit " + p.exitValue() + "): "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
            return new Reading(parse(new String(out, StandardCharsets.UTF_8)), null);
        } catch (IOException e) {
            p.destroyForcibly();
            return Reading.unavailable("reading ss's output failed: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Reading.unavailable("interrupted while ss ran");
        }
    }

    /**
     * Parses {@code ss -tinH}: a line per socket ("ESTAB 0 0 127.0.0.1:41234 127.0.0.1:5432"), then
     * its tcp_info on the next, indented line. A local port shared by two sockets (a server's port,
     * or one port on two local addresses) is left out: its times could be either socket's.
     */
    static Map<Integer, Times> parse(String output) {
        Map<Integer, Times> byPort = new HashMap<>();
        Set<Integer> ambiguous = new HashSet<>();
        Integer port = null;
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                Matcher m = ENDPOINTS.matcher(line);
                port = m.find() ? Integer.valueOf(m.group(2)) : null;
                if (port != null && (byPort.containsKey(port) || ambiguous.contains(port))) {
                    ambiguous.add(port);
                    byPort.remove(port);
                    port = null;
                } else if (port != null) {
                    byPort.put(port, new Times(null, null, null));
                }
                continue;
            }
            if (port == null) {
                continue;
            }
            Long snd = null;
            Long rcv = null;
            Long ack = null;
            Matcher f = FIELD.matcher(line);
            while (f.find()) {
                long v = Long.parseLong(f.group(2));
                switch (f.group(1)) {
                    case "lastsnd" -> snd = v;
                    case "lastrcv" -> rcv = v;
                    default -> ack = v;
                }
            }
            byPort.put(port, new Times(snd, rcv, ack));
        }
        return byPort;
    }
}
