package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.devres4j.core.Fixtures.Dev;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace events (per-list listener, global trace, JFR) and the leak report. */
class TracingTest {

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void traceOff() {
        Tracing.disable();
        Diagnostics.setCaptureStacks(false);
    }

    private static String line(TraceEvent e) {
        return e.verb() + " " + e.owner() + " #" + e.order() + " " + e.name();
    }

    @Test
    void perListListenerSeesExactSequenceAndOrderNumbers() {
        ResourceList<Dev> list = ResourceList.create(new Dev("d"), "dev0", e -> events.add(line(e)));
        Handle a = list.add("a", o -> { });
        list.add("b", o -> { });
        list.remove(a);
        list.add("c", o -> {
            throw new IOException("boom");
        });
        Handle d = list.add("d", o -> { });
        list.release(d);
        assertThatThrownBy(() -> list.releaseAll("unbind")).isInstanceOf(ReleaseFailedException.class);
        assertThat(events).containsExactly(
                "ADD dev0 #1 a",
                "ADD dev0 #2 b",
                "DEL dev0 #1 a",
                "ADD dev0 #3 c",
                "ADD dev0 #4 d",
                "REL dev0 #4 d",
                "REL dev0 #3 c",
                "FAIL dev0 #3 c",
                "REL dev0 #2 b");
        assertThat(Tracing.isEnabled()).isFalse(); // the per-list listener works with global tracing off
    }

    @Test
    void groupMarkersAndAddOrResetAreTraced() {
        ResourceList<Dev> list = ResourceList.create(new Dev("d"), "dev0", e -> events.add(line(e)));
        Group g = list.openGroup("g");
        list.add("a", o -> { });
        g.close();
        g.release();
        list.releaseAllAndClose("last put");
        assertThatThrownBy(() -> list.addOrReset("late", o -> { })).isInstanceOf(ListClosedException.class);
        assertThat(events).containsExactly(
                "ADD dev0 #1 group g open",
                "ADD dev0 #2 a",
                "ADD dev0 #3 group g close",
                "REL dev0 #3 group g close",
                "REL dev0 #2 a",
                "REL dev0 #1 group g open",
                "REL dev0 #0 late");
        assertThat(list.leakReport().isEmpty()).isTrue();
    }

    @Test
    void traceEventLineHasFixedVerbOwnerOrderName() {
        assertThat(new TraceEvent(TraceEvent.ADD, "card0", "connector", 3, "").toString())
                .isEqualTo("ADD  card0 #3 connector");
        assertThat(new TraceEvent(TraceEvent.REL, "card0", "connector", 3, "unbind").toString())
                .isEqualTo("REL  card0 #3 connector (unbind)");
        assertThat(new TraceEvent("BIND", "card0", "drv", 0, null).detail()).isEmpty();
    }

    @Test
    void globalTraceReachesRegisteredListenersOnlyWhileEnabled() throws Exception {
        ResourceList<Dev> list = ResourceList.create(new Dev("d"), "global-dev");
        try (AutoCloseable reg = Tracing.addListener(e -> {
            if (e.owner().equals("global-dev")) {
                events.add(line(e));
            }
        })) {
            list.add("quiet", o -> { });
            Tracing.enable();
            assertThat(Tracing.isEnabled()).isTrue();
            list.add("loud", o -> { });
            Tracing.emit(new TraceEvent("BIND", "global-dev", "drv", 0, ""));
            list.releaseAll("unbind");
            Tracing.disable();
            list.add("quiet2", o -> { });
            Tracing.emit(new TraceEvent("UNBIND", "global-dev", "drv", 0, ""));
        }
        Tracing.enable();
        list.add("after-unregister", o -> { });
        // numbers go to adds made while someone listens: 'quiet' was added before tracing was on
        assertThat(events).containsExactly(
                "ADD global-dev #1 loud",
                "BIND global-dev #0 drv",
                "REL global-dev #1 loud",
                "REL global-dev #0 quiet");
    }

