package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stress for the interrupt-safe waits: real threads race readers against a shutter (or revoker) that is
 * interrupted at a random moment, over many rounds. Whatever the interleaving: when shut/revoke returns
 * no reader is inside, the value is freed exactly once and never under a reader, and the interrupt
 * status is still set. Seeded (the seed picks the delays; thread scheduling is not replayable).
 */
class WaitStressTest {

    private static final int ROUNDS = 300;
    private static final int READERS = 2;

    @Test
    @Timeout(120)
    void anInterruptedShutNeverReturnsWithAReaderInsideAndKeepsTheInterrupt() throws Exception {
        long seed = Fixtures.seed("WaitStressTest shut");
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < ROUNDS; round++) {
            Gate gate = round % 2 == 0 ? Gate.create("g" + round) : Gate.createTracked("g" + round);
            AtomicBoolean hardwareAlive = new AtomicBoolean(true);
            AtomicInteger sawDead = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(new Thread(() -> {
                    while (!stop.get()) {
                        try (Gate.Section s = gate.enter()) {
                            if (!s.entered()) {
                                return;
                            }
                            if (!hardwareAlive.get()) {
                                sawDead.incrementAndGet();
                            }
                            Thread.onSpinWait();
                        }
                    }
                }, "reader-" + r));
            }
            readers.forEach(Thread::start);
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            AtomicBoolean interruptDelivered = new AtomicBoolean(); // set once interrupt() has returned
            AtomicBoolean mustBeInterrupted = new AtomicBoolean();
            AtomicReference<Long> insideAfter = new AtomicReference<>();
            boolean selfInterrupt = round % 3 == 0;
            Thread shutter = new Thread(() -> {
                if (selfInterrupt) {
                    Thread.currentThread().interrupt(); // pending during the whole wait
                }
                gate.shut();
                insideAfter.set(gate.inside());
                hardwareAlive.set(false); // teardown: no reader may see this
                mustBeInterrupted.set(selfInterrupt || interruptDelivered.get());
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            }, "shutter");
            shutter.start();
            if (!selfInterrupt) {
                if (random.nextBoolean()) {
                    Thread.sleep(0, random.nextInt(200_000));
                }
                shutter.interrupt();
                interruptDelivered.set(true);
            }
            shutter.join(TimeUnit.SECONDS.toMillis(30));
            stop.set(true);
            for (Thread t : readers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(shutter.isAlive()).as("seed %d round %d: shut returned", seed, round).isFalse();
            assertThat(insideAfter.get()).as("seed %d round %d: nobody inside when shut returned", seed, round).isZero();
            assertThat(sawDead.get()).as("seed %d round %d: no reader saw the teardown", seed, round).isZero();
            if (mustBeInterrupted.get()) {
                assertThat(interruptedAfter.get()).as("seed %d round %d: the interrupt was kept", seed, round).isTrue();
            }
        }
    }

    @Test
    @Timeout(120)
    void anInterruptedRevokeFreesExactlyOnceAndNeverUnderAReader() throws Exception {
        long seed = Fixtures.seed("WaitStressTest revoke");
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < ROUNDS; round++) {
            AtomicBoolean freed = new AtomicBoolean();
            AtomicInteger frees = new AtomicInteger();
            AtomicInteger sawFreed = new AtomicInteger();
            Revocable<AtomicBoolean> r = Revocable.create("r" + round, freed, f -> {
                frees.incrementAndGet();
                f.set(true);
            });
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(READERS);
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                readers.add(new Thread(() -> {
                    started.countDown();
                    while (!stop.get() && r.run(f -> {
                        if (f.get()) {
                            sawFreed.incrementAndGet();
                        }
                    })) {
                        Thread.onSpinWait();
                    }
                }, "reader-" + i));
            }
            readers.forEach(Thread::start);
            started.await();
            boolean interruptibly = random.nextBoolean();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            Thread revoker = new Thread(() -> {
                Thread.currentThread().interrupt(); // pending during the whole wait
                try {
                    if (interruptibly) {
                        r.revokeInterruptibly();
                    } else {
                        r.revoke();
                    }
                } catch (Throwable t) {
                    thrown.set(t);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            }, "revoker");
            revoker.start();
            revoker.join(TimeUnit.SECONDS.toMillis(30));
            stop.set(true);
            for (Thread t : readers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (thrown.get() != null) {
                assertThat(thrown.get()).as("seed %d round %d", seed, round).isInstanceOf(InterruptedException.class);
                assertThat(interruptibly).isTrue();
                assertThat(r.isRevoked()).isTrue();
                r.revoke(); // finishes the job once the readers are gone
            } else if (!interruptibly) {
                assertThat(interruptedAfter.get()).as("seed %d round %d: the interrupt was kept", seed, round).isTrue();
            }
            assertThat(revoker.isAlive()).isFalse();
            assertThat(frees.get()).as("seed %d round %d: freed exactly once", seed, round).isEqualTo(1);
            assertThat(sawFreed.get()).as("seed %d round %d: no reader saw the value freed", seed, round).isZero();
        }
    }
}
