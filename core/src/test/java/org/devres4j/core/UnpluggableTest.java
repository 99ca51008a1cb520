package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hot-unplug handle on one thread: order of the teardown, the two lifetimes, every refusal. */
@Timeout(30)
class UnpluggableTest {

    /** A stand-in raw handle: what the application wraps. */
    static final class Port {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        int reads;

        int read() throws IOException {
            reads++;
            return 42;
        }

        int fail() throws IOException {
            throw new IOException("line noise");
        }
    }

    private QuietLogger quiet;

    @BeforeEach
    void silenceTheWarningsThisTestProvokes() {
        quiet = QuietLogger.silence("org.devres4j.unplug"); // every report is asserted through UnplugReport
    }

    @AfterEach
    void restoreTheLog() {
        quiet.close();
    }

    private final Port raw = new Port();
    private final List<String> log = raw.log;

    private Unpluggable<Port> device() {
        return Unpluggable.builder("ttyUSB0", raw).onWake(p -> p.log.add("wake")).build();
    }

    @Test
    void callsReachTheHandleUntilUnplugThenFailWithDeviceGone() throws IOException {
        Unpluggable<Port> dev = device();
        assertThat(dev.call(Port::read)).isEqualTo(42);
        dev.unplug();
        assertThatThrownBy(() -> dev.call(Port::read)).isExactlyInstanceOf(DeviceGoneException.class)
                .hasMessage("call on 'ttyUSB0' refused: the device was unplugged — no call reaches its hardware once"
                        + " unplug() has started (software state stays until the last client closes)")
                .hasNoCause()
                .satisfies(e -> {
                    assertThat(((DeviceGoneException) e).deviceName()).isEqualTo("ttyUSB0");
                    assertThat(((DeviceGoneException) e).operation()).isEqualTo("call");
                });
        assertThatThrownBy(() -> dev.run(p -> p.log.add("late"))).isExactlyInstanceOf(DeviceGoneException.class);
        assertThat(raw.reads).isEqualTo(1);
        assertThat(log).containsExactly("wake");
    }

    @Test
    void checkedExceptionsPassThroughWhilePlugged() {
        Unpluggable<Port> dev = device();
        // the call's IOException is declared by call(): no wrapping, no sneaky throw
        assertThatThrownBy(() -> dev.call(Port::fail)).isExactlyInstanceOf(IOException.class).hasMessage("line noise");
        assertThat(dev.isPlugged()).isTrue();
    }

    @Test
    void teardownRefusesThenWakesThenReleasesHardwareNewestFirstThenSoftwareAtLastPut() {
        Unpluggable<Port> dev = device();
        dev.onUnplug("close-fd", p -> p.log.add("hw close-fd"));
        dev.onUnplug("stop-dma", p -> p.log.add("hw stop-dma"));
        dev.onLastPut("free-queues", d -> log.add("sw free-queues (plugged=" + d.isPlugged() + ")"));
        dev.onLastPut("free-state", d -> log.add("sw free-state"));
        Unpluggable.Client client = dev.open();
        assertThat(dev.references()).isEqualTo(2);

        UnplugReport report = dev.unplugAsync().join();

        assertThat(log).containsExactly("wake", "hw stop-dma", "hw close-fd");
        assertThat(report.isClean()).isTrue();
        assertThat(report.softwareReleased()).isFalse();
        assertThat(dev.isUnplugged()).isTrue();
        assertThat(dev.isReleased()).isFalse();
        assertThat(dev.references()).isEqualTo(1);

        client.close();
        assertThat(log).containsExactly("wake", "hw stop-dma", "hw close-fd", "sw free-state", "sw free-queues (plugged=false)");
        assertThat(dev.isReleased()).isTrue();
        assertThat(dev.references()).isZero();
    }

    @Test
    void softwareStateOutlivesTheHardwareExactlyAsLongAsAClientHoldsIt() {
        Unpluggable<Port> dev = device();
        Managed<StringBuilder> context = dev.alloc("context", () -> new StringBuilder("frame 1"));
        Unpluggable.Client client = dev.open();
        dev.unplug();

        assertThat(context.get().append(", frame 2").toString()).isEqualTo("frame 1, frame 2");
        assertThatThrownBy(() -> dev.call(Port::read)).isInstanceOf(DeviceGoneException.class);

        client.close();
        assertThatThrownBy(context::get).isInstanceOf(UseAfterReleaseException.class).hasMessageContaining("context");
    }

