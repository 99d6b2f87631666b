package dev.poolscope.ui.live;

import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.ui.Durations;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
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
    private final HBox settings = new HBox(12);
    private final Label borrow = new Label();

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
        borrow.getStyleClass().add("muted");
        getChildren().setAll(title, counts, bar, settings, borrow);
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
        settings.getChildren().setAll(settingLabels(p.config()));
        borrow.setText(borrowText(p.borrow(), p.instrumented()));
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

    private static List<Label> settingLabels(PoolConfig c) {
        List<Label> labels = new ArrayList<>();
        if (c == null) {
            return labels;
        }
        String idleTimeout = Durations.setting(c.idleTimeoutMillis());
        if (c.idleTimeoutMillis() != null && c.idleTimeoutMillis() > 0 && !Gauges.idleTimeoutApplies(c)) {
            idleTimeout += " (inactive)";
        }
        labels.add(setting("idleTimeout", idleTimeout, IDLE_TIMEOUT_HELP));
        labels.add(setting("maxLifetime", Durations.setting(c.maxLifetimeMillis()), MAX_LIFETIME_HELP));
        labels.add(setting("keepalive", c.keepaliveTimeMillis() == null ? "n/a" : Durations.setting(c.keepaliveTimeMillis()),
                KEEPALIVE_HELP));
        if (c.minimumIdle() != null) {
            labels.add(setting("minIdle", Integer.toString(c.minimumIdle()),
                    "minimumIdle: the pool tops up idle connections to this number."));
        }
        return labels;
    }

    private static Label setting(String key, String value, String help) {
        Label l = new Label(key + " " + value);
        l.getStyleClass().add("setting");
        Tooltip tip = new Tooltip(help);
        tip.setWrapText(true);
        tip.setMaxWidth(360);
        tip.setShowDelay(Duration.millis(250));
        l.setTooltip(tip);
        return l;
    }

    static String borrowText(BorrowStats b, boolean instrumented) {
        if (!instrumented || b == null) {
            return "Borrow times: not observed (needs the probe's borrow hook).";
        }
        if (b.count() == 0) {
            return "No borrows observed yet · " + b.timeouts() + " timeouts";
        }
        return String.format(Locale.ROOT, "%,d borrows · wait p50 %s · p99 %s · max %s · %d timeouts",
                b.count(), millis(b.p50Millis()), millis(b.p99Millis()), millis(b.maxMillis()), b.timeouts());
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
