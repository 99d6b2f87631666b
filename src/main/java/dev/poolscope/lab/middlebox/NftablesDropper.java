package dev.poolscope.lab.middlebox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kernel mode of the middlebox: when a {@link TcpProxy} drops or blackholes flows, the packets of
 * those flows are dropped by nftables on loopback too, so the client's TCP keepalive probes really
 * go unanswered (the proxy's kernel can no longer acknowledge them). Linux only, needs CAP_NET_ADMIN.
 *
 * <p>Everything lives in a table of its own, {@code inet poolscope_lab_<pid>_<n>}, with two sets:
 * {@code flows} (proxy port . client port of a dropped flow) and {@code ports}
 * (blackholed proxy ports). The owner's pid in the name lets runs in several processes (a CLI run
 * and the desktop app, or a test) coexist without removing each other's rules. The table is
 * deleted on {@link #close()}, by a shutdown hook if the JVM exits first, and tables whose owner
 * process is gone (a crashed or killed run) are deleted when the next one opens.
 */
public final class NftablesDropper implements FaultHook, AutoCloseable {

    /** Prefix of every table the lab creates. */
    public static final String TABLE_PREFIX = "poolscope_lab";
    private static final Logger LOG = Logger.getLogger(NftablesDropper.class.getName());
    private static final long NFT_DEADLINE_SECONDS = 5;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Pattern LAB_TABLE = Pattern.compile("table inet (" + TABLE_PREFIX + "(?:_(\\d+)_\\d+)?)");

    private final String nft;
    private final String table;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private NftablesDropper(String nft) {
        this.nft = nft;
        this.table = TABLE_PREFIX + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        this.shutdownHook = new Thread(this::deleteTableQuietly, "poolscope-lab-nft-cleanup");
    }

    /** The name of this dropper's table (inet family). */
    public String table() {
        return table;
    }

    /** Checks for the nft binary and the right to use it, without changing anything. */
    public static KernelAvailability availability() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return new KernelAvailability(false, "kernel mode needs Linux (nftables); this is "
                    + System.getProperty("os.name") + ". Use --middlebox proxy.");
        }
        String nft = findNft();
        if (nft == null) {
            return new KernelAvailability(false, "kernel mode needs the nft program (package nftables), "
                    + "which is not installed or not on PATH.");
        }
        try {
            Result r = run(nft, List.of("list", "tables"));
            if (r.exit != 0) {
                return new KernelAvailability(false, "kernel mode needs root (CAP_NET_ADMIN): 'nft list tables' failed: "
                        + r.output.strip());
            }
        } catch (IOException e) {
            return new KernelAvailability(false, "kernel mode could not run nft: " + e.getMessage());
        }
        return new KernelAvailability(true, "nftables available (" + nft + ")");
    }

    /**
     * Removes a stale table from a crashed run, then creates a fresh one.
     *
     * @throws IOException if nft is not available or refuses the rules; the message says why
     */
    public static NftablesDropper open() throws IOException {
        KernelAvailability availability = availability();
        if (!availability.available()) {
            throw new IOException(availability.reason());
        }
        String nft = findNft();
        removeStaleTables(nft);
        NftablesDropper dropper = new NftablesDropper(nft);
        String ruleset = String.join("\n",
                "table inet " + dropper.table + " {",
                "  set flows { type inet_service . inet_service; }",
                "  set ports { type inet_service; }",
                // Loopback packets pass output then input; dropping at output is enough and keeps
                // the client's kernel retransmitting, exactly as behind a silent middlebox.
                "  chain output { type filter hook output priority -10; policy accept;",
                "    tcp sport . tcp dport @flows drop",
                "    tcp dport @ports drop",
                "    tcp sport @ports drop",
                "  }",
                "}", "");
        Path file = Files.createTempFile("poolscope-nft-", ".nft");
        try {
            Files.writeString(file, ruleset);
            dropper.nftOrThrow(List.of("-f", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
        Runtime.getRuntime().addShutdownHook(dropper.shutdownHook);
        return dropper;
    }

    /**
     * The lab's tables present now, by name, with the pid of the process that made each (-1 for the
     * pid-less table of earlier builds).
     */
    public static Map<String, Long> labTables() {
        String nft = findNft();
        Map<String, Long> tables = new LinkedHashMap<>();
        if (nft == null) {
            return tables;
        }
        try {
            Result r = run(nft, List.of("list", "tables", "inet"));
            Matcher m = LAB_TABLE.matcher(r.output);
            while (m.find()) {
                tables.put(m.group(1), m.group(2) == null ? -1L : Long.parseLong(m.group(2)));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not list nftables tables", e);
        }
        return tables;
    }

    /** Deletes tables whose owner process no longer runs: left by a run that crashed or was killed. */
    private static void removeStaleTables(String nft) {
        labTables().forEach((name, pid) -> {
            boolean ownerAlive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!ownerAlive) {
                try {
                    run(nft, List.of("delete", "table", "inet", name));
                    LOG.info("removed stale nftables table " + name + " left by process " + pid);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not remove stale nftables table " + name, e);
                }
            }
        });
    }

    /**
     * Drops what the proxy's side sends to the client: data, and the ACKs its kernel would send for
     * the client's data and keepalive probes. That is all the client can observe, so to the client
     * the flow is silently gone; what the client sends still reaches the proxy, which discards it
     * but can still count the validation pings the pool sends into the void.
     */
    @Override
    public void flowDropped(int clientPort, int proxyPort) {
        element("add", "flows", proxyPort + " . " + clientPort);
    }

    @Override
    public void flowClosing(int clientPort, int proxyPort) {
        element("delete", "flows", proxyPort + " . " + clientPort);
    }

    @Override
    public void blackhole(int proxyPort, boolean on) {
        element(on ? "add" : "delete", "ports", String.valueOf(proxyPort));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteTableQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: the table is gone either way
        }
    }

    private void element(String verb, String set, String elements) {
        if (closed) {
            return;
        }
        try {
            Result r = run(nft, List.of(verb, "element", "inet", table, set, "{ " + elements + " }"));
            // Deleting an element that is not there fails harmlessly (a flow closed without being dropped).
            if (r.exit != 0 && verb.equals("add")) {
                LOG.warning("nft could not " + verb + " " + elements + " in " + set + ": " + r.output.strip());
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "nft failed", e);
        }
    }

    private void deleteTableQuietly() {
        try {
            run(nft, List.of("delete", "table", "inet", table));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete nftables table " + table, e);
        }
    }

    private void nftOrThrow(List<String> args) throws IOException {
        Result r = run(nft, args);
        if (r.exit != 0) {
            throw new IOException("nft " + String.join(" ", args) + " failed: " + r.output.strip());
        }
    }

    private static String findNft() {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(0, List.of(path.split(":")));
        }
        for (String dir : dirs) {
            Path p = Path.of(dir, "nft");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String nft, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(nft);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(NFT_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("nft did not answer within " + NFT_DEADLINE_SECONDS + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running nft", e);
        }
    }
}
