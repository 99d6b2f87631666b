package dev.poolscope.ui.live;

import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.text.Durations;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The selected pool's settings that decide when connections are retired, and its borrow times,
 * each with a tooltip saying what it means.
 */
final class PoolDetails extends HBox {

    private final Label settingsCaption = new Label();
    private final GridPane settings = grid();
    private final GridPane borrow = grid();

    PoolDetails() {
        setId("pool-details");
        getStyleClass().addAll("card", "pool-details");
        setSpacing(24);
        settingsCaption.getStyleClass().add("card-caption");
        VBox settingsBox = new VBox(4, settingsCaption, settings);
        VBox borrowBox = new VBox(4, caption("Borrowing"), borrow);
        settingsBox.setMinWidth(Region.USE_PREF_SIZE);
        borrowBox.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().setAll(settingsBox, borrowBox);
        setMinWidth(Region.USE_PREF_SIZE);
        setMaxWidth(Region.USE_PREF_SIZE);
    }

    void show(PoolSnapshot p) {
        if (p == null) {
            settings.getChildren().clear();
            borrow.getChildren().clear();
            return;
        }
        if (ownTerms(p)) {
            // A DBCP2 or Tomcat pool in HikariCP's words ("keepaliveTime n/a (before 4.0)") would
            // mislead: its own settings, under its own names, as the probe read them.
            settingsCaption.setText(("Settings · " + p.name() + " · " + p.kind() + "'s own names").toUpperCase(Locale.ROOT));
            fill(settings, libraryRows(p.kind(), p.libraryConfig()), ROWS_PER_COLUMN);
        } else {
            settingsCaption.setText(("Settings · " + p.name()).toUpperCase(Locale.ROOT));
            fill(settings, settingRows(p.config(), p.absentReasons(), p.sources()));
        }
        fill(borrow, borrowRows(p.borrow(), p.instrumented(), p.absentReasons(), p.sources()));
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.getStyleClass().add("pool-settings");
        g.setHgap(10);
        g.setVgap(3);
        return g;
    }

    /** A key, its value, and (optionally) what it means. */
    record Row(String key, String value, String help) {
    }

    /** A library's own settings come in columns of this many rows, so they fit the overview strip. */
    static final int ROWS_PER_COLUMN = 6;

    /** Whether the pool's settings are shown in its library's own terms rather than HikariCP's. */
    static boolean ownTerms(PoolSnapshot p) {
        return p.kind() != null && !"HikariCP".equals(p.kind()) && !p.libraryConfig().isEmpty();
    }

    /** The library's settings as the probe read them, in its own names and order. */
    static List<Row> libraryRows(String kind, java.util.Map<String, String> libraryConfig) {
        List<Row> rows = new ArrayList<>();
        libraryConfig.forEach((key, value) -> rows.add(new Row(key, value == null || value.isEmpty() ? "–" : value,
                kind + "'s own setting " + key + ", as the probe read it from the pool.")));
        return rows;
    }

    private static void fill(GridPane grid, List<Row> rows) {
        fill(grid, rows, Integer.MAX_VALUE);
    }

