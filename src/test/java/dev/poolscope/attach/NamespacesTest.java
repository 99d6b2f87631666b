package dev.poolscope.attach;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The path logic behind container support, on a /proc laid out in a temporary directory the way
 * Linux shows it (status fields, ns links, each process's root). The real thing: ContainerAttachIT.
 */
class NamespacesTest {

    @TempDir
    Path dir;
    private Path proc;
    private Path hostTmp;
    private Namespaces namespaces;

    @BeforeEach
    void layOut() throws IOException {
        proc = dir.resolve("proc");
        hostTmp = dir.resolve("tmp");
        Files.createDirectories(hostTmp);
        process("self", "4000", "pid:[100]", "mnt:[200]");
        namespaces = new Namespaces(proc, hostTmp);
    }

    @Test
    void aJvmInAChildPidNamespaceIsFoundUnderItsHostPidWithItsNamespacePid() throws IOException {
        process("4242", "4242\t1", "pid:[101]", "mnt:[201]");
        perfData(proc.resolve("4242/root/tmp"), "1");

        assertThat(namespaces.containerJvms()).singleElement().satisfies(c -> {
            assertThat(c.hostPid()).isEqualTo(4242);
            assertThat(c.namespacePid()).isEqualTo(1);
        });
        assertThat(namespaces.namespacePid(4242)).contains(1L);
    }

    @Test
    void aProcessOfOurOwnPidNamespaceIsNotAContainerJvm() throws IOException {
        process("4300", "4300", "pid:[100]", "mnt:[200]");
        perfData(proc.resolve("4300/root/tmp"), "4300");
        process("4301", "4301\t7", "pid:[100]", "mnt:[200]"); // PoolScope itself nested: same ns, counts as ours
        perfData(proc.resolve("4301/root/tmp"), "7");

        assertThat(namespaces.containerJvms()).isEmpty();
        assertThat(namespaces.namespacePid(4300)).isEmpty();
    }

    @Test
    void aProcessInAChildNamespaceWithoutPerfDataIsNotListed() throws IOException {
        process("4400", "4400\t1", "pid:[102]", "mnt:[202]"); // e.g. a containerised python or postgres

        assertThat(namespaces.containerJvms()).isEmpty();
    }

    @Test
    void aNamespacePidListedFromOurTmpIsRecognisedWhenItIsTheSameFileAsTheContainersOwn() throws IOException {
        process("4500", "4500\t1", "pid:[103]", "mnt:[200]");
        Path shared = perfData(hostTmp, "1");
        Files.createDirectories(proc.resolve("4500/root"));
        Files.createSymbolicLink(proc.resolve("4500/root/tmp"), hostTmp); // the container shares our /tmp
        List<Namespaces.ContainerJvm> containers = namespaces.containerJvms();

        assertThat(containers).singleElement().satisfies(c -> assertThat(c.hostPid()).isEqualTo(4500));
        assertThat(namespaces.isContainerJvmSharingOurTmp(1, containers)).isTrue();
        assertThat(namespaces.isContainerJvmSharingOurTmp(4300, containers)).isFalse();
        assertThat(shared).exists();
    }

    @Test
    void otherMountNamespaceComparesTheNsLinks() throws IOException {
        process("4600", "4600", "pid:[100]", "mnt:[200]");
        process("4601", "4601\t1", "pid:[104]", "mnt:[204]");

        assertThat(namespaces.otherMountNamespace(4600)).isFalse();
        assertThat(namespaces.otherMountNamespace(4601)).isTrue();
        assertThat(namespaces.otherMountNamespace(9999)).as("unreadable counts as the same").isFalse();
    }

    @Test
    void otherNetworkNamespaceComparesTheNetLinks() throws IOException {
        process("4650", "4650\t1", "pid:[108]", "mnt:[208]");
        Files.createSymbolicLink(proc.resolve("self/ns/net"), Path.of("net:[300]"));
        Files.createSymbolicLink(proc.resolve("4650/ns/net"), Path.of("net:[301]"));
        process("4651", "4651\t1", "pid:[109]", "mnt:[209]");
        Files.createSymbolicLink(proc.resolve("4651/ns/net"), Path.of("net:[300]"));

        assertThat(namespaces.otherNetworkNamespace(4650)).isTrue();
        assertThat(namespaces.otherNetworkNamespace(4651)).isFalse();
    }

    @Test
    void aFileUnderTheTargetsRootIsNamedAsTheTargetSeesIt() {
        Path copy = proc.resolve("4242/root/tmp/poolscope-probe-123.jar");

        assertThat(namespaces.pathInside(4242, copy)).isEqualTo("/tmp/poolscope-probe-123.jar");
        assertThatThrownBy(() -> namespaces.pathInside(4242, dir.resolve("elsewhere.jar")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOwnerIsTheEffectiveUidAndGid() throws IOException {
        process("4700", "4700\t1", "pid:[105]", "mnt:[205]");
        Files.writeString(proc.resolve("4700/status"), "Name:\tjava\nUid:\t1000\t1001\t1001\t1001\nGid:\t50\t51\t51\t51\nNSpid:\t4700\t1\n");

        assertThat(namespaces.owner(4700)).containsExactly(1001, 51);
    }

    @Test
    void theRunAsHintNamesTheTargetsUid() throws IOException {
        process("4710", "4710", "pid:[100]", "mnt:[200]");
        Files.writeString(proc.resolve("4710/status"), "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nGid:\t50\t50\t50\t50\n");

        assertThat(namespaces.runAsHint(4710)).startsWith(": it runs as ").contains("uid 1000").contains("sudo -u ");
        assertThat(namespaces.runAsHint(9999)).isEmpty();
    }

    @Test
    void theProbeJarIsCopiedIntoAContainersOwnTmpAndRemovedAfterwards() throws Exception {
        process("4800", "4800\t1", "pid:[106]", "mnt:[206]");
        Files.createDirectories(proc.resolve("4800/root/tmp"));
        Path jar = Files.writeString(dir.resolve("poolscope-probe.jar"), "jar bytes");

        ProbeJarPlacement.Placed placed = new ProbeJarPlacement(namespaces).place(4800, jar);

        assertThat(placed.pathForTarget()).startsWith("/tmp/poolscope-probe-").endsWith(".jar");
        assertThat(placed.copy()).hasContent("jar bytes").isReadable();
        assertThat(namespaces.pathInside(4800, placed.copy())).isEqualTo(placed.pathForTarget());
        placed.removeCopy();
        assertThat(placed.copy()).doesNotExist();
    }

    @Test
    void aJvmThatSeesOurFilesGetsTheJarPathAsIsAndNoCopy() throws Exception {
        process("4900", "4900", "pid:[100]", "mnt:[200]");
        Path jar = Files.writeString(dir.resolve("poolscope-probe.jar"), "jar bytes");

        ProbeJarPlacement.Placed placed = new ProbeJarPlacement(namespaces).place(4900, jar);

        assertThat(placed.pathForTarget()).isEqualTo(jar.toString());
        assertThat(placed.copy()).isNull();
    }

    @Test
    void aContainerWithNowhereToCopyToIsRefusedWithWhatToDo() throws Exception {
        process("5000", "5000\t1", "pid:[107]", "mnt:[207]");
        Files.writeString(proc.resolve("5000/status"), "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nGid:\t50\t50\t50\t50\nNSpid:\t5000\t1\n");
        Path jar = Files.writeString(dir.resolve("poolscope-probe.jar"), "jar bytes");

        assertThatThrownBy(() -> new ProbeJarPlacement(namespaces).place(5000, jar))
                .isInstanceOf(ProbeJarPlacement.NotPlaced.class)
                .hasMessageContaining("pid 5000 runs in another mount namespace")
                .hasMessageContaining("/tmp (").hasMessageContaining("/dev/shm (")
                .hasMessageContaining("Run PoolScope as root or as the target's user (uid 1000)");
    }

    private void process(String name, String nsPids, String pidNs, String mntNs) throws IOException {
        Path p = proc.resolve(name);
        Files.createDirectories(p.resolve("ns"));
        Files.writeString(p.resolve("status"), "Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNSpid:\t" + nsPids + "\n");
        Files.createSymbolicLink(p.resolve("ns/pid"), Path.of(pidNs));
        Files.createSymbolicLink(p.resolve("ns/mnt"), Path.of(mntNs));
    }

    private static Path perfData(Path tmp, String pid) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("hsperfdata_root"));
        return Files.writeString(d.resolve(pid), "perf");
    }
}
