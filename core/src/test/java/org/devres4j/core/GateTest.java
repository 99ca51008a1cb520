package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hot-unplug guard: DESIGN.md invariant 6 at core level. */
@Timeout(30)
class GateTest {

    private final Gate gate = Gate.create("card0");

    @Test
    void tryEnterAndExit() {
        int t = gate.tryEnter();
        assertThat(t).isNotNegative();
        assertThat(gate.inside()).isEqualTo(1);
        gate.exit(t);
        assertThat(gate.inside()).isZero();
        assertThat(gate.name()).isEqualTo("card0");
    }

    @Test
    void sectionsNest() {
        int outer = gate.tryEnter();
        int inner = gate.tryEnter();
        assertThat(gate.inside()).isEqualTo(2);
        gate.exit(inner);
        assertThat(gate.inside()).isEqualTo(1);
        gate.exit(outer);
        assertThat(gate.inside()).isZero();
        assertThat(gate.shut(Duration.ZERO)).isTrue();
    }

    @Test
    void enterWorksWithTryWithResources() {
        try (Gate.Section s = gate.enter()) {
            assertThat(s.entered()).isTrue();
            assertThat(gate.inside()).isEqualTo(1);
        }
        assertThat(gate.inside()).isZero();
    }

    @Test
    void shutRefusesLaterEntries() {
        gate.shut();
        assertThat(gate.isShut()).isTrue();
        assertThat(gate.tryEnter()).isEqualTo(Gate.REFUSED);
        try (Gate.Section s = gate.enter()) {
            assertThat(s.entered()).isFalse();
        }
        assertThat(gate.inside()).isZero();
        gate.shut(); // idempotent
    }

    @Test
    void shutWaitsForAReaderInAnotherThread() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        AtomicReference<Throwable> readerError = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (Gate.Section s = gate.enter()) {
                assertThat(s.entered()).isTrue();
                inside.countDown();
                leave.await();
            } catch (Throwable t) {
                readerError.set(t);
            }
        });
        reader.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch shutReturned = new CountDownLatch(1);
        Thread shutter = new Thread(() -> {
            gate.shut();
            shutReturned.countDown();
        });
        shutter.start();
        // while the reader is inside, shut must not return; new entries already fail
        assertThat(shutReturned.await(200, TimeUnit.MILLISECONDS)).isFalse();
        while (!gate.isShut()) {
            Thread.onSpinWait();
        }
        assertThat(gate.tryEnter()).isEqualTo(Gate.REFUSED);
        assertThat(gate.inside()).isEqualTo(1);

        leave.countDown();
        assertThat(shutReturned.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.inside()).isZero();
        reader.join();
        shutter.join();
        assertThat(readerError.get()).isNull();
    }

    @Test
    void shutWithTimeoutReturnsFalseWhileAReaderStaysInside() {
        int t = gate.tryEnter();
        assertThat(gate.shut(Duration.ofMillis(50))).isFalse();
        assertThat(gate.isShut()).isTrue();
        assertThat(gate.tryEnter()).isEqualTo(Gate.REFUSED);
        gate.exit(t);
        assertThat(gate.shut(Duration.ofMillis(50))).isTrue();
    }

    @Test
    void shutWithNullTimeoutIsRefused() {
        assertThatThrownBy(() -> gate.shut(null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("shut on gate 'card0': the timeout must not be null");
        assertThat(gate.isShut()).isFalse();
    }

    @Test
    void exitWithoutEnterIsRefusedAndCountUnchanged() {
        int t = gate.tryEnter();
        gate.exit(t);
        assertThatThrownBy(() -> gate.exit(t)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("exit on gate 'card0': no section is inside on token " + t
                        + " — every exit needs a matching successful enter");
        assertThat(gate.inside()).isZero();
        assertThat(gate.shut(Duration.ZERO)).isTrue();
    }

    @Test
    void exitWithBadTokenIsRefused() {
        assertThatThrownBy(() -> gate.exit(Gate.REFUSED)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("exit on gate 'card0': token -1 was not returned by tryEnter (a refused enter has nothing to exit)");
        assertThatThrownBy(() -> gate.exit(1 << 20)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token 1048576 was not returned by tryEnter");
        assertThat(gate.inside()).isZero();
    }

    @Test
    void nullNameIsRefused() {
        assertThatThrownBy(() -> Gate.create(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Gate.create: the name must not be null");
    }

    @Test
    void noReaderInsideAfterShutReturnsUnderContention() throws Exception {
        for (int round = 0; round < 20; round++) {
            Gate g = Gate.create("g" + round);
            AtomicBoolean torn = new AtomicBoolean();
            AtomicBoolean violation = new AtomicBoolean();
            Thread[] readers = new Thread[3];
            for (int i = 0; i < readers.length; i++) {
                readers[i] = new Thread(() -> {
                    for (int k = 0; k < 2_000; k++) {
                        int t = g.tryEnter();
                        if (t < 0) {
                            return;
                        }
                        if (torn.get()) {
                            violation.set(true);
                        }
                        g.exit(t);
                    }
                });
                readers[i].start();
            }
            g.shut();
            torn.set(true);
            for (Thread r : readers) {
                r.join();
            }
            assertThat(violation.get()).as("round %d: a reader was inside after shut returned", round).isFalse();
            assertThat(g.inside()).isZero();
        }
    }

    @Test
    void aSecondCloseOfASectionIsRefusedAndLeavesOtherReadersCounted() {
        Gate.Section first = gate.enter();
        Gate.Section second = gate.enter(); // same thread, same stripe
        second.close();
        assertThatThrownBy(second::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("close of a section of gate 'card0' refused: it was already closed — a section is exited once");
        assertThat(gate.inside()).as("the first section is still counted").isEqualTo(1);
        assertThat(gate.shut(Duration.ofMillis(20))).as("shut must still wait for the first section").isFalse();
        first.close();
        assertThat(gate.shut(Duration.ofMillis(20))).isTrue();
    }

    @Test
    @Timeout(30)
    void aRefusedExitOnAnEmptyStripeNeverLetsShutReturnWhileAReaderIsInside() throws Exception {
        for (int trial = 0; trial < 40; trial++) {
            Gate g = Gate.create("card" + trial);
            int mine = g.tryEnter(); // a legitimate reader, inside until the end of the trial
            int bogus = (mine + 1) % 4; // another stripe (there are at least 4), empty
            AtomicBoolean stop = new AtomicBoolean();
            Thread misuser = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        g.exit(bogus);
                    } catch (IllegalStateException expected) {
                        // refused, as it must be
                    }
                }
            }, "misuser");
            misuser.start();
            try {
                assertThat(g.shut(Duration.ofMillis(5))).as("trial %d: shut must wait for the reader inside", trial).isFalse();
            } finally {
                stop.set(true);
                misuser.join();
            }
            assertThat(g.inside()).as("trial %d: only the reader is counted", trial).isEqualTo(1);
            g.exit(mine);
            assertThat(g.inside()).isZero();
        }
    }
}