    private static void fill(GridPane grid, List<Row> rows, int perColumn) {
        grid.getChildren().clear();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Label key = new Label(row.key());
            key.getStyleClass().add("setting-key");
            Label value = new Label(row.value());
            value.getStyleClass().add("setting-value");
            if (row.help() != null) {
                Tooltip tip = new Tooltip(row.help());
                tip.setWrapText(true);
                tip.setMaxWidth(360);
                tip.setShowDelay(Duration.millis(250));
                key.setTooltip(tip);
                value.setTooltip(tip);
                key.getStyleClass().add("has-help");
            }
            int column = (i / perColumn) * 2;
            grid.add(key, column, i % perColumn);
            grid.add(value, column + 1, i % perColumn);
            if (column > 0) {
                GridPane.setMargin(key, new javafx.geometry.Insets(0, 0, 0, 14));
            }
        }
    }

    static List<Row> settingRows(PoolConfig c) {
        return settingRows(c, java.util.Map.of());
    }

    /** @param absent why a setting is null in this view (e.g. not exposed by HikariCP's MBeans), by JSON path */
    static List<Row> settingRows(PoolConfig c, java.util.Map<String, String> absent) {
        return settingRows(c, absent, java.util.Map.of());
    }

    /** @param sources where each section comes from when not the probe (issue 16.1), e.g. "config" -> HikariConfigMXBean */
    static List<Row> settingRows(PoolConfig c, java.util.Map<String, String> absent, java.util.Map<String, String> sources) {
        List<Row> rows = new ArrayList<>();
        if (c == null) {
            return rows;
        }
        String idleTimeout = Durations.setting(c.idleTimeoutMillis());
        if (c.idleTimeoutMillis() != null && c.idleTimeoutMillis() > 0 && !Gauges.idleTimeoutApplies(c)) {
            idleTimeout += " (inactive: minimumIdle = max)";
        }
        rows.add(new Row("idleTimeout", idleTimeout, PoolCard.IDLE_TIMEOUT_HELP));
        rows.add(new Row("maxLifetime", Durations.setting(c.maxLifetimeMillis()), PoolCard.MAX_LIFETIME_HELP));
        String keepaliveAbsent = absent.get("config.keepaliveTimeMillis");
        rows.add(new Row("keepaliveTime", c.keepaliveTimeMillis() != null ? Durations.setting(c.keepaliveTimeMillis())
                : keepaliveAbsent != null ? "not shown without the probe" : "n/a (before 4.0)",
                keepaliveAbsent != null ? keepaliveAbsent : PoolCard.KEEPALIVE_HELP));
        rows.add(new Row("minimumIdle", c.minimumIdle() == null ? "–" : Integer.toString(c.minimumIdle()),
                "minimumIdle: the pool tops idle connections up to this number."));
        String configSource = sources.get("config");
        if (configSource != null) {
            rows.add(new Row("read from", firstWord(configSource), "Settings read from " + configSource
                    + ", HikariCP's own MBean (the PoolScope probe is not loaded)."));
        }
        return rows;
    }

    static List<Row> borrowRows(BorrowStats b, boolean instrumented) {
        return borrowRows(b, instrumented, java.util.Map.of(), java.util.Map.of());
    }

    static List<Row> borrowRows(BorrowStats b, boolean instrumented, java.util.Map<String, String> absent,
                                java.util.Map<String, String> sources) {
        if (!instrumented || b == null) {
            String waitingSource = sources.get("borrow.waiting");
            String why = absent.getOrDefault("borrow", b != null && b.notMeasuredReason() != null ? b.notMeasuredReason()
                    : "Needs the probe's borrow hook, which observes getConnection.");
            return List.of(new Row("wait times", "not observed", why),
                    new Row("waiting now", b == null ? "–" : Integer.toString(b.waiting()),
                            waitingSource == null ? null : "Read from " + waitingSource + "."));
        }
        return List.of(
                new Row("borrows", String.format(Locale.ROOT, "%,d", b.count()), "getConnection calls since the probe was loaded."),
                new Row("wait p50 / p99", millis(b.p50Millis()) + " / " + millis(b.p99Millis()),
                        "How long getConnection waited for a connection."),
                new Row("wait max", millis(b.maxMillis()), null),
                new Row("timeouts", Long.toString(b.timeouts()),
                        "getConnection calls that gave up after connectionTimeout (SQLTransientConnectionException)."));
    }

    private static String firstWord(String s) {
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    private static Label caption(String text) {
        Label l = new Label(text.toUpperCase(Locale.ROOT));
        l.getStyleClass().add("card-caption");
        return l;
    }

    private static String millis(Double ms) {
        if (ms == null) {
            return "–";
        }
        if (ms < 0.1) {
            return "<0.1 ms";
        }
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : Durations.elapsed(Math.round(ms));
    }
}
