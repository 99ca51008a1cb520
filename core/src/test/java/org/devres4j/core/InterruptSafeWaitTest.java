package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, Medium 5 and 6, and the Low Duration overflow: waiting in {@code Gate.shut()} or
 * {@code Revocable.revoke()} is interrupt-safe — an interrupt neither ends the wait nor turns it into a
 * busy spin, and the interrupt status is kept; the interruptible variants throw and leave the gate shut;
 * overflowing Durations clamp; a revoke from inside one's own access is refused at once.
 *
 * <p>"Not spinning" is checked without timing: a waiter parks with the gate as its blocker, and
 * {@link LockSupport#getBlocker} keeps naming it from the park until the thread runs again, however
 * loaded the machine is. A spinning waiter (the bug: an interrupted park returns at once) shows no
 * blocker almost all of the time.
 */
class InterruptSafeWaitTest {

    private final CountDownLatch leave = new CountDownLatch(1);
    private Thread reader;

    @AfterEach
    void letTheReaderGo() throws InterruptedException {
        leave.countDown();
        if (reader != null) {
            reader.join(10_000);
        }
    }

    /** Starts a thread that enters {@code enter} and stays inside until the test lets it go. */
    private void readerInside(Runnable enter, Runnable exit) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        reader = new Thread(() -> {
            enter.run();
            inside.countDown();
            try {
                leave.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exit.run();
            }
        }, "reader");
        reader.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).as("the reader got inside").isTrue();
    }

    /** Waits until {@code waiter} parks on {@code blocker}, then checks it stays parked there, not spinning. */
    private static void assertParkedNotSpinning(Thread waiter, Object blocker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (LockSupport.getBlocker(waiter) != blocker) {
            assertThat(System.nanoTime()).as("the waiter parks on the gate").isLessThan(deadline);
            assertThat(waiter.isAlive()).as("the waiter is still waiting").isTrue();
            Thread.sleep(1);
        }
        int samples = 100;
        int parked = 0;
        for (int i = 0; i < samples; i++) {
            Thread.sleep(2);
            if (LockSupport.getBlocker(waiter) == blocker) {
                parked++;
            }
        }
        assertThat(waiter.isAlive()).as("the interrupt did not end the wait").isTrue();
        assertThat(parked).as("samples (of %d) in which the interrupted waiter was parked, not spinning", samples)
                .isGreaterThanOrEqualTo(samples * 8 / 10);
    }

    @Test
    @Timeout(60)
    void anInterruptedShutKeepsWaitingWithoutSpinningAndKeepsTheInterrupt() throws Exception {
        Gate gate = Gate.create("card0");
        AtomicInteger token = new AtomicInteger();
        readerInside(() -> token.set(gate.tryEnter()), () -> gate.exit(token.get()));
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        AtomicReference<Long> insideAfter = new AtomicReference<>();
        Thread shutter = new Thread(() -> {
            gate.shut();
            insideAfter.set(gate.inside());
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        }, "shutter");
        shutter.start();
        shutter.interrupt();
        assertParkedNotSpinning(shutter, gate);
        leave.countDown();
        shutter.join(10_000);
        assertThat(shutter.isAlive()).isFalse();
        assertThat(insideAfter.get()).as("shut returned only once the reader left").isZero();
        assertThat(interruptedAfter.get()).as("the interrupt status is set again on return").isTrue();
    }

    @Test
    @Timeout(60)
    void shutInterruptiblyThrowsAndTheGateStaysShut() throws Exception {
        Gate gate = Gate.create("card0");
        AtomicInteger token = new AtomicInteger();
        readerInside(() -> token.set(gate.tryEnter()), () -> gate.exit(token.get()));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread shutter = new Thread(() -> {
            try {
                gate.shutInterruptibly();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "shutter");
        shutter.start();
        while (LockSupport.getBlocker(shutter) != gate && shutter.isAlive()) {
            Thread.sleep(1);
        }
        shutter.interrupt();
        shutter.join(10_000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class)
                .hasMessage("shut of gate 'card0' interrupted while 1 section(s) were still inside; the gate stays shut");
        assertThat(gate.isShut()).isTrue();
        assertThat(gate.tryEnter()).isEqualTo(Gate.REFUSED);
        leave.countDown();
        reader.join(10_000);
        assertThat(gate.shut(Duration.ofSeconds(10))).as("a later shut waits for the reader and succeeds").isTrue();
    }

    @Test
    @Timeout(60)
    void overflowingDurationsClampInsteadOfWaitingForEver() throws Exception {
        Gate gate = Gate.create("card0");
        AtomicInteger token = new AtomicInteger();
        readerInside(() -> token.set(gate.tryEnter()), () -> gate.exit(token.get()));
        assertThat(gate.shut(Duration.ofSeconds(Long.MIN_VALUE))).as("hugely negative: no wait").isFalse();
        assertThat(gate.shut(Duration.ofNanos(-1))).as("negative: no wait").isFalse();
        assertThat(gate.shut(Duration.ZERO)).isFalse();
        AtomicBoolean drained = new AtomicBoolean();
        Thread shutter = new Thread(() -> drained.set(gate.shut(Duration.ofSeconds(Long.MAX_VALUE))), "shutter");
        shutter.start();
        assertParkedNotSpinning(shutter, gate);
        leave.countDown();
        shutter.join(10_000);
        assertThat(drained.get()).as("hugely positive: waits as long as it takes").isTrue();
        assertThat(Durations.nanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Durations.FOREVER);
        assertThat(Durations.nanos(Duration.ofSeconds(Long.MIN_VALUE))).isZero();
        assertThat(Durations.nanos(Duration.ofMillis(3))).isEqualTo(3_000_000);
    }

    @Test
    @Timeout(60)
    void aNullTimeoutIsRefusedAndLeavesTheGateOpen() {
        Gate gate = Gate.create("card0");
        assertThatThrownBy(() -> gate.shut(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("shut on gate 'card0': the timeout must not be null");
        assertThatThrownBy(() -> gate.shutInterruptibly(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("shutInterruptibly on gate 'card0': the timeout must not be null");
        assertThat(gate.isShut()).isFalse();
    }

    @Test
    @Timeout(60)
    void aTrackedGateRefusesAnInterruptibleShutFromInsideItsOwnSection() throws Exception {
        Gate gate = Gate.createTracked("card0");
        try (Gate.Section s = gate.enter()) {
            assertThat(s.entered()).isTrue();
            assertThatThrownBy(gate::shutInterruptibly).isInstanceOf(IllegalStateException.class)
                    .hasMessage("shutInterruptibly of gate 'card0' refused: the calling thread is inside 1 of its section(s)"
                            + " and would wait for itself for ever; exit first (the gate is unchanged)");
            assertThat(gate.isShut()).isFalse();
        }
        gate.shutInterruptibly();
        assertThat(gate.isShut()).isTrue();
    }

    // ------------------------------------------------------------------ Revocable

    @Test
    @Timeout(60)
    void aRevokeFromInsideItsOwnAccessIsRefusedAtOnceAndChangesNothing() {
        AtomicInteger released = new AtomicInteger();
        Revocable<String> r = Revocable.create("regs", "value", v -> released.incrementAndGet());
        try (Revocable.Access<String> a = r.access()) {
            assertThat(a.available()).isTrue();
            String rule = "of revocable 'regs' refused: the calling thread is inside 1 of its access(es) and would wait"
                    + " for itself for ever; finish the access first (nothing changed)";
            assertThatThrownBy(r::revoke).isInstanceOf(IllegalStateException.class).hasMessage("revoke " + rule);
            assertThatThrownBy(r::revokeInterruptibly).isInstanceOf(IllegalStateException.class)
                    .hasMessage("revokeInterruptibly " + rule);
            assertThatThrownBy(() -> r.revoke(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("revoke " + rule);
            assertThat(r.run(v -> { })).as("nested run refused nothing: still live").isTrue();
            assertThat(a.get()).isEqualTo("value");
        }
        assertThat(r.isRevoked()).isFalse();
        assertThat(released.get()).isZero();
        assertThat(r.revoke()).isTrue();
        assertThat(released.get()).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void anInterruptedRevokeKeepsWaitingThenReleasesOnceAndKeepsTheInterrupt() throws Exception {
        AtomicInteger released = new AtomicInteger();
        Revocable<String> r = Revocable.create("regs", "value", v -> released.incrementAndGet());
        AtomicReference<Revocable.Access<String>> access = new AtomicReference<>();
        readerInside(() -> access.set(r.access()), () -> access.get().close());
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        AtomicBoolean won = new AtomicBoolean();
        Thread revoker = new Thread(() -> {
            won.set(r.revoke());
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        }, "revoker");
        revoker.start();
        revoker.interrupt();
        while (LockSupport.getBlocker(revoker) == null && revoker.isAlive()) {
            Thread.sleep(1);
        }
        Object blocker = LockSupport.getBlocker(revoker);
        assertThat(blocker).as("the revoke waits parked on its gate").isInstanceOf(Gate.class);
        assertParkedNotSpinning(revoker, blocker);
        assertThat(released.get()).as("nothing released while the reader holds the value").isZero();
        leave.countDown();
        revoker.join(10_000);
        assertThat(won.get()).isTrue();
        assertThat(released.get()).isEqualTo(1);
        assertThat(interruptedAfter.get()).isTrue();
    }

    @Test
    @Timeout(60)
    void revokeInterruptiblyThrowsAndLeavesTheValueUnreleasedUntilALaterRevoke() throws Exception {
        AtomicInteger released = new AtomicInteger();
        Revocable<String> r = Revocable.create("regs", "value", v -> released.incrementAndGet());
        AtomicReference<Revocable.Access<String>> access = new AtomicReference<>();
        readerInside(() -> access.set(r.access()), () -> access.get().close());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread revoker = new Thread(() -> {
            try {
                r.revokeInterruptibly();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "revoker");
        revoker.start();
        while (LockSupport.getBlocker(revoker) == null && revoker.isAlive()) {
            Thread.sleep(1);
        }
        revoker.interrupt();
        revoker.join(10_000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(r.isRevoked()).as("new accesses are refused").isTrue();
        assertThat(r.run(v -> { })).isFalse();
        assertThat(released.get()).as("not freed under a reader").isZero();
        leave.countDown();
        reader.join(10_000);
        assertThat(r.revoke()).as("the later revoke finishes the job").isTrue();
        assertThat(released.get()).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void revokeWithAnOverflowingNegativeTimeoutDoesNotWaitForEver() throws Exception {
        Revocable<String> r = Revocable.create("regs", "value", v -> { });
        AtomicReference<Revocable.Access<String>> access = new AtomicReference<>();
        readerInside(() -> access.set(r.access()), () -> access.get().close());
        assertThatThrownBy(() -> r.revoke(Duration.ofSeconds(Long.MIN_VALUE))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("access(es) still in progress");
    }
}
