package dev.lifeline.mgmt.controller;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigError;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.LineConfig;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.it.TestGateway;
import dev.lifeline.survival.Mode;
import dev.lifeline.survival.ModeListener;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in gateway for link tests: records what the link asks of it. */
final class StubGateway implements GatewayControl {
    final BoardProfile board;
    volatile SiteConfig running;
    volatile Mode mode = Mode.NORMAL;
    volatile List<ConfigError> failApplyWith = List.of();
    final List<SiteConfig> applied = new CopyOnWriteArrayList<>();
    final List<String> forced = new CopyOnWriteArrayList<>();
    final List<ModeListener> listeners = new CopyOnWriteArrayList<>();
    final AtomicInteger exitStatus = new AtomicInteger(-1);
    final CountDownLatch exited = new CountDownLatch(1);
    final AtomicInteger flushes = new AtomicInteger();

    StubGateway(SiteConfig running, BoardProfile board) {
        this.running = running;
        this.board = board;
    }

    /** The demo site with {@code extra} YAML appended (a controller section, usually). */
    static StubGateway demo(String extra) throws Exception {
        BoardProfile board = simBoard();
        return new StubGateway(ConfigLoader.loadSite(demoText() + extra, "demo.yaml", board), board);
    }

    static BoardProfile simBoard() throws Exception {
        return ConfigLoader.loadBoard(TestGateway.HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
    }

    static String demoText() throws Exception {
        return Files.readString(TestGateway.HOME.resolve("site-configs/demo.yaml"));
    }

    static String demoTextUnchecked() {
        try {
            return demoText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public SiteConfig running() { return running; }
    @Override public BoardProfile board() { return board; }
    @Override public String software() { return "test"; }
    @Override public long uptimeSeconds() { return 1; }

    @Override
    public Snapshot snapshot() {
        List<PortState> ports = new ArrayList<>();
        for (LineConfig l : running.lines().values()) ports.add(new PortState(l.port(), "fxs", l.extension(), "idle", true));
        return new Snapshot(mode, 0, 0, ports);
    }

    @Override
    public ApplyResult apply(SiteConfig next) {
        if (!failApplyWith.isEmpty()) return new ApplyResult(failApplyWith, List.of());
        running = next;
        applied.add(next);
        return new ApplyResult(List.of(), List.of());
    }

    @Override
    public void forceMode(String m) {
        forced.add(m);
        Mode from = mode;
        mode = switch (m) {
            case "survival" -> Mode.SURVIVAL;
            case "normal", "auto" -> Mode.NORMAL;
            default -> throw new IllegalArgumentException(m);
        };
        if (from != mode) listeners.forEach(l -> l.onModeChanged(from, mode, "forced"));
    }

    @Override public void addModeListener(ModeListener l) { listeners.add(l); }
    @Override public void flushCdrs() { flushes.incrementAndGet(); }

    @Override
    public void exit(int status) {
        exitStatus.set(status);
        exited.countDown();
    }
}
