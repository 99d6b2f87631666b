package dev.poolscope.attach;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What /proc says about processes in other PID and mount namespaces (containers), read-only.
 * A containerised JVM names its hsperfdata file after its own namespace pid (often 1) and writes it
 * in its own /tmp, which the host sees as {@code /proc/<pid>/root/tmp}; files PoolScope hands it
 * must exist in its mount namespace, reachable from here through {@code /proc/<pid>/root}
 * (as jattach and async-profiler do).
 */
final class Namespaces {

    /** A JVM in a child PID namespace: its pid here, its pid there, and its perf-data file as seen from here. */
    record ContainerJvm(long hostPid, long namespacePid, Path perfData) {
    }

    private final Path proc;
    private final Path tmp;

    Namespaces(Path proc, Path tmp) {
        this.proc = proc;
        this.tmp = tmp;
    }

    Namespaces() {
        // HotSpot on Linux writes hsperfdata under /tmp, whatever java.io.tmpdir says.
        this(Path.of("/proc"), Path.of("/tmp"));
    }

    /** The pid inside the innermost PID namespace, when the process is in a child namespace. */
    Optional<Long> namespacePid(long hostPid) {
        String nsPids = field(proc.resolve(Long.toString(hostPid)).resolve("status"), "NSpid:");
        if (nsPids == null) {
            return Optional.empty();
        }
        String[] parts = nsPids.trim().split("\\s+");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(parts[parts.length - 1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the process sees another filesystem than PoolScope. Unreadable links (another user)
     * count as the same: then nothing could be copied in anyway, and a plain path is the best try.
     */
    boolean otherMountNamespace(long pid) {
        return otherNamespace(pid, "mnt");
    }

    /** Whether the process has its own network (then its loopback is not ours); unreadable counts as the same. */
    boolean otherNetworkNamespace(long pid) {
        return otherNamespace(pid, "net");
    }

    private boolean otherNamespace(long pid, String kind) {
        try {
            Path mine = Files.readSymbolicLink(proc.resolve("self/ns/" + kind));
            Path theirs = Files.readSymbolicLink(proc.resolve(Long.toString(pid)).resolve("ns/" + kind));
            return !mine.equals(theirs);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The target's own root directory, as seen from here. */
    Path rootOf(long pid) {
        return proc.resolve(Long.toString(pid)).resolve("root");
    }

    /** The path the target uses for {@code hostPath}, a file under {@link #rootOf}. */
    String pathInside(long pid, Path hostPath) {
        Path rel = rootOf(pid).relativize(hostPath);
        if (rel.startsWith("..")) {
            throw new IllegalArgumentException(hostPath + " is not under " + rootOf(pid));
        }
        return "/" + rel.toString().replace('\\', '/');
    }

    /** JVMs in child PID namespaces whose perf-data file shows in their own /tmp; the Attach API's list misses them. */
    List<ContainerJvm> containerJvms() {
        List<ContainerJvm> out = new ArrayList<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : pids) {
                long hostPid = Long.parseLong(dir.getFileName().toString());
                Optional<Long> inner = namespacePid(hostPid);
                if (inner.isPresent() && otherPidNamespace(hostPid)) {
                    perfFile(dir.resolve("root/tmp"), inner.get())
                            .ifPresent(f -> out.add(new ContainerJvm(hostPid, inner.get(), f)));
                }
            }
        } catch (IOException | SecurityException e) {
            // No /proc (macOS, Windows) or unreadable: only the Attach API's list is shown.
        }
        return out;
    }

    /**
     * Whether a pid from the Attach API's list (read from our /tmp) is really the namespace pid of a
     * container JVM that shares our /tmp: the same perf-data file seen both ways. Listed under that
     * pid it would point at an unrelated host process (pid 1 is init).
     */
    boolean isContainerJvmSharingOurTmp(long listedPid, List<ContainerJvm> containers) {
        Optional<Path> ours = perfFile(tmp, listedPid);
        if (ours.isEmpty()) {
            return false;
        }
        for (ContainerJvm c : containers) {
            try {
                if (c.namespacePid() == listedPid && Files.isSameFile(ours.get(), c.perfData())) {
                    return true;
                }
            } catch (IOException | SecurityException e) {
                // gone meanwhile
            }
        }
        return false;
    }

    /** PoolScope may itself run in a container: only a PID namespace other than ours counts. */
    private boolean otherPidNamespace(long pid) {
        try {
            Path mine = Files.readSymbolicLink(proc.resolve("self/ns/pid"));
            Path theirs = Files.readSymbolicLink(proc.resolve(Long.toString(pid)).resolve("ns/pid"));
            return !mine.equals(theirs);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return true; // NSpid already shows a child namespace; the link is only unreadable for another user
        }
    }

    static Optional<Path> perfFile(Path tmpDir, long pid) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmpDir, "hsperfdata_*")) {
            for (Path d : dirs) {
                Path f = d.resolve(Long.toString(pid));
                if (Files.isRegularFile(f)) {
                    return Optional.of(f);
                }
            }
        } catch (IOException | SecurityException e) {
            // another user's container: not visible without root
        }
        return Optional.empty();
    }

