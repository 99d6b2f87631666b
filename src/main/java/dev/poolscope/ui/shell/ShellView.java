package dev.poolscope.ui.shell;

import dev.poolscope.ui.Screen;
import dev.poolscope.ui.live.LiveState;
import dev.poolscope.ui.live.LiveView;
import dev.poolscope.ui.live.LiveViewModel;
import dev.poolscope.ui.start.StartView;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Circle;
import org.controlsfx.control.StatusBar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The window's frame: navigation (Attach, Live, and the extra screens the app wires in), the
 * current page, and a status bar saying what is connected and how fresh the data is.
 */
public final class ShellView extends BorderPane {

    private final ShellViewModel viewModel;
    private final StackPane content = new StackPane();
    private final StartView startView;
    private final Map<Integer, Node> extraViews = new HashMap<>();
    private LiveView liveView;

    public ShellView(ShellViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("shell");
        startView = new StartView(viewModel.start());
        setTop(navigation());
        setCenter(content);
        setBottom(statusBar());
        viewModel.liveProperty().addListener((obs, old, vm) -> {
            if (liveView != null) {
                liveView.dispose();
            }
            liveView = vm == null ? null : new LiveView(vm, viewModel.services().livePanels(),
                    viewModel.connection(), viewModel::reconnect, viewModel::disconnect, viewModel.liveLayout());
            showPage();
        });
        viewModel.pageProperty().addListener((obs, old, page) -> showPage());
        showPage();
    }

    private Node navigation() {
        Label brand = new Label("PoolScope");
        brand.getStyleClass().add("brand");
        var logo = ShellView.class.getResource("/dev/poolscope/ui/icon-24.png");
        if (logo != null) {
            brand.setGraphic(new javafx.scene.image.ImageView(logo.toExternalForm()));
            brand.setGraphicTextGap(8);
        }
        ToggleGroup group = new ToggleGroup();
        List<ToggleButton> buttons = new ArrayList<>();
        buttons.add(navButton("Attach", ShellViewModel.START, group));
        ToggleButton live = navButton("Live", ShellViewModel.LIVE, group);
        live.disableProperty().bind(viewModel.liveProperty().isNull());
        buttons.add(live);
        List<Screen> screens = viewModel.services().screens();
        for (int i = 0; i < screens.size(); i++) {
            buttons.add(navButton(screens.get(i).title(), new ShellViewModel.Extra(i), group));
        }
        // Keep the toggles in step with the page, and never let a click un-select the current one.
        viewModel.pageProperty().addListener((obs, old, page) -> selectFor(group, page));
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null && old != null) {
                old.setSelected(true);
            }
        });
        selectFor(group, viewModel.pageProperty().get());
        HBox nav = new HBox(4);
        nav.getChildren().addAll(buttons);
        nav.getStyleClass().add("nav-buttons");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(24, brand, nav, grow);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("top-bar");
        return bar;
    }

    private ToggleButton navButton(String title, ShellViewModel.Page page, ToggleGroup group) {
        ToggleButton b = new ToggleButton(title);
        b.setId("nav-" + title.toLowerCase(java.util.Locale.ROOT));
        b.getStyleClass().add("nav-button");
        b.setToggleGroup(group);
        b.setUserData(page);
        b.setOnAction(e -> viewModel.pageProperty().set(page));
        return b;
    }

    private static void selectFor(ToggleGroup group, ShellViewModel.Page page) {
        group.getToggles().stream().filter(t -> page.equals(t.getUserData())).findFirst()
                .ifPresent(t -> t.setSelected(true));
    }

    private Node statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        bar.textProperty().bind(viewModel.statusProperty());
        Circle dot = new Circle(5);
        dot.getStyleClass().add("status-dot");
        Runnable paint = () -> {
            dot.getStyleClass().removeIf(c -> c.startsWith("dot-"));
            LiveViewModel vm = viewModel.liveProperty().get();
            LiveState state = vm == null ? null : vm.stateProperty().get();
            dot.getStyleClass().add(state == null ? "dot-none" : "dot-" + state.name().toLowerCase(java.util.Locale.ROOT));
        };
        viewModel.liveProperty().addListener((obs, old, vm) -> {
            if (vm != null) {
                vm.stateProperty().addListener((o, a, b) -> paint.run());
            }
            paint.run();
        });
        paint.run();
        bar.setGraphic(dot);
        Label reconnectError = new Label();
        reconnectError.getStyleClass().add("inline-error");
        reconnectError.textProperty().bind(viewModel.reconnectErrorProperty());
        reconnectError.visibleProperty().bind(Bindings.isNotNull(viewModel.reconnectErrorProperty()));
        bar.getRightItems().add(reconnectError);
        return bar;
    }

    private void showPage() {
        ShellViewModel.Page page = viewModel.pageProperty().get();
        Node node;
        if (page instanceof ShellViewModel.Live && liveView != null) {
            node = liveView;
        } else if (page instanceof ShellViewModel.Extra extra) {
            node = extraViews.computeIfAbsent(extra.index(),
                    i -> viewModel.services().screens().get(i).view().get());
        } else {
            node = startView;
        }
        content.getChildren().setAll(node);
    }
}
