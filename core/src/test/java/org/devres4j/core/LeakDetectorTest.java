package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The Cleaner-based leak detector: objects dropped without their last put are reported with where they
 * were allocated (and, in debug mode, their last touches); closed ones never are. The GC-driven tests
 * loop System.gc() with a bounded wait and fail saying what they waited for.
 */
@Timeout(120)
class LeakDetectorTest {

    private QuietLogger quiet;

    @BeforeEach
    void silenceTheReportsThisTestProvokes() {
        quiet = QuietLogger.silence("org.devres4j.leak"); // the listeners below assert every report
    }

    @AfterEach
    void restoreTheLog() {
        quiet.close();
    }

    /** A stand-in for a native context: holds its tracker, closes it at its last put. */
    static final class Context {
        final LeakDetector.Tracker tracker;

        Context(LeakDetector detector, String name) {
            this.tracker = detector.track(this, name);
        }
    }

    /** Runs the collector until {@code queue} has an element, for at most 30 s. */
    private static LeakDetector.Leak awaitLeak(BlockingQueue<LeakDetector.Leak> queue, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            System.gc();
            LeakDetector.Leak leak = queue.poll(50, TimeUnit.MILLISECONDS);
            if (leak != null) {
                return leak;
            }
        }
        return fail("no leak report for " + what + " after 30 s of System.gc(): the Cleaner never saw it unreachable");
    }

    private static void leakOne(LeakDetector detector, String name, int touches) {
        Context c = new Context(detector, name);
        for (int i = 1; i <= touches; i++) {
            c.tracker.touch("handed to holder " + i);
        }
        // c goes out of scope here without c.tracker.close()
    }

    @Test
    void anObjectDroppedWithoutItsLastPutIsReportedWithItsAllocationSiteAndLastTouches() throws Exception {
        LeakDetector detector = LeakDetector.create("gpu context", LeakDetector.Mode.DEBUG);
        BlockingQueue<LeakDetector.Leak> leaks = new LinkedBlockingQueue<>();
        try (AutoCloseable l = detector.addListener(leaks::add)) {
            leakOne(detector, "ctx-1", 2);
            LeakDetector.Leak leak = awaitLeak(leaks, "ctx-1");
            assertThat(leak.resourceType()).isEqualTo("gpu context");
            assertThat(leak.name()).isEqualTo("ctx-1");
            assertThat(leak.allocatedAt().lines().findFirst()).hasValueSatisfying(
                    first -> assertThat(first).startsWith("at ").contains("org.devres4j.core.LeakDetectorTest$Context.<init>"));
            assertThat(leak.allocatedAt()).contains("LeakDetectorTest.leakOne");
            assertThat(leak.touches()).extracting(LeakDetector.Touch::hint)
                    .containsExactly("handed to holder 1", "handed to holder 2");
            assertThat(leak.touches().get(0).at().lines().findFirst())
                    .hasValueSatisfying(first -> assertThat(first).contains("LeakDetectorTest.leakOne"));
            assertThat(leak.toString())
                    .startsWith("LEAK: gpu context 'ctx-1' became unreachable without its last put or close — what it held was never released.\n  allocated at:\n    at ")
                    .contains("last touches, newest first (2 kept, 0 older dropped):\n  #2 handed to holder 2 on thread '");
            assertThat(detector.leaksReported()).isEqualTo(1);
            assertThat(detector.openTrackers()).isEmpty();
        }
    }

    @Test
    void aClosedObjectIsNeverReported() throws Exception {
        LeakDetector detector = LeakDetector.create("port client", LeakDetector.Mode.DEBUG);
        BlockingQueue<LeakDetector.Leak> leaks = new LinkedBlockingQueue<>();
        try (AutoCloseable l = detector.addListener(leaks::add)) {
            closeOne(detector);
            leakOne(detector, "canary", 0); // reported once the collector ran far enough to see both
            assertThat(awaitLeak(leaks, "the canary").name()).isEqualTo("canary");
            System.gc();
            assertThat(leaks.poll(200, TimeUnit.MILLISECONDS)).as("a closed object was reported").isNull();
            assertThat(detector.leaksReported()).isEqualTo(1);
        }
    }

    private static void closeOne(LeakDetector detector) {
        Context c = new Context(detector, "closed");
        assertThat(c.tracker.isOpen()).isTrue();
        c.tracker.close();
        c.tracker.close(); // a second close does nothing more
        assertThat(c.tracker.isOpen()).isFalse();
    }

    @Test
    void sampledModeRecordsTheAllocationSiteAndSaysHowToGetTheTouches() throws Exception {
        LeakDetector detector = LeakDetector.create("serial handle", LeakDetector.Mode.SAMPLED, 1);
        BlockingQueue<LeakDetector.Leak> leaks = new LinkedBlockingQueue<>();
        try (AutoCloseable l = detector.addListener(leaks::add)) {
            leakOne(detector, "ttyUSB9", 3);
            LeakDetector.Leak leak = awaitLeak(leaks, "ttyUSB9");
            assertThat(leak.debug()).isFalse();
            assertThat(leak.touches()).isEmpty();
            assertThat(leak.allocatedAt()).contains("LeakDetectorTest.leakOne");
            assertThat(leak.toString()).endsWith(
                    "(run with -Ddevres4j.leakDetection=debug to track every object and the touches that last held it)");
        }
    }

    @Test
    void sampledModeTracksAboutOneObjectInTheInterval() {
        LeakDetector detector = LeakDetector.create("sampled", LeakDetector.Mode.SAMPLED, 4);
        List<LeakDetector.Tracker> trackers = new ArrayList<>();
        List<Object> keep = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            Object o = new Object();
            keep.add(o);
            trackers.add(detector.track(o, "o" + i));
        }
        long tracked = trackers.stream().filter(LeakDetector.Tracker::isOpen).count();
        // binomial(4000, 1/4): mean 1000, standard deviation 27; ±300 is more than 10 deviations
        assertThat(tracked).isBetween(700L, 1300L);
        assertThat(detector.openTrackers()).hasSize((int) tracked);
        trackers.forEach(LeakDetector.Tracker::close);
        assertThat(detector.openTrackers()).isEmpty();
        assertThat(keep).hasSize(4000);
    }

    @Test
    void disabledModeTracksNothing() {
        LeakDetector detector = LeakDetector.create("off", LeakDetector.Mode.DISABLED);
        Object o = new Object();
        assertThat(detector.track(o, "x")).isSameAs(LeakDetector.Tracker.NONE);
        RefCount rc = RefCount.create("rc", () -> { });
        assertThat(detector.track(rc)).isSameAs(rc);
        assertThat(detector.openTrackers()).isEmpty();
    }

    @Test
    void aTrackedRefCountRecordsGetsAndPutsAndItsLastPutClosesTheTracker() {
        LeakDetector detector = LeakDetector.create("drm device", LeakDetector.Mode.DEBUG);
        int[] released = new int[1];
        RefCount rc = detector.track(RefCount.create("card0", () -> released[0]++));
        rc.get();
        assertThat(rc.tryGet()).isTrue();
        assertThat(detector.openTrackers()).singleElement().satisfies(open -> {
            assertThat(open.name()).isEqualTo("card0");
            assertThat(open.touches()).extracting(LeakDetector.Touch::hint).containsExactly("get", "get");
        });
        rc.put();
        rc.put();
        assertThat(rc.put()).isTrue();
        assertThat(released[0]).isEqualTo(1);
        assertThat(detector.openTrackers()).isEmpty();
        assertThatThrownBy(rc::put).isInstanceOf(IllegalReferenceCountException.class);
        assertThat(rc.count()).isZero();
        assertThat(rc.name()).isEqualTo("card0");
    }

    @Test
    void aRefCountDroppedWithoutItsLastPutIsReportedWithTheHoldersThatLastHadIt() throws Exception {
        LeakDetector detector = LeakDetector.create("bridge", LeakDetector.Mode.DEBUG);
        BlockingQueue<LeakDetector.Leak> leaks = new LinkedBlockingQueue<>();
        try (AutoCloseable l = detector.addListener(leaks::add)) {
            leakRefCount(detector);
            LeakDetector.Leak leak = awaitLeak(leaks, "panel-bridge");
            assertThat(leak.name()).isEqualTo("panel-bridge");
            assertThat(leak.touches()).extracting(LeakDetector.Touch::hint).containsExactly("get", "get", "put");
            assertThat(leak.touches()).allSatisfy(t -> assertThat(t.at().lines().findFirst())
                    .as("a touch's stack starts at the holder, not inside the tracking classes")
                    .hasValueSatisfying(first -> assertThat(first).contains("LeakDetectorTest.leakRefCount")));
        }
    }

    private static void leakRefCount(LeakDetector detector) {
        RefCount rc = detector.track(RefCount.create("panel-bridge", () -> { }));
        rc.get();
        rc.get();
        rc.put(); // two references are never given back
    }

    @Test
    void touchesAreBoundedAndTheDroppedOnesCounted() {
        LeakDetector detector = LeakDetector.create("busy", LeakDetector.Mode.DEBUG);
        Context c = new Context(detector, "hot");
        for (int i = 1; i <= LeakDetector.MAX_TOUCHES + 4; i++) {
            c.tracker.touch("t" + i);
        }
        LeakDetector.Leak open = detector.openTrackers().get(0);
        assertThat(open.touches()).hasSize(LeakDetector.MAX_TOUCHES);
        assertThat(open.droppedTouches()).isEqualTo(4);
        assertThat(open.touches().get(0).hint()).isEqualTo("t5");
        assertThat(open.toString()).contains("(16 kept, 4 older dropped):\n  #20 t20 on thread");
        assertThat(open.stillOpenReport()).startsWith("LEAK: busy 'hot' is still open without its last put or close at the"
                + " end of its scope.\n  allocated at:\n    at ").contains("#20 t20 on thread");
        c.tracker.close();
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthersAndGlobalListenersSeeEveryDetector() throws Exception {
        LeakDetector detector = LeakDetector.create("listener check", LeakDetector.Mode.DEBUG);
        BlockingQueue<LeakDetector.Leak> global = new LinkedBlockingQueue<>();
        BlockingQueue<LeakDetector.Leak> local = new LinkedBlockingQueue<>();
        try (AutoCloseable bad = detector.addListener(leak -> {
            throw new IllegalStateException("listener bug (expected by this test)");
        }); AutoCloseable good = detector.addListener(local::add);
             AutoCloseable g = LeakDetector.addGlobalListener(leak -> {
                 if (leak.resourceType().equals("listener check")) {
                     global.add(leak);
                 }
             })) {
            leakOne(detector, "watched", 0);
            assertThat(awaitLeak(local, "watched").name()).isEqualTo("watched");
            assertThat(global.poll(30, TimeUnit.SECONDS)).as("the global listener's report").isNotNull();
        }
    }

    @Test
    void badInputIsRefusedWithTheDetectorsName() {
        assertThatThrownBy(() -> LeakDetector.create("x", LeakDetector.Mode.SAMPLED, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("LeakDetector.create 'x' refused: the sampling interval is 0 — it must be at least 1 (1 tracks every object)");
        LeakDetector d = LeakDetector.create("ports", LeakDetector.Mode.DEBUG);
        assertThatThrownBy(() -> d.track(null, "n")).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("track on leak detector 'ports': the object must not be null");
        assertThatThrownBy(() -> d.track(new Object(), null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("track on leak detector 'ports': the name must not be null");
        assertThat(d.openTrackers()).isEmpty();
        assertThat(d).hasToString("LeakDetector 'ports' (debug, 0 open, 0 leaked)");
        assertThat(LeakDetector.create("p", LeakDetector.Mode.SAMPLED).samplingInterval()).isEqualTo(LeakDetector.DEFAULT_SAMPLING_INTERVAL);
    }

    @Test
    void aClientOfAnUnpluggableDroppedWithoutCloseIsReportedWhereItWasOpened() throws Exception {
        LeakDetector detector = LeakDetector.create("serial client", LeakDetector.Mode.DEBUG);
        BlockingQueue<LeakDetector.Leak> leaks = new LinkedBlockingQueue<>();
        Unpluggable<Object> port = Unpluggable.builder("ttyS0", new Object()).leakDetector(detector).build();
        try (AutoCloseable l = detector.addListener(leaks::add)) {
            openAndForget(port);
            Unpluggable.Client kept = port.open();
            LeakDetector.Leak leak = awaitLeak(leaks, "the forgotten client");
            assertThat(leak.name()).isEqualTo("ttyS0 client #1");
            assertThat(leak.allocatedAt().lines().findFirst()).hasValueSatisfying(
                    first -> assertThat(first).contains("org.devres4j.core.LeakDetectorTest.openAndForget"));
            kept.close();
            assertThat(detector.openTrackers()).isEmpty();
        }
        port.unplug();
        assertThat(port.isReleased()).as("the leaked client still holds its reference: the leak is real").isFalse();
    }

    private static void openAndForget(Unpluggable<Object> port) {
        port.open();
    }

    @Test
    void everyLeakIsAFlightRecorderEventWithoutAnyOtherSwitch(@TempDir java.nio.file.Path dir) throws Exception {
        LeakDetector detector = LeakDetector.create("jfr check", LeakDetector.Mode.DEBUG);
        BlockingQueue<LeakDetector.Leak> leaks = new LinkedBlockingQueue<>();
        java.nio.file.Path file = dir.resolve("leaks.jfr");
        try (Recording rec = new Recording(); AutoCloseable l = detector.addListener(leaks::add)) {
            rec.enable("devres4j.Leak");
            rec.start();
            leakOne(detector, "recorded", 1);
            awaitLeak(leaks, "recorded");
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("devres4j.Leak")).toList();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getString("resourceType")).isEqualTo("jfr check");
            assertThat(e.getString("name")).isEqualTo("recorded");
            assertThat(e.getInt("touches")).isEqualTo(1);
            assertThat(e.getString("allocatedAt")).contains("LeakDetectorTest.leakOne");
        });
    }
}
