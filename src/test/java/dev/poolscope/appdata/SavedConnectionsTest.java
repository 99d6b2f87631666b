package dev.poolscope.appdata;

import dev.poolscope.attach.RemoteTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SavedConnectionsTest {

    private static final String PASSWORD = "hunter2-Sup3rSecret";

    @TempDir
    Path dir;

    @Test
    void connectionsSurviveSaveAndLoadInOrder() throws Exception {
        SavedConnections store = new SavedConnections(dir.resolve("connections.properties"));
        List<SavedConnection> saved = List.of(
                new SavedConnection("orders prod", "service:jmx:rmi:///jndi/rmi://orders-1:9010/jmxrmi", "ops", true),
                new SavedConnection(null, "billing-2:9011", null, false),
                new SavedConnection("ünïcode = name", "10.0.0.7:9010", "ana", false));

        store.save(saved);

        assertThat(new SavedConnections(dir.resolve("connections.properties")).load()).containsExactlyElementsOf(saved);
        assertThat(saved.get(1).name()).isEqualTo("billing-2:9011");
    }

    @Test
    void noPasswordReachesTheDisk() throws Exception {
        // The way the UI saves: from the target it just connected to, which carries the password.
        RemoteTarget target = new RemoteTarget("orders-1:9010", "ops", PASSWORD.toCharArray(), true);
        SavedConnections store = new SavedConnections(dir.resolve("connections.properties"));

        store.saveOrReplace(SavedConnection.of("orders", target));
        store.saveOrReplace(SavedConnection.of("orders again", target));

        assertThat(target.password()).isEqualTo(PASSWORD.toCharArray());
        assertThat(dir.resolve("connections.properties")).exists();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file.toString()).doesNotContain(PASSWORD).doesNotContainIgnoringCase("password=");
            }
        }
        assertThat(store.load()).extracting(SavedConnection::username).containsExactly("ops", "ops");
    }

    @Test
    void anAddressWithAPasswordInItIsRefused() {
        assertThatThrownBy(() -> new SavedConnection("x", "service:jmx:rmi://ops:" + PASSWORD + "@orders-1:9010/jmxrmi", "ops", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password field")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> new SavedConnection("x", "orders-1:9010?password=" + PASSWORD, null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSavedConnectionBecomesATargetWithTheFreshlyTypedPassword() {
        SavedConnection saved = new SavedConnection("orders", "orders-1:9010", "ops", true);

        RemoteTarget target = saved.toTarget("typed-now".toCharArray());

        assertThat(target.address()).isEqualTo("orders-1:9010");
        assertThat(target.username()).isEqualTo("ops");
        assertThat(target.ssl()).isTrue();
        assertThat(target.password()).isEqualTo("typed-now".toCharArray());
    }

    @Test
    void saveOrReplaceReplacesByNameAndRemoveDeletes() throws Exception {
        SavedConnections store = new SavedConnections(dir.resolve("connections.properties"));
        store.saveOrReplace(new SavedConnection("a", "a:1", null, false));
        store.saveOrReplace(new SavedConnection("b", "b:1", null, false));
        store.saveOrReplace(new SavedConnection("a", "a:2", "ops", true));

        assertThat(store.load()).extracting(SavedConnection::address).containsExactly("b:1", "a:2");
        assertThat(store.remove("b")).extracting(SavedConnection::name).containsExactly("a");
        assertThat(store.load()).extracting(SavedConnection::name).containsExactly("a");
    }

    @Test
    void aMissingOrCorruptedFileReadsAsNoConnections() throws Exception {
        Path file = dir.resolve("connections.properties");
        assertThat(new SavedConnections(file).load()).isEmpty();

        Files.writeString(file, "connection.1.address=\\uXYZW\n");
        assertThat(new SavedConnections(file).load()).isEmpty();
    }
}
