package dev.poolscope.appdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The list of saved remote connections, in order, in a properties file
 * ({@code connection.<n>.name/address/username/ssl}). Never holds a password (see
 * {@link SavedConnection}). A corrupted file reads as an empty list with a warning. Writes are
 * atomic. Not thread-safe: the UI owns it and saves off the FX thread with a copy of the list.
 */
public final class SavedConnections {

    private static final Logger LOG = Logger.getLogger(SavedConnections.class.getName());
    private static final String PREFIX = "connection.";

    private final Path file;

    public SavedConnections(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The saved connections in the order they were saved; empty if none or unreadable. */
    public List<SavedConnection> load() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning("Could not read the saved connections in " + file + ": " + e.getMessage());
            return List.of();
        }
        List<SavedConnection> result = new ArrayList<>();
        for (int i = 1; properties.containsKey(PREFIX + i + ".address"); i++) {
            String p = PREFIX + i + ".";
            try {
                result.add(new SavedConnection(properties.getProperty(p + "name"), properties.getProperty(p + "address"),
                        properties.getProperty(p + "username"), Boolean.parseBoolean(properties.getProperty(p + "ssl")),
                        properties.getProperty(p + "probeJar")));
            } catch (IllegalArgumentException e) {
                LOG.warning("Skipping saved connection " + i + " in " + file + ": " + e.getMessage());
            }
        }
        return List.copyOf(result);
    }

    /** Replaces the saved list. */
    public void save(List<SavedConnection> connections) throws IOException {
        StringBuilder text = new StringBuilder("# PoolScope saved connections. Passwords are never stored.\n");
        int i = 1;
        for (SavedConnection c : connections) {
            String p = PREFIX + i++ + ".";
            line(text, p + "name", c.name());
            line(text, p + "address", c.address());
            if (c.username() != null) {
                line(text, p + "username", c.username());
            }
            line(text, p + "ssl", Boolean.toString(c.ssl()));
            if (c.probeJar() != null) {
                line(text, p + "probeJar", c.probeJar());
            }
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Adds or replaces (by name) one connection, keeping the others in order. */
    public List<SavedConnection> saveOrReplace(SavedConnection connection) throws IOException {
        List<SavedConnection> list = new ArrayList<>(load());
        list.removeIf(c -> c.name().equals(connection.name()));
        list.add(connection);
        save(list);
        return List.copyOf(list);
    }

    public List<SavedConnection> remove(String name) throws IOException {
        List<SavedConnection> list = new ArrayList<>(load());
        list.removeIf(c -> c.name().equals(name));
        save(list);
        return List.copyOf(list);
    }

    /** One escaped key=value line, via Properties so that any character round-trips. */
    private static void line(StringBuilder text, String key, String value) throws IOException {
        Properties one = new Properties();
        one.setProperty(key, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        one.store(out, null);
        String stored = out.toString(StandardCharsets.ISO_8859_1);
        // store() writes a date comment first; keep only the entry line.
        text.append(stored.substring(stored.indexOf('\n') + 1));
    }
}