    /**
     * The target's HotSpot perf-data file: under our /tmp by its pid, or, in a container, in its own
     * /tmp under the pid it has inside its namespace (the last NSpid field).
     */
    Optional<Path> perfDataOf(long pid) {
        Optional<Path> ours = perfFile(tmp, pid);
        if (ours.isPresent()) {
            return ours;
        }
        return perfFile(rootOf(pid).resolve("tmp"), namespacePid(pid).orElse(pid));
    }

    /**
     * Live JVMs of other users that the Attach API's list leaves out: their perf-data files are
     * unreadable (0600), but the hsperfdata_<user> directories list their pids. Only names are
     * read; nothing is sent to those processes.
     */
    List<Long> otherUsersJvmPids(java.util.Set<Long> alreadyListed) {
        List<Long> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        int[] me = owner(self);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
            for (Path d : dirs) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(d, f -> isNumber(f.getFileName().toString()))) {
                    for (Path f : files) {
                        long pid = Long.parseLong(f.getFileName().toString());
                        int[] owner = owner(pid);
                        if (pid != self && !alreadyListed.contains(pid) && owner != null && me != null && owner[0] != me[0]
                                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                            out.add(pid);
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // a directory we may not list: those JVMs stay unlisted
                }
            }
        } catch (IOException | SecurityException e) {
            // no /tmp listing: only the Attach API's list is shown
        }
        return out;
    }

    /** "runs as user alice (uid 1000): run PoolScope as that user (sudo -u alice) or as root", for a list row. */
    String otherUserReason(long pid) {
        String[] owner = ownerWords(pid);
        return owner == null ? "runs as another user: run PoolScope as that user or as root"
                : "it runs as " + owner[0] + ": " + owner[1];
    }

    /** Whether /proc can be read here at all (not on macOS or Windows). */
    boolean hasProc() {
        return Files.isDirectory(proc);
    }

    boolean exists(long pid) {
        return Files.isDirectory(proc.resolve(Long.toString(pid)));
    }

    /** A field of /proc/<pid>/status ("Name:", "SigCgt:", ...), trimmed; null when absent or unreadable. */
    String statusField(long pid, String key) {
        return field(proc.resolve(Long.toString(pid)).resolve("status"), key);
    }

    /** File name of the executable, or null when it cannot be read (another user without root). */
    String exeName(long pid) {
        try {
            Path target = Files.readSymbolicLink(proc.resolve(Long.toString(pid)).resolve("exe"));
            String name = target.getFileName() == null ? "" : target.getFileName().toString();
            return name.endsWith(" (deleted)") ? name.substring(0, name.length() - 10) : name;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Effective uid and gid from /proc/<pid>/status, or null when unreadable. */
    int[] owner(long pid) {
        Path status = proc.resolve(Long.toString(pid)).resolve("status");
        String uid = field(status, "Uid:");
        String gid = field(status, "Gid:");
        if (uid == null || gid == null) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(uid.trim().split("\\s+")[1]), Integer.parseInt(gid.trim().split("\\s+")[1])};
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** ": it runs as user alice (uid 1000), so run PoolScope as ...", or "" when the owner cannot be read; for attach errors. */
    String runAsHint(long pid) {
        String[] owner = ownerWords(pid);
        return owner == null ? "" : ": it runs as " + owner[0] + ", so " + owner[1];
    }

    /**
     * The owner in words ("user alice (uid 1000)") and what to do about it ("run PoolScope as that
     * user (sudo -u alice) or as root"); null when the owner cannot be read.
     */
    private String[] ownerWords(long pid) {
        int[] owner = owner(pid);
        if (owner == null) {
            return null;
        }
        String name;
        try {
            name = Files.getOwner(proc.resolve(Long.toString(pid))).getName();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            name = null;
        }
        String who = name == null || name.equals(Integer.toString(owner[0])) ? "uid " + owner[0] : "user " + name + " (uid " + owner[0] + ")";
        return new String[] {who, "run PoolScope as that user (sudo -u " + (name == null ? "#" + owner[0] : name) + ") or as root"};
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String field(Path status, String key) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key)) {
                    return line.substring(key.length()).trim();
                }
            }
        } catch (IOException | SecurityException e) {
            // exited or not ours
        }
        return null;
    }
}