    @Test
    void aFrontEndsOwnEventReachesEveryGlobalListenerAndHandsTheFirstFailureBack() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException first = new IllegalStateException("first listener broke");
        AssertionError second = new AssertionError("second listener broke");
        try (AutoCloseable a = Tracing.addListener(e -> {
            if (e.verb().equals("BIND")) {
                throw first;
            }
        }); AutoCloseable b = Tracing.addListener(e -> {
            if (e.verb().equals("BIND")) {
                throw second;
            }
        }); AutoCloseable c = Tracing.addListener(e -> heard.add(e.verb()))) {
            Tracing.enable();
            assertThatThrownBy(() -> Tracing.emit(new TraceEvent("BIND", "bus0", "drv", 0, ""))).isSameAs(first)
                    .satisfies(t -> assertThat(t.getSuppressed()).containsExactly(second));
            assertThat(heard).as("the third listener heard it all the same").containsExactly("BIND");
            ResourceList<Dev> list = ResourceList.create(new Dev("d"), "dev0");
            list.add("a", o -> heard.add("ran a"));
            list.releaseAll("unbind");
            assertThat(heard).containsExactly("BIND", "ADD", "REL", "ran a");
        }
    }

    @Test
    void nullListenerIsRefused() {
        assertThatThrownBy(() -> Tracing.addListener(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Tracing.addListener: the listener must not be null");
    }

    /**
     * Issue 13 item 6: devres4j events are recorded whenever a JFR recording enables them — no system
     * property, global tracing off — including for event classes loaded before the recording started.
     */
    @Test
    void jfrRecordingHoldsLifetimeEventsWithoutAnyFlag(@TempDir Path dir) throws Exception {
        assertThat(Tracing.isEnabled()).isFalse();
        ResourceList<Dev> warm = ResourceList.create(new Dev("d"), "jfr-warm"); // the event classes are loaded before the recording
        warm.add("x", o -> { });
        warm.releaseAll("warm-up");
        Path file = dir.resolve("trace.jfr");
        try (Recording rec = new Recording()) {
            rec.enable("devres4j.Lifetime");
            rec.start();
            ResourceList<Dev> list = ResourceList.create(new Dev("d"), "jfr-dev");
            list.add("irq", o -> { });
            Handle h = list.add("mmio", o -> { });
            list.remove(h);
            list.releaseAll("unbind");
            Tracing.emit(new TraceEvent("BIND", "jfr-dev", "drv", 0, "")); // a front-end's own verb
            rec.stop();
            rec.dump(file);
        }
        List<String> seen = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("devres4j.Lifetime") && "jfr-dev".equals(e.getString("owner"))) {
                assertThat(e.getEventType().getCategoryNames()).containsExactly("devres4j");
                seen.add(e.getString("verb") + " " + e.getString("owner") + " #" + e.getInt("order") + " "
                        + e.getString("name") + " " + e.getString("detail"));
            }
        }
        assertThat(seen).containsExactly(
                "ADD jfr-dev #1 irq ",
                "ADD jfr-dev #2 mmio ",
                "DEL jfr-dev #2 mmio ",
                "REL jfr-dev #1 irq unbind",
                "BIND jfr-dev #0 drv ");
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void jfrRecordsReleaseBatchesAndGateShutWaitsAsDurationEvents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("durations.jfr");
        Gate gate = Gate.create("jfr-gate");
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch leave = new java.util.concurrent.CountDownLatch(1);
        try (Recording rec = new Recording()) {
            rec.enable("devres4j.ReleaseBatch").withThreshold(java.time.Duration.ZERO);
            rec.enable("devres4j.GateShut").withThreshold(java.time.Duration.ZERO);
            rec.start();
            ResourceList<Dev> list = ResourceList.create(new Dev("d"), "jfr-batch");
            list.add("a", o -> { });
            list.add("b", o -> {
                throw new IllegalStateException("b failed");
            });
            assertThatThrownBy(() -> list.releaseAll("unbind")).isInstanceOf(ReleaseFailedException.class);
            Thread reader = new Thread(() -> {
                try (Gate.Section s = gate.enter()) {
                    inside.countDown();
                    leave.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "jfr-reader");
            reader.start();
            assertThat(inside.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Thread shutter = new Thread(gate::shut, "jfr-shutter");
            shutter.start();
            while (java.util.concurrent.locks.LockSupport.getBlocker(shutter) != gate) { // the shutter is waiting
                assertThat(shutter.isAlive()).isTrue();
                Thread.sleep(1);
            }
            leave.countDown();
            shutter.join(10_000);
            reader.join(10_000);
            rec.stop();
            rec.dump(file);
        }
        List<String> batches = new ArrayList<>();
        List<String> shuts = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("devres4j.ReleaseBatch") && "jfr-batch".equals(e.getString("owner"))) {
                batches.add(e.getString("reason") + " released=" + e.getInt("released") + " failures=" + e.getInt("failures"));
            }
            if (e.getEventType().getName().equals("devres4j.GateShut") && "jfr-gate".equals(e.getString("gate"))) {
                shuts.add("readersAtStart=" + e.getLong("readersAtStart") + " completed=" + e.getBoolean("completed")
                        + " interrupted=" + e.getBoolean("interrupted"));
                assertThat(e.getDuration()).as("the shutter waited for the reader").isPositive();
            }
        }
        assertThat(batches).containsExactly("unbind released=2 failures=1");
        assertThat(shuts).containsExactly("readersAtStart=1 completed=true interrupted=false");
    }

    @Test
    void leakReportListsWhatIsHeldOldestFirst() {
        ResourceList<Dev> list = ResourceList.create(new Dev("d"), "dev0", e -> { }); // listened to: numbered
        list.add("a", o -> { });
        Handle b = list.add("b", o -> { });
        list.alloc("state", () -> 1);
        list.allocBytes("ring", 8);
        list.remove(b);
        LeakReport r = list.leakReport();
        assertThat(r.ownerName()).isEqualTo("dev0");
        assertThat(r.isEmpty()).isFalse();
        assertThat(r.entries()).extracting(LeakReport.Entry::name).containsExactly("a", "state", "ring");
        assertThat(r.entries()).extracting(LeakReport.Entry::order).containsExactly(1, 3, 4);
        assertThat(r.entries()).extracting(LeakReport.Entry::kind).containsExactly("action", "managed", "buffer");
        assertThat(r.entries()).extracting(LeakReport.Entry::allocatedAt).containsOnlyNulls();
        assertThat(r.toString()).isEqualTo("dev0 still holds 3 resources (oldest first):\n"
                + "  #1 action a\n  #3 managed state\n  #4 buffer ring");
        list.releaseAll("unbind");
        assertThat(list.leakReport().isEmpty()).isTrue();
        assertThat(list.leakReport().toString()).isEqualTo("dev0 holds nothing");
    }

    @Test
    void anUnlistenedListGivesNoRegistrationNumbersAndItsReportPrintsNone() {
        ResourceList<Dev> list = ResourceList.create(new Dev("d"), "dev0");
        list.add("a", o -> { });
        list.alloc("state", () -> 1);
        assertThat(list.leakReport().entries()).extracting(LeakReport.Entry::order).containsExactly(0, 0);
        assertThat(list.leakReport().toString()).isEqualTo("dev0 still holds 2 resources (oldest first):\n"
                + "  action a\n  managed state");
    }

    @Test
    void leakReportCarriesAddSitesWhenStacksAreOn() {
        Diagnostics.setCaptureStacks(true);
        ResourceList<Dev> list = ResourceList.create(new Dev("d"), "dev0");
        list.add("a", o -> { });
        LeakReport r = list.leakReport();
        assertThat(r.entries().get(0).allocatedAt()).contains("TracingTest.leakReportCarriesAddSitesWhenStacksAreOn");
        assertThat(r.toString()).contains("added at at ").contains("leakReportCarriesAddSitesWhenStacksAreOn");
    }

    @Test
    void theLeakReportCountsGroupMarkersApartFromResources() {
        ResourceList<Dev> list = ResourceList.create(new Dev("dev0"), "dev0");
        list.openGroup("g");
        list.add("a", o -> { });
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.leakReport().toString()).startsWith("dev0 still holds 1 resource and 1 group marker (oldest first):");
    }
}
