package dev.poolscope.ui.live;

import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.ui.Durations;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One pool's summary: active / idle / total / waiting against maximumPoolSize, a bar of the
 * same, the settings that decide when connections are retired, and borrow times.
 */
final class PoolCard extends VBox {

    static final String IDLE_TIMEOUT_HELP = "idleTimeout: HikariCP closes a connection that has been idle "
            + "this long, but only while the pool holds more than minimumIdle connections "
            + "(it never applies when minimumIdle equals maximumPoolSize).";
    static final String MAX_LIFETIME_HELP = "maxLifetime: every connection is closed and replaced at this age, "
            + "when it is next idle. Set it a few seconds below any idle cut-off of the database, "
            + "firewall or load balancer in between.";
    static final String KEEPALIVE_HELP = "keepaliveTime: how often HikariCP tests an idle connection "
            + "(with isValid or connectionTestQuery) to keep it from being dropped by a firewall or NAT; "
            + "off when 0. From HikariCP 4.0.0.";

    private final PoolItem item;
    private final Label name = new Label();
    private final Label version = new Label();
    private final Label active = number();
    private final Label idle = number();
    private final Label total = number();
    private final Label waiting = number();
    private final Region activeBar = new Region();
    private final Region idleBar = new Region();
    private final HBox bar = new HBox();
    private final GridPane settings = new GridPane();
    private final GridPane borrow = new GridPane();

    PoolCard(PoolItem item) {
        this.item = item;
        getStyleClass().addAll("card", "pool-card");
        setSpacing(8);
        name.getStyleClass().add("pool-name");
        version.getStyleClass().add("muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox title = new HBox(8, name, grow, version);
        title.setAlignment(Pos.BASELINE_LEFT);

        HBox counts = new HBox(18, count(active, "active"), count(idle, "idle"), count(total, "total"),
                count(waiting, "waiting"));

        activeBar.getStyleClass().add("bar-active");
        idleBar.getStyleClass().add("bar-idle");
        bar.getStyleClass().add("pool-bar");
        bar.getChildren().setAll(activeBar, idleBar);
        bar.setMinHeight(8);
        bar.setPrefHeight(8);
        bar.setMaxHeight(8);

        settings.getStyleClass().add("pool-settings");
        settings.setHgap(10);
        settings.setVgap(3);
        borrow.getStyleClass().add("pool-settings");
        borrow.setHgap(10);
        borrow.setVgap(3);
        VBox left = new VBox(8, title, counts, bar);
        left.setMinWidth(300);
        left.setPrefWidth(320);
        HBox.setHgrow(left, Priority.ALWAYS);
        VBox settingsBox = new VBox(4, caption("Settings"), settings);
        VBox borrowBox = new VBox(4, caption("Borrowing"), borrow);
        settingsBox.setMinWidth(Region.USE_PREF_SIZE);
        borrowBox.setMinWidth(Region.USE_PREF_SIZE);
        HBox columns = new HBox(28, left, settingsBox, borrowBox);
        getChildren().setAll(columns);
        item.snapshotProperty().addListener((obs, old, snapshot) -> show(snapshot));
        bar.widthProperty().addListener((obs, old, w) -> layoutBar(item.snapshot()));
        show(item.snapshot());
    }

    PoolItem item() {
        return item;
    }

    private void show(PoolSnapshot p) {
        name.setText(p.name());
        version.setText(p.kind() + (p.version() == null ? "" : " " + p.version()));
        Integer max = p.config() == null ? null : p.config().maximumPoolSize();
        active.setText(Integer.toString(p.active()));
        idle.setText(Integer.toString(p.idle()));
        total.setText(p.total() + (max == null ? "" : " / " + max));
        waiting.setText(Integer.toString(p.pending()));
        waiting.getStyleClass().remove("warn");
        if (p.pending() > 0) {
            waiting.getStyleClass().add("warn");
        }
        layoutBar(p);
        fill(settings, settingRows(p.config()));
        fill(borrow, borrowRows(p.borrow(), p.instrumented()));
    }

    private void layoutBar(PoolSnapshot p) {
        Integer max = p.config() == null ? null : p.config().maximumPoolSize();
        double capacity = Math.max(1, max == null ? p.total() : Math.max(max, p.total()));
        double w = bar.getWidth();
        activeBar.setPrefWidth(w * p.active() / capacity);
        idleBar.setPrefWidth(w * p.idle() / capacity);
        activeBar.setMinWidth(Region.USE_PREF_SIZE);
        idleBar.setMinWidth(Region.USE_PREF_SIZE);
    }

    /** A key, its value, and (optionally) what it means. */
    record Row(String key, String value, String help) {
    }

    private static void fill(GridPane grid, List<Row> rows) {
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
            grid.addRow(i, key, value);
        }
    }

    static List<Row> settingRows(PoolConfig c) {
        List<Row> rows = new ArrayList<>();
        if (c == null) {
            return rows;
        }
        String idleTimeout = Durations.setting(c.idleTimeoutMillis());
        if (c.idleTimeoutMillis() != null && c.idleTimeoutMillis() > 0 && !Gauges.idleTimeoutApplies(c)) {
            idleTimeout += " (inactive: minimumIdle = max)";
        }
        rows.add(new Row("idleTimeout", idleTimeout, IDLE_TIMEOUT_HELP));
        rows.add(new Row("maxLifetime", Durations.setting(c.maxLifetimeMillis()), MAX_LIFETIME_HELP));
        rows.add(new Row("keepaliveTime", c.keepaliveTimeMillis() == null ? "n/a (before 4.0)"
                : Durations.setting(c.keepaliveTimeMillis()), KEEPALIVE_HELP));
        rows.add(new Row("minimumIdle", c.minimumIdle() == null ? "–" : Integer.toString(c.minimumIdle()),
                "minimumIdle: the pool tops idle connections up to this number."));
        return rows;
    }

    static List<Row> borrowRows(BorrowStats b, boolean instrumented) {
        if (!instrumented || b == null) {
            return List.of(new Row("wait times", "not observed",
                    "Needs the probe's borrow hook, which observes getConnection."),
                    new Row("waiting now", b == null ? "–" : Integer.toString(b.waiting()), null));
        }
        return List.of(
                new Row("borrows", String.format(Locale.ROOT, "%,d", b.count()), "getConnection calls since the probe was loaded."),
                new Row("wait p50 / p99", millis(b.p50Millis()) + " / " + millis(b.p99Millis()),
                        "How long getConnection waited for a connection."),
                new Row("wait max", millis(b.maxMillis()), null),
                new Row("timeouts", Long.toString(b.timeouts()),
                        "getConnection calls that gave up after connectionTimeout (SQLTransientConnectionException)."));
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
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : Durations.elapsed(Math.round(ms));
    }

    private static Label number() {
        Label l = new Label();
        l.getStyleClass().add("count-value");
        return l;
    }

    private static VBox count(Label value, String caption) {
        Label c = new Label(caption);
        c.getStyleClass().add("count-caption");
        VBox box = new VBox(0, value, c);
        value.setId(null);
        box.getStyleClass().add("count-" + caption);
        return box;
    }
}