    @Test
    void withoutClientsTheUnplugReleasesSoftwareToo() {
        Unpluggable<Port> dev = device();
        Managed<int[]> state = dev.alloc("state", () -> new int[4]);
        UnplugReport report = dev.unplugAsync().join();
        assertThat(report.softwareReleased()).isTrue();
        assertThat(dev.isReleased()).isTrue();
        assertThat(state.isLive()).isFalse();
        assertThatThrownBy(() -> dev.alloc("late", Object::new)).isExactlyInstanceOf(DeviceGoneException.class)
                .hasMessageStartingWith("alloc 'late' on 'ttyUSB0' failed: the device was unplugged")
                .hasCauseInstanceOf(ListClosedException.class);
    }

    @Test
    void unplugIsIdempotentAndEveryCallerGetsTheSameReport() {
        Unpluggable<Port> dev = device();
        AtomicInteger closes = new AtomicInteger();
        dev.onUnplug("close", p -> closes.incrementAndGet());
        dev.unplug();
        dev.unplug();
        dev.close();
        assertThat(closes).hasValue(1);
        assertThat(log).containsExactly("wake");
        assertThat(dev.unplugAsync().join()).isSameAs(dev.whenUnplugged().join());
    }

    @Test
    void whenUnpluggedDoesNotStartTheUnplug() {
        Unpluggable<Port> dev = device();
        assertThat(dev.whenUnplugged()).isNotDone();
        assertThat(dev.isPlugged()).isTrue();
        dev.whenUnplugged().complete(null); // a copy: completing it changes nothing
        assertThat(dev.isUnplugged()).isFalse();
        dev.unplug();
        assertThat(dev.whenUnplugged()).isCompleted();
    }

    @Test
    void openAfterUnplugIsRefusedAndKeepsNoReference() {
        Unpluggable<Port> dev = device();
        Unpluggable.Client holder = dev.open();
        dev.unplug();
        assertThatThrownBy(dev::open).isExactlyInstanceOf(DeviceGoneException.class)
                .hasMessageStartingWith("open on 'ttyUSB0' refused: the device was unplugged");
        assertThat(dev.references()).isEqualTo(1);
        holder.close();
    }

    @Test
    void aSecondCloseOfAClientIsRefusedAndDropsNoOtherReference() {
        Unpluggable<Port> dev = device();
        Unpluggable.Client a = dev.open();
        Unpluggable.Client b = dev.open();
        a.close();
        assertThatThrownBy(a::close).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("close of ttyUSB0 client #1 refused: it was already closed — a client drops its reference once"
                        + " (the reference count of 'ttyUSB0' is unchanged)");
        assertThat(dev.references()).isEqualTo(2);
        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isTrue();
        assertThat(b.name()).isEqualTo("ttyUSB0 client #2");
        b.close();
    }

    @Test
    void aTransferClosedTwiceOrUsedAfterCloseIsRefused() {
        Unpluggable<Port> dev = device();
        Unpluggable.Transfer<Port> t = dev.begin();
        assertThat(t.handle()).isSameAs(raw);
        t.close();
        assertThatThrownBy(t::close).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("close of ttyUSB0 transfer #1 refused: it was already closed — a transfer ends once, on"
                        + " completion, error or cancellation");
        assertThatThrownBy(t::handle).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("handle of ttyUSB0 transfer #1 refused: the transfer was closed — the handle is reachable only"
                        + " while the transfer is open");
        dev.unplug(); // the refused second close took no other section's place: nothing is left inside
        assertThat(dev.isUnplugged()).isTrue();
        assertThatThrownBy(dev::begin).isExactlyInstanceOf(DeviceGoneException.class)
                .hasMessageStartingWith("begin transfer on 'ttyUSB0' refused");
    }

    @Test
    void hardwareRegisteredAfterTheUnplugIsReleasedAtOnceAndRefused() {
        Unpluggable<Port> dev = device();
        dev.unplug();
        assertThatThrownBy(() -> dev.onUnplug("late-irq", p -> p.log.add("late-irq released")))
                .isExactlyInstanceOf(DeviceGoneException.class)
                .hasMessageStartingWith("onUnplug 'late-irq' on 'ttyUSB0' failed: the device was unplugged")
                .hasCauseInstanceOf(ListClosedException.class);
        assertThat(log).containsExactly("wake", "late-irq released");
    }

