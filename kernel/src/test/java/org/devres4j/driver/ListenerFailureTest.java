package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.TraceListener;
import org.devres4j.core.Tracing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant 10, kernel part: a bus trace listener, or a global tracing listener, that throws
 * on any event never stops a bind, an unbind, a devres release or a last put — the device whose devres ran is
 * unbound, a put to zero frees it — and the failure is logged and kept on the bus.
 */
class ListenerFailureTest {

    /** A driver whose probe registers three counted devres actions; a probe of {@code fail*} devices throws. */
    private static final class Counting implements Driver {
        final AtomicInteger added = new AtomicInteger();
        final AtomicInteger ran = new AtomicInteger();

        @Override
        public String name() {
            return "cnt";
        }

        @Override
        public void probe(BoundDevice dev) throws Exception {
            for (int i = 0; i < 3; i++) {
                dev.devres().add("res" + i, d -> ran.incrementAndGet());
                added.incrementAndGet();
            }
        }
    }

    private static TraceListener throwingOn(String verb) {
        return e -> {
            if (e.verb().equals(verb)) {
                throw new IllegalStateException("listener refuses " + verb + " of " + e.name());
            }
        };
    }

    /** Runs a device through bind, unbind, rebind, del and put, and checks the lifetime promise at each step. */
    private static void lifeOf(Bus bus, String verb) {
        Counting drv = new Counting();
        bus.registerDriver(drv);
        Device dev = bus.newDevice("cnt0");
        dev.add();
        assertThat(dev.isBound()).as(verb + ": the add still bound the device").isTrue();
        dev.unbind();
        assertThat(dev.isBound()).as(verb + ": a device whose devres ran is unbound").isFalse();
        assertThat(drv.ran.get()).as(verb + ": every action of the first binding ran once").isEqualTo(3);
        assertThat(dev.devres().isEmpty()).isTrue();
        dev.bind();
        assertThat(dev.isBound()).isTrue();
        dev.del();
        dev.put();
        assertThat(drv.ran.get()).as(verb + ": every action ran exactly once").isEqualTo(drv.added.get()).isEqualTo(6);
        assertThat(dev.isFreed()).as(verb + ": the last put freed the device").isTrue();
        assertThat(dev.refCount()).isZero();
        assertThat(bus.liveDevices()).as(verb + ": the bus holds nothing").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEVICE-ADD", "BIND", "ADD", "REL", "UNBIND", "DEVICE-DEL", "DEVICE-FREE"})
    void aBusListenerThatThrowsOnAnyEventStopsNothing(String verb) throws Exception {
        Bus bus = new Bus("throwing-" + verb);
        try (LogCapture log = LogCapture.of("org.devres4j.driver");
             AutoCloseable l = bus.addTraceListener(throwingOn(verb))) {
            lifeOf(bus, verb);
            assertThat(log.warnings()).as("every failure is logged once, as a warning with its cause")
                    .hasSameSizeAs(bus.traceFailures())
                    .allSatisfy(r -> {
                        assertThat(r.getMessage()).startsWith("a trace listener of bus 'throwing-" + verb + "' threw on '" + verb)
                                .endsWith("the event went on to the others and what emitted it was not stopped");
                        assertThat(r.getThrown()).hasMessageStartingWith("listener refuses " + verb);
                    });
        }
        assertThat(bus.traceFailures()).as("the failure is kept on the bus").isNotEmpty()
                .allSatisfy(f -> {
                    assertThat(f.ownerName()).isEqualTo("bus 'throwing-" + verb + "'");
                    assertThat(f.actionName()).contains(" on " + verb + " ");
                    assertThat(f.cause()).hasMessageStartingWith("listener refuses " + verb);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEVICE-ADD", "BIND", "UNBIND", "DEVICE-DEL", "DEVICE-FREE"})
    void aGlobalTracingListenerThatThrowsOnABusEventStopsNothing(String verb) throws Exception {
        Bus bus = new Bus("global-" + verb);
        boolean was = Tracing.isEnabled();
        Tracing.enable();
        try (AutoCloseable l = Tracing.addListener(e -> {
            if (e.owner().equals("cnt0") && e.verb().equals(verb)) {
                throw new IllegalStateException("global listener refuses " + verb);
            }
        })) {
            lifeOf(bus, verb);
        } finally {
            if (!was) {
                Tracing.disable();
            }
        }
        assertThat(bus.traceFailures()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.actionName()).startsWith("a global Tracing listener on " + verb));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PROBE-FAIL", "DEFER", "REL"})
    void aListenerThatThrowsOnAFailedOrDeferredProbeStillReleasesWhatTheProbeRegistered(String verb) throws Exception {
        Bus bus = new Bus("probe-" + verb);
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        bus.registerDriver(new Driver() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public void probe(BoundDevice dev) throws Exception {
                dev.devres().add("held", d -> ran.incrementAndGet());
                if (calls.incrementAndGet() == 1) {
                    throw new ProbeDeferredException("supplier missing");
                }
                throw new IllegalStateException("probe fails");
            }
        });
        try (AutoCloseable l = bus.addTraceListener(throwingOn(verb))) {
            Device dev = bus.newDevice("flaky0");
            dev.add();
            assertThat(dev.isProbeDeferred()).as(verb + ": the deferral was recorded").isTrue();
            bus.rescan();
            assertThat(dev.isBound()).isFalse();
            assertThat(ran.get()).as(verb + ": both probes' devres ran").isEqualTo(2);
            assertThat(dev.devres().isEmpty()).isTrue();
            dev.del();
            dev.put();
            assertThat(dev.isFreed()).isTrue();
        }
        assertThat(bus.traceFailures()).as(verb).isNotEmpty();
    }
}
