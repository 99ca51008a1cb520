package org.devres4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.devres4j.core.Handle;
import org.devres4j.core.LeakDetector;
import org.devres4j.core.Managed;
import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension run through the real Jupiter engine (EngineTestKit): which inner tests pass, which
 * fail and with what message, and what ran in which order. The inner classes are not run by Surefire
 * itself (nested classes are excluded, and an explicit {@code -Dtest=DevresExtensionTest} that selects them
 * finds them disabled); each test here runs one of their methods.
 */
class DevresExtensionTest {

    static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());

    private static Events run(Class<?> type, String method) {
        LOG.clear();
        java.lang.reflect.Method m = java.util.Arrays.stream(type.getDeclaredMethods()).filter(x -> x.getName().equals(method))
                .findFirst().orElseThrow(() -> new AssertionError("no inner test " + type.getSimpleName() + "." + method));
        return EngineTestKit.engine("junit-jupiter").configurationParameter(FIXTURES, "true").selectors(selectMethod(type, m))
                .execute().testEvents();
    }

    /** Set only by {@link #run}: the inner classes are fixtures, not tests of their own. */
    static final String FIXTURES = "devres4j.junit.fixtures";
    static final String FIXTURE_CONDITION = "org.devres4j.junit.DevresExtensionTest#runByTheOuterTest";

    /**
     * Enables an inner class only when this test runs it: Surefire's {@code -Dtest=DevresExtensionTest}
     * selects nested classes too, and their deliberately failing tests would fail the build.
     */
    static boolean runByTheOuterTest(org.junit.jupiter.api.extension.ExtensionContext context) {
        return context.getConfigurationParameter(FIXTURES).isPresent();
    }

    private static String failureMessage(Events events) {
        List<Event> failed = events.failed().list();
        assertThat(failed).as("failed tests").hasSize(1);
        return failed.get(0).getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElseThrow();
    }

    // ------------------------------------------------------------------ the inner tests

    @ExtendWith(DevresExtension.class)
    @org.junit.jupiter.api.condition.EnabledIf(FIXTURE_CONDITION)
    static class Actions {
        @Test
        void passes(TestResources res) {
            res.addAction("a", () -> LOG.add("a"));
            res.addAction("b", () -> LOG.add("b"));
            res.addAction("c", () -> LOG.add("c"));
            LOG.add("body");
        }

        @Test
        void fails(TestResources res) {
            res.addAction("a", () -> LOG.add("a"));
            res.addAction("b", () -> LOG.add("b"));
            throw new AssertionError("the test's own failure");
        }

        @Test
        void cleanupFails(TestResources res) {
            res.addAction("first", () -> LOG.add("first"));
            res.addAction("unmap", () -> {
                throw new IllegalStateException("unmap failed");
            });
            res.addAction("last", () -> LOG.add("last"));
        }

        @Test
        void removesAndReleases(TestResources res) {
            Handle removed = res.addAction("removed", () -> LOG.add("removed"));
            Handle early = res.addAction("early", () -> LOG.add("early"));
            res.addAction("kept", () -> LOG.add("kept"));
            res.removeAction(removed);
            res.releaseAction(early);
            LOG.add("body " + res.names());
        }
    }

    @ExtendWith(DevresExtension.class)
    @org.junit.jupiter.api.condition.EnabledIf(FIXTURE_CONDITION)
    static class SameScope {
        static Managed<int[]> leftBehind;
        private TestResources fromBeforeEach;

        @BeforeEach
        void setUp(TestResources res) {
            fromBeforeEach = res;
            res.addAction("from @BeforeEach", () -> LOG.add("from @BeforeEach"));
        }

        @Test
        void test(TestResources res) {
            LOG.add("same instance: " + (res == fromBeforeEach));
            res.addAction("from the test", () -> LOG.add("from the test"));
            leftBehind = res.alloc("scratch", () -> new int[8]);
        }
    }

    /** A driver whose probe and remove are logged. */
    record LoggingDriver(String name) implements Driver {
        @Override
        public void probe(BoundDevice dev) {
            LOG.add("probe " + dev.device().name());
            dev.device().devres().add("irq", d -> LOG.add("devres irq of " + d.name()));
        }

        @Override
        public void remove(BoundDevice dev) {
            LOG.add("remove " + dev.device().name());
        }
    }

    @ExtendWith(DevresExtension.class)
    @org.junit.jupiter.api.condition.EnabledIf(FIXTURE_CONDITION)
    static class Devices {
        static Device device;

        @Test
        void registersDriverAndDevice(TestResources res) {
            Bus bus = new Bus("test-bus");
            res.registerDriver(bus, new LoggingDriver("port"));
            device = res.addDevice(bus, "port0");
            LOG.add("bound " + device.isBound());
        }

        @Test
        void holdsAnExtraReference(TestResources res) {
            Bus bus = new Bus("test-bus");
            device = res.addDevice(bus, "port1");
            device.get(); // never put: the device cannot be freed
        }
    }

    @ExtendWith(DevresExtension.class)
    @org.junit.jupiter.api.condition.EnabledIf(FIXTURE_CONDITION)
    static class Leaks {
        static final class Context {
            final LeakDetector.Tracker tracker;

            Context(LeakDetector d, String name) {
                tracker = d.track(this, name);
            }
        }

        static Context kept;

        @Test
        void leavesATrackerOpen(TestResources res) {
            kept = new Context(res.leakDetector(), "ctx-open");
            kept.tracker.touch("handed to the renderer");
        }

        @Test
        void closesItsTracker(TestResources res) {
            Context c = new Context(res.leakDetector(), "ctx-closed");
            c.tracker.close();
        }

        @Test
        void dropsAnObjectTheCollectorFinds() throws InterruptedException {
            LeakDetector other = LeakDetector.create("native buffer", LeakDetector.Mode.DEBUG);
            LinkedBlockingQueue<LeakDetector.Leak> seen = new LinkedBlockingQueue<>();
            other.addListener(seen::add);
            dropOne(other);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            LOG.add("collector reported: " + !seen.isEmpty());
        }

        private static void dropOne(LeakDetector d) {
            new Context(d, "buf-9");
        }

        @Test
        void dropsATestScopedObjectTheCollectorFinds(TestResources res) throws InterruptedException {
            LinkedBlockingQueue<LeakDetector.Leak> seen = new LinkedBlockingQueue<>();
            res.leakDetector().addListener(seen::add);
            dropOne(res.leakDetector());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            LOG.add("collector reported: " + !seen.isEmpty());
        }
    }

    // ------------------------------------------------------------------ the assertions

    @Test
    void actionsRunNewestFirstWhenThePassingTestEnds() {
        run(Actions.class, "passes").assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        assertThat(LOG).containsExactly("body", "c", "b", "a");
    }

    @Test
    void actionsRunAlsoWhenTheTestFailsAndItsOwnFailureIsKept() {
        Events events = run(Actions.class, "fails");
        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(failureMessage(events)).isEqualTo("the test's own failure");
        assertThat(LOG).containsExactly("b", "a");
    }

    @Test
    void aFailingActionFailsThePassingTestNamingTheActionAndTheOthersStillRun() {
        Events events = run(Actions.class, "cleanupFails");
        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(failureMessage(events)).startsWith("cleanup of 'cleanupFails(TestResources)' failed: 1 action failed during")
                .contains("'unmap': java.lang.IllegalStateException: unmap failed"); // no number: registration numbers go to adds made while someone listens
        assertThat(LOG).containsExactly("last", "first");
    }

    @Test
    void aRemovedActionNeverRunsAndAReleasedOneRunsOnce() {
        run(Actions.class, "removesAndReleases").assertStatistics(s -> s.succeeded(1));
        assertThat(LOG).containsExactly("early", "body [kept]", "kept");
    }

    @Test
    void beforeEachAndTheTestShareOneScopeAndItsAllocationsArePoisonedAfter() {
        run(SameScope.class, "test").assertStatistics(s -> s.succeeded(1));
        assertThat(LOG).containsExactly("same instance: true", "from the test", "from @BeforeEach");
        try {
            SameScope.leftBehind.get();
            throw new AssertionError("a test-scoped allocation was readable after its test");
        } catch (UseAfterReleaseException expected) {
            assertThat(expected.getMessage()).contains("scratch");
        }
    }

    @Test
    void devicesAndDriversRegisteredThroughItAreGoneAfterTheTest() {
        run(Devices.class, "registersDriverAndDevice").assertStatistics(s -> s.succeeded(1));
        // the device went first (newest), unbinding it; then the driver was unregistered
        assertThat(LOG).containsExactly("probe port0", "bound true", "remove port0", "devres irq of port0");
        assertThat(Devices.device.isFreed()).isTrue();
    }

    @Test
    void aDeviceStillReferencedAfterTheTestFailsTheLeakCheck() {
        Events events = run(Devices.class, "holdsAnExtraReference");
        events.assertStatistics(s -> s.failed(1));
        assertThat(failureMessage(events)).isEqualTo("leak check of 'holdsAnExtraReference(TestResources)' failed (1 leak):\n"
                + "LEAK: device 'port1' is not freed at the end of the test: reference count 1 after the test's own"
                + " reference was dropped — a get() without its put()");
        Devices.device.put();
        assertThat(Devices.device.isFreed()).isTrue();
    }

    @Test
    void aTrackerLeftOpenFailsTheTestWithWhereItWasAllocatedAndItsTouches() {
        Events events = run(Leaks.class, "leavesATrackerOpen");
        events.assertStatistics(s -> s.failed(1));
        assertThat(failureMessage(events))
                .startsWith("leak check of 'leavesATrackerOpen(TestResources)' failed (1 leak):\nLEAK: test-scoped object of"
                        + " 'leavesATrackerOpen(TestResources)' 'ctx-open' is still open without its last put or close at the end of its scope.")
                .contains("DevresExtensionTest$Leaks.leavesATrackerOpen")
                .contains("#1 handed to the renderer on thread '");
        Leaks.kept.tracker.close();
    }

    @Test
    void aClosedTrackerPasses() {
        run(Leaks.class, "closesItsTracker").assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void aLeakTheCollectorReportsDuringTheTestFailsIt() {
        Events events = run(Leaks.class, "dropsAnObjectTheCollectorFinds");
        assertThat(LOG).as("the inner test saw the collector report within its bounded wait").containsExactly("collector reported: true");
        events.assertStatistics(s -> s.failed(1));
        assertThat(failureMessage(events))
                .startsWith("leak check of 'dropsAnObjectTheCollectorFinds()' failed (1 leak):\nLEAK: native buffer 'buf-9'")
                .contains("DevresExtensionTest$Leaks.dropOne");
    }

    @Test
    void aTestScopedObjectCollectedDuringTheTestIsReportedOnceNotAlsoAsOpen() {
        Events events = run(Leaks.class, "dropsATestScopedObjectTheCollectorFinds");
        assertThat(LOG).containsExactly("collector reported: true");
        events.assertStatistics(s -> s.failed(1));
        assertThat(failureMessage(events))
                .startsWith("leak check of 'dropsATestScopedObjectTheCollectorFinds(TestResources)' failed (1 leak):\nLEAK:"
                        + " test-scoped object of 'dropsATestScopedObjectTheCollectorFinds(TestResources)' 'buf-9' became unreachable");
    }

    @Test
    void badInputIsRefusedWithTheTestsName() {
        TestResources res = new TestResources("t()");
        try {
            res.addAction(null, () -> { });
            throw new AssertionError("a null name was accepted");
        } catch (NullPointerException e) {
            assertThat(e).hasMessage("addAction on test 't()': the name must not be null");
        }
        try {
            res.addAction("x", null);
            throw new AssertionError("a null action was accepted");
        } catch (NullPointerException e) {
            assertThat(e).hasMessage("addAction 'x' on test 't()': the action must not be null");
        }
        assertThat(res.names()).isEmpty();
        assertThat(res.releaseAll()).isNull();
        try {
            res.addAction("late", () -> LOG.add("late ran"));
            throw new AssertionError("an add after the end of the test was accepted");
        } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("test 't()'");
        }
    }
}
