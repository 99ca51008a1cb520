package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hot-unplug handle with real threads: unplug racing calls, unplug from inside a call while other
 * threads call, many concurrent unplug callers, the wake hook unblocking a blocked read, a transfer
 * closed on another thread. Every wait is bounded and fails with what it waited for.
 */
@Timeout(120)
class UnpluggableStressTest {

    private static final long SEED = Long.getLong("devres4j.seed", System.nanoTime());
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("worker threads ended").isTrue();
    }

    /** A raw device whose hardware state the release action flips: a call that sees it gone is the bug. */
    static final class Hw {
        volatile boolean released;
        final AtomicInteger inside = new AtomicInteger();
        final AtomicLong violations = new AtomicLong();

        int touch() {
            inside.incrementAndGet();
            try {
                if (released) {
                    violations.incrementAndGet(); // a call reached hardware after its release
                }
                Thread.onSpinWait();
                return 1;
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(30, TimeUnit.SECONDS)) {
            fail("timed out after 30 s waiting for " + what);
        }
    }

    @Test
    void unplugRacingCallsNeverLetsACallSeeReleasedHardware() throws Exception {
        System.out.println("UnpluggableStressTest seed " + SEED + " (replay with -Ddevres4j.seed=" + SEED + ")");
        java.util.Random rnd = new java.util.Random(SEED);
        int threads = 4;
        for (int round = 0; round < 40; round++) {
            Hw hw = new Hw();
            Unpluggable<Hw> dev = Unpluggable.create("gpu" + round, hw);
            dev.onUnplug("unmap", h -> {
                if (h.inside.get() != 0) {
                    h.violations.incrementAndGet(); // released while a call was inside
                }
                h.released = true;
            });
            CountDownLatch started = new CountDownLatch(threads);
            AtomicInteger refused = new AtomicInteger();
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(() -> {
                    started.countDown();
                    for (;;) {
                        try {
                            dev.call(Hw::touch);
                        } catch (DeviceGoneException gone) {
                            refused.incrementAndGet();
                            return null;
                        }
                    }
                }));
            }
            await(started, "the callers of round " + round);
            Thread.sleep(rnd.nextInt(3));
            dev.unplug();
            assertThat(hw.inside).as("calls inside when unplug() returned, round %d", round).hasValue(0);
            assertThat(hw.released).isTrue();
            for (Future<?> f : callers) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(refused).as("every caller ends refused").hasValue(threads);
            assertThat(hw.violations).as("calls that saw released hardware, round %d", round).hasValue(0);
        }
    }

    @Test
    void unplugFromInsideACallWhileOthersCallFinishesAfterEveryCallReturned() throws Exception {
        for (int round = 0; round < 20; round++) {
            Hw hw = new Hw();
            Unpluggable<Hw> dev = Unpluggable.create("port" + round, hw);
            AtomicBoolean releasedWithCallInside = new AtomicBoolean();
            AtomicInteger releasedOn = new AtomicInteger();
            dev.onUnplug("close", h -> {
                releasedWithCallInside.set(h.inside.get() != 0);
                releasedOn.incrementAndGet();
                h.released = true;
            });
            CountDownLatch running = new CountDownLatch(3);
            List<Future<?>> others = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                others.add(pool.submit(() -> {
                    running.countDown();
                    for (;;) {
                        try {
                            dev.call(Hw::touch);
                        } catch (DeviceGoneException gone) {
                            return null;
                        }
                    }
                }));
            }
            await(running, "the other callers");
            Future<Boolean> callback = pool.submit(() -> dev.call(h -> {
                h.inside.incrementAndGet();
                try {
                    dev.unplug(); // the data callback detaches: returns without waiting for itself
                    return dev.isUnplugged();
                } finally {
                    h.inside.decrementAndGet();
                }
            }));
            assertThat(callback.get(30, TimeUnit.SECONDS)).as("unplugged while its caller was still inside").isFalse();
            UnplugReport report = dev.whenUnplugged().get(30, TimeUnit.SECONDS);
            assertThat(report.isClean()).isTrue();
            for (Future<?> f : others) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(releasedOn).hasValue(1);
            assertThat(releasedWithCallInside).isFalse();
            assertThat(hw.violations).hasValue(0);
        }
    }

    @Test
    void everyConcurrentUnplugCallerReturnsOnlyAfterTheTeardown() throws Exception {
        int callers = 8;
        for (int round = 0; round < 20; round++) {
            Hw hw = new Hw();
            Unpluggable<Hw> dev = Unpluggable.create("usb" + round, hw);
            AtomicInteger releases = new AtomicInteger();
            AtomicInteger arrived = new AtomicInteger();
            dev.onUnplug("slow-close", h -> {
                // keep the teardown going until every caller has called unplug(): each of them must wait
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (arrived.get() < callers && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                releases.incrementAndGet();
                h.released = true;
            });
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                results.add(pool.submit(() -> {
                    await(go, "the start signal");
                    arrived.incrementAndGet();
                    dev.unplug();
                    return hw.released && dev.isUnplugged(); // after return: the teardown is complete
                }));
            }
            go.countDown();
            for (Future<Boolean> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).as("a caller returned before the teardown finished").isTrue();
            }
            assertThat(arrived).hasValue(callers);
            assertThat(releases).as("the hardware list ran once").hasValue(1);
        }
    }

    /** A port whose read blocks until data arrives or the read is aborted, like a native read(2). */
    static final class BlockingPort {
        private final SynchronousQueue<Integer> line = new SynchronousQueue<>();
        private volatile Thread reader;
        final CountDownLatch reading = new CountDownLatch(1);

        int read() throws IOException {
            reader = Thread.currentThread();
            reading.countDown();
            try {
                return line.take();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("read aborted");
            } finally {
                reader = null;
            }
        }

        void abort() {
            Thread r = reader;
            if (r != null) {
                r.interrupt();
            }
        }
    }

    @Test
    void theWakeHookUnblocksABlockedReadAndTheReaderGetsDeviceGone() throws Exception {
        for (int round = 0; round < 10; round++) {
            BlockingPort raw = new BlockingPort();
            Unpluggable<BlockingPort> port = Unpluggable.builder("ttyACM" + round, raw).onWake(BlockingPort::abort).build();
            AtomicBoolean closed = new AtomicBoolean();
            port.onUnplug("close", p -> closed.set(true));
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    port.call(BlockingPort::read);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            }, pool);
            await(raw.reading, "the reader to block in read()");
            port.unplug(); // without the wake hook this would wait for the blocked read for ever
            assertThat(closed).isTrue();
            Throwable seen = reader.get(30, TimeUnit.SECONDS);
            assertThat(seen).isExactlyInstanceOf(DeviceGoneException.class)
                    .hasCauseExactlyInstanceOf(InterruptedIOException.class)
                    .hasMessage("call on 'ttyACM" + round + "' failed: the device was unplugged while the call was in flight"
                            + " (the handle threw InterruptedIOException)");
        }
    }

    @Test
    void aTransferOpenedHereAndClosedOnAnotherThreadHoldsTheUnplugUntilItCompletes() throws Exception {
        Hw hw = new Hw();
        Unpluggable<Hw> usb = Unpluggable.create("usb1-1", hw);
        usb.onUnplug("release-interface", h -> h.released = true);
        Unpluggable.Transfer<Hw> transfer = usb.begin(); // submitted on this thread
        CountDownLatch complete = new CountDownLatch(1);
        Future<Boolean> completion = pool.submit(() -> {
            await(complete, "the completion signal");
            boolean sawHardware = !transfer.handle().released;
            transfer.close(); // the completion callback, on another thread
            return sawHardware;
        });
        CompletableFuture<UnplugReport> unplug = usb.unplugAsync();
        assertThat(usb.isPlugged()).isFalse();
        // the transfer is still open, so the teardown cannot have finished: a bounded look, not a timing assumption
        assertThatNotDoneWithin(unplug, Duration.ofMillis(200));
        assertThat(hw.released).isFalse();
        complete.countDown();
        assertThat(completion.get(30, TimeUnit.SECONDS)).as("the completion saw live hardware").isTrue();
        UnplugReport report = unplug.get(30, TimeUnit.SECONDS);
        assertThat(report.isClean()).isTrue();
        assertThat(hw.released).isTrue();
    }

    private static void assertThatNotDoneWithin(CompletableFuture<?> f, Duration d) throws Exception {
        try {
            f.get(d.toMillis(), TimeUnit.MILLISECONDS);
            fail("the unplug finished while a transfer was still open");
        } catch (TimeoutException expected) {
            // still waiting for the transfer, as it must
        }
    }

    @Test
    void clientsOpeningAndClosingAcrossTheUnplugReleaseTheSoftwareExactlyOnceAfterTheHardware() throws Exception {
        int threads = 4;
        for (int round = 0; round < 30; round++) {
            Hw hw = new Hw();
            Unpluggable<Hw> dev = Unpluggable.create("ctx" + round, hw);
            AtomicInteger softwareReleases = new AtomicInteger();
            AtomicBoolean softwareBeforeHardware = new AtomicBoolean();
            dev.onUnplug("unmap", h -> h.released = true);
            dev.onLastPut("free-context", d -> {
                softwareReleases.incrementAndGet();
                softwareBeforeHardware.set(!hw.released);
            });
            CountDownLatch running = new CountDownLatch(threads);
            List<Future<Integer>> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                clients.add(pool.submit(() -> {
                    int opened = 0;
                    for (;;) {
                        Unpluggable.Client c;
                        try {
                            c = dev.open();
                        } catch (DeviceGoneException gone) {
                            return opened;
                        }
                        if (++opened == 1) {
                            running.countDown(); // the unplug starts once every client holds its first reference
                        }
                        dev.alloc("scratch", Object::new).get(); // software state is usable while a client holds it
                        c.close();
                    }
                }));
            }
            await(running, "the clients of round " + round);
            dev.unplug();
            int opened = 0;
            for (Future<Integer> f : clients) {
                opened += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(opened).as("clients opened before the unplug, round %d", round).isPositive();
            assertThat(softwareReleases).as("software releases, round %d", round).hasValue(1);
            assertThat(softwareBeforeHardware).as("software released before the hardware, round %d", round).isFalse();
            assertThat(dev.isReleased()).isTrue();
            assertThat(dev.references()).isZero();
        }
    }
}