    @Test
    void softwareRegisteredAfterTheLastPutRunsAtOnceAndIsRefused() {
        Unpluggable<Port> dev = device();
        dev.unplug();
        assertThatThrownBy(() -> dev.onLastPut("late", d -> log.add("late ran")))
                .isExactlyInstanceOf(DeviceGoneException.class).hasCauseInstanceOf(ListClosedException.class);
        assertThat(log).containsExactly("wake", "late ran");
    }

    @Test
    void everyFailureIsReportedAndNoneStopsTheOthers() {
        Unpluggable<Port> dev = Unpluggable.builder("ttyUSB0", raw).onWake(p -> {
            throw new IOException("abort refused");
        }).build();
        dev.onUnplug("a", p -> log.add("a"));
        dev.onUnplug("b", p -> {
            throw new IOException("close failed");
        });
        dev.onUnplug("c", p -> log.add("c"));

        UnplugReport report = dev.unplugAsync().join();

        assertThat(log).containsExactly("c", "a");
        assertThat(report.isClean()).isFalse();
        assertThat(report.failures()).extracting(ReleaseFailure::actionName).containsExactly("wake hook", "b");
        assertThat(report.failures()).extracting(f -> f.cause().getMessage()).containsExactly("abort refused", "close failed");
        assertThat(report.toString()).startsWith("unplug of 'ttyUSB0': 2 failures, waited ").contains("close failed");
        assertThat(dev.isReleased()).isTrue();
    }

    @Test
    void aReleaseActionThatOverrunsItsTimeoutIsReportedAndTheUnplugGoesOn() throws Exception {
        Unpluggable<Port> dev = device();
        CountDownLatch hang = new CountDownLatch(1);
        dev.onUnplug("older", p -> log.add("older"));
        dev.onUnplug("native-close", Duration.ofMillis(50), p -> hang.await());
        dev.onUnplug("quick", Duration.ofSeconds(20), p -> log.add("quick (thread " + Thread.currentThread().getName() + ")"));

        UnplugReport report = dev.unplugAsync().get(20, TimeUnit.SECONDS);
        hang.countDown();

        assertThat(log).containsExactly("wake", "quick (thread devres4j-release ttyUSB0/quick)", "older");
        assertThat(report.timedOut()).hasSize(1);
        ReleaseFailure slow = report.timedOut().get(0);
        assertThat(slow.actionName()).isEqualTo("native-close");
        assertThat(slow.cause()).isExactlyInstanceOf(TimeoutException.class)
                .hasMessage("release action 'native-close' of 'ttyUSB0' did not finish within PT0.05S; the unplug went on"
                        + " without it (it keeps running on thread 'devres4j-release ttyUSB0/native-close')");
    }

