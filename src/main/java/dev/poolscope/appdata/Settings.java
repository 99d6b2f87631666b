package dev.poolscope.appdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Typed settings in a properties file.
 * <ul>
 * <li>A missing, unreadable or corrupted file gives defaults and a warning ({@link #warnings()}),
 * never an exception; a corrupted file is kept aside as {@code <name>.corrupt} before the next save
 * replaces it. A value that does not parse gives that key's default and a warning.</li>
 * <li>{@link #save()} rereads the file and applies only the keys changed through this object, so
 * keys this version does not know (a newer version, another window, a hand edit) are never lost.</li>
 * <li>Writes are atomic ({@link AtomicFiles}).</li>
 * </ul>
 * Thread-safe: the UI reads on the FX thread while background work may save.
 */
public final class Settings {

    private static final Logger LOG = Logger.getLogger(Settings.class.getName());

    private final Path file;
    private final Map<String, String> values = new LinkedHashMap<>();
    /** Keys set or removed since load; a null value means removed. */
    private final Map<String, String> changes = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private Settings(Path file) {
        this.file = file;
    }

    /** Reads {@code file}; never fails (see class comment). */
    public static Settings load(Path file) {
        Settings settings = new Settings(Objects.requireNonNull(file, "file"));
        synchronized (settings) {
            settings.values.putAll(settings.readFile());
        }
        return settings;
    }

    public Path file() {
        return file;
    }

    public synchronized <T> T get(Key<T> key) {
        String raw = values.get(key.name());
        if (raw == null) {
            return key.defaultValue();
        }
        try {
            return key.parse(raw.trim());
        } catch (RuntimeException e) {
            warn("Setting " + key.name() + " has an invalid value \"" + raw + "\" in " + file
                    + "; using the default " + key.defaultValue());
            return key.defaultValue();
        }
    }

    public synchronized <T> void set(Key<T> key, T value) {
        Objects.requireNonNull(value, "value");
        String raw = key.format(value);
        values.put(key.name(), raw);
        changes.put(key.name(), raw);
    }

    public synchronized void remove(Key<?> key) {
        values.remove(key.name());
        changes.put(key.name(), null);
    }

    /** The raw value of any key, including keys this version does not know. */
    public synchronized Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Problems met while reading, for the UI to show once; each is also logged. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Writes the changes made through this object on top of the file's current content. */
    public synchronized void save() throws IOException {
        Map<String, String> merged = new LinkedHashMap<>(readFile());
        for (Map.Entry<String, String> change : changes.entrySet()) {
            if (change.getValue() == null) {
                merged.remove(change.getKey());
            } else {
                merged.put(change.getKey(), change.getValue());
            }
        }
        AtomicFiles.write(file, encode(merged));
        changes.clear();
        values.clear();
        values.putAll(merged);
    }

    private Map<String, String> readFile() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape, the one thing Properties rejects.
            keepCorruptCopy();
            warn("Could not read " + file + " (" + e.getMessage() + "); using defaults. The old file is kept as "
                    + corruptCopy().getFileName());
            return Map.of();
        }
        Map<String, String> read = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            read.put(name, properties.getProperty(name));
        }
        return read;
    }

    private Path corruptCopy() {
        return file.resolveSibling(file.getFileName() + ".corrupt");
    }

    private void keepCorruptCopy() {
        try {
            Files.copy(file, corruptCopy(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Could not keep a copy of " + file, e);
        }
    }

    private void warn(String message) {
        if (!warnings.contains(message)) {
            warnings.add(message);
            LOG.warning(message);
        }
    }

    private static byte[] encode(Map<String, String> entries) throws IOException {
        Properties sorted = new SortedProperties();
        entries.forEach(sorted::setProperty);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sorted.store(out, "PoolScope settings; unknown keys are kept");
        return out.toByteArray();
    }

    /** Stable key order in the file, so that it diffs well; Properties.store iterates entrySet(). */
    private static final class SortedProperties extends Properties {
        private static final long serialVersionUID = 1L;

        @Override
        public Set<Map.Entry<Object, Object>> entrySet() {
            List<Map.Entry<Object, Object>> entries = new ArrayList<>(super.entrySet());
            entries.sort(Comparator.comparing(e -> e.getKey().toString()));
            return Collections.unmodifiableSet(new LinkedHashSet<>(entries));
        }
    }

    /** A named, typed setting with its default: {@code Key.ofInt("live.pollIntervalMillis", 1000)}. */
    public static final class Key<T> {
        private final String name;
        private final T defaultValue;
        private final Function<String, T> parser;
        private final Function<T, String> formatter;

        private Key(String name, T defaultValue, Function<String, T> parser, Function<T, String> formatter) {
            if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("Setting names are non-empty and without spaces: \"" + name + "\"");
            }
            this.name = name;
            this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
            this.parser = parser;
            this.formatter = formatter;
        }

        public static Key<String> ofString(String name, String defaultValue) {
            return new Key<>(name, defaultValue, Function.identity(), Function.identity());
        }

        public static Key<Integer> ofInt(String name, int defaultValue) {
            return new Key<>(name, defaultValue, Integer::valueOf, String::valueOf);
        }

        public static Key<Long> ofLong(String name, long defaultValue) {
            return new Key<>(name, defaultValue, Long::valueOf, String::valueOf);
        }

        public static Key<Double> ofDouble(String name, double defaultValue) {
            return new Key<>(name, defaultValue, s -> {
                double d = Double.parseDouble(s);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException("not finite: " + s);
                }
                return d;
            }, String::valueOf);
        }

        /** Only "true" and "false" (any case): Boolean.parseBoolean would read a typo as false. */
        public static Key<Boolean> ofBoolean(String name, boolean defaultValue) {
            return new Key<>(name, defaultValue, s -> {
                if (s.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (s.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("not a boolean: " + s);
            }, String::valueOf);
        }

        public static <E extends Enum<E>> Key<E> ofEnum(String name, E defaultValue) {
            Class<E> type = defaultValue.getDeclaringClass();
            return new Key<>(name, defaultValue, s -> Enum.valueOf(type, s), Enum::name);
        }

        public String name() {
            return name;
        }

        public T defaultValue() {
            return defaultValue;
        }

        T parse(String raw) {
            return parser.apply(raw);
        }

        String format(T value) {
            return formatter.apply(value);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