    @Test
    void aTimedActionsOwnFailureIsReportedAsItself() {
        Unpluggable<Port> dev = device();
        dev.onUnplug("flaky", Duration.ofSeconds(20), p -> {
            throw new IOException("EIO");
        });
        UnplugReport report = dev.unplugAsync().join();
        assertThat(report.timedOut()).isEmpty();
        assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.cause()).isExactlyInstanceOf(IOException.class));
    }

    @Test
    void aReleaseTimeoutMustBePositive() {
        Unpluggable<Port> dev = device();
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
            assertThatThrownBy(() -> dev.onUnplug("close", bad, p -> log.add("ran")))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("onUnplug 'close' on 'ttyUSB0' refused: the release timeout is " + bad
                            + " — it must be positive (omit it to wait for the action however long it takes)");
        }
        dev.unplug();
        assertThat(log).containsExactly("wake"); // nothing was registered
    }

    @Test
    void unplugFromInsideACallReturnsAndFinishesWhenTheCallReturns() throws IOException {
        Unpluggable<Port> dev = device();
        dev.onUnplug("close", p -> p.log.add("hw close on " + Thread.currentThread().getName()));
        String result = dev.call(p -> {
            dev.unplug(); // a data callback learning of the removal: must not wait for itself
            p.log.add("still inside: plugged=" + dev.isPlugged() + " unplugged=" + dev.isUnplugged());
            assertThatThrownBy(() -> dev.call(Port::read)).isInstanceOf(DeviceGoneException.class);
            return "returned";
        });
        assertThat(result).isEqualTo("returned");
        assertThat(dev.isUnplugged()).isTrue();
        assertThat(log).containsExactly("wake", "still inside: plugged=false unplugged=false",
                "hw close on " + Thread.currentThread().getName());
    }

    @Test
    void aNestedCallFinishesTheTeardownOnlyWhenTheOutermostCallReturns() throws IOException {
        Unpluggable<Port> dev = device();
        dev.onUnplug("close", p -> p.log.add("hw close"));
        dev.run(outer -> {
            dev.run(inner -> dev.unplug());
            outer.log.add("inner returned: unplugged=" + dev.isUnplugged());
        });
        assertThat(log).containsExactly("wake", "inner returned: unplugged=false", "hw close");
        assertThat(dev.isUnplugged()).isTrue();
    }

    @Test
    void aCallThatFailsAfterTheUnplugStartedFailsWithDeviceGoneCarryingItsCause() {
        Unpluggable<Port> dev = device();
        assertThatThrownBy(() -> dev.call(p -> {
            dev.unplug();
            return p.fail();
        })).isExactlyInstanceOf(DeviceGoneException.class)
                .hasMessage("call on 'ttyUSB0' failed: the device was unplugged while the call was in flight (the handle threw IOException)")
                .hasCauseExactlyInstanceOf(IOException.class);
        assertThat(dev.isUnplugged()).isTrue();
    }

    @Test
    void unplugFromTheWakeHookOrAReleaseActionDoesNotWaitForItself() {
        Unpluggable<Port>[] self = new Unpluggable[1];
        Unpluggable<Port> dev = Unpluggable.builder("ttyUSB0", raw).onWake(p -> {
            self[0].unplug();
            p.log.add("wake returned");
        }).build();
        self[0] = dev;
        dev.onUnplug("close", p -> {
            dev.unplug();
            p.log.add("close returned");
        });
        dev.onLastPut("free", d -> {
            d.unplug();
            log.add("free returned");
        });
        dev.unplug();
        assertThat(log).containsExactly("wake returned", "close returned", "free returned");
    }

    @Test
    void badArgumentsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Unpluggable.create(null, raw)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("Unpluggable: the name must not be null");
        assertThatThrownBy(() -> Unpluggable.create("ttyUSB0", null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("Unpluggable 'ttyUSB0': the device handle must not be null");
        assertThatThrownBy(() -> Unpluggable.builder("ttyUSB0", raw).onWake(null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("Unpluggable 'ttyUSB0': the wake hook must not be null");
        Unpluggable<Port> dev = device();
        assertThatThrownBy(() -> dev.call(null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("call on 'ttyUSB0': the call must not be null");
        assertThatThrownBy(() -> dev.run(null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("run on 'ttyUSB0': the action must not be null");
        assertThatThrownBy(() -> dev.onUnplug("close", null, p -> { })).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("onUnplug 'close' on 'ttyUSB0': the timeout must not be null");
        assertThat(dev.isPlugged()).isTrue();
        assertThat(dev.references()).isEqualTo(1);
    }

    @Test
    void toStringNamesTheState() {
        Unpluggable<Port> dev = device();
        Unpluggable.Client c = dev.open();
        assertThat(dev).hasToString("Unpluggable 'ttyUSB0' (plugged, 2 reference(s))");
        dev.unplug();
        assertThat(dev).hasToString("Unpluggable 'ttyUSB0' (unplugged, 1 reference(s))");
        c.close();
        assertThat(dev).hasToString("Unpluggable 'ttyUSB0' (released, 0 reference(s))");
        assertThat(c).hasToString("ttyUSB0 client #1 (closed)");
    }

    @Test
    void unplugIsTracedWithFixedVerbs() throws Exception {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        boolean was = Tracing.isEnabled();
        Tracing.enable();
        try (AutoCloseable l = Tracing.addListener(e -> {
            if (e.owner().startsWith("traced-port")) {
                events.add(e);
            }
        })) {
            Unpluggable<Port> dev = Unpluggable.create("traced-port", raw);
            dev.onUnplug("close", p -> { });
            dev.unplug();
        } finally {
            if (!was) {
                Tracing.disable();
            }
        }
        assertThat(events).extracting(TraceEvent::verb).containsExactly("ADD", "UNPLUG", "REL", "UNPLUGGED");
        assertThat(events.get(3).toString()).isEqualTo("UNPLUGGED traced-port clean (software released)");
    }
}
