package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tracked gate's one-fence read side under real threads: readers (token form, section form, nested)
 * enter and exit while a shutter shuts. Every reader checks, inside its section, whether shut() has
 * already returned: if it ever has, a reader was inside after the shutter stopped waiting — the Dekker
 * handshake or the exit's release store failed. Readers start at random moments, so some register their
 * cell while the shut is under way. Seeded: the seed picks the delays, forms and shut variant (thread
 * scheduling is not replayable).
 */
class TrackedGateStressTest {

    private static final int ROUNDS = 300;
    private static final int READERS = 3;

    @Test
    @Timeout(180)
    void noReaderIsInsideOnceShutReturns() throws Exception {
        long seed = Fixtures.seed("TrackedGateStressTest shut");
        SplittableRandom random = new SplittableRandom(seed);
        AtomicInteger entered = new AtomicInteger();
        for (int round = 0; round < ROUNDS; round++) {
            Gate gate = Gate.createTracked("g" + round);
            AtomicBoolean shutReturned = new AtomicBoolean();
            AtomicInteger violations = new AtomicInteger();
            CountDownLatch allOut = new CountDownLatch(READERS);
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                long startDelay = random.nextInt(3) == 0 ? random.nextInt(300_000) : 0;
                int form = random.nextInt(3);
                readers.add(new Thread(() -> {
                    try {
                        if (startDelay > 0) {
                            LockSupport.parkNanos(startDelay); // some register their cell while the shut runs
                        }
                        while (oneSection(gate, form, shutReturned, violations)) {
                            entered.incrementAndGet();
                        }
                    } finally {
                        allOut.countDown();
                    }
                }, "reader-" + r));
            }
            readers.forEach(Thread::start);
            if (random.nextBoolean()) {
                LockSupport.parkNanos(random.nextInt(500_000));
            }
            switch (random.nextInt(3)) {
                case 0 -> gate.shut();
                case 1 -> assertThat(gate.shut(Duration.ofSeconds(60))).as("seed %d round %d: shut(60 s) drained", seed, round).isTrue();
                default -> gate.shutInterruptibly();
            }
            shutReturned.set(true);
            assertThat(allOut.await(60, TimeUnit.SECONDS)).as("seed %d round %d: every reader was refused in the end", seed, round).isTrue();
            for (Thread t : readers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(violations.get()).as("seed %d round %d: readers inside after shut() returned", seed, round).isZero();
            assertThat(gate.inside()).as("seed %d round %d: nothing left counted", seed, round).isZero();
            assertThat(gate.tryEnter()).as("seed %d round %d: the gate stays shut", seed, round).isEqualTo(Gate.REFUSED);
        }
        assertThat(entered.get()).as("seed %d: readers did get in before the shuts (the race was run)", seed).isPositive();
    }

    /* one section in the given form; false once refused. Inside, it records whether shut() had returned. */
    private static boolean oneSection(Gate gate, int form, AtomicBoolean shutReturned, AtomicInteger violations) {
        switch (form) {
            case 0 -> {
                int token = gate.tryEnter();
                if (token == Gate.REFUSED) {
                    return false;
                }
                check(shutReturned, violations);
                gate.exit(token);
            }
            case 1 -> {
                try (Gate.Section s = gate.enter()) {
                    if (!s.entered()) {
                        return false;
                    }
                    check(shutReturned, violations);
                }
            }
            default -> {
                try (Gate.Section outer = gate.enter()) {
                    if (!outer.entered()) {
                        return false;
                    }
                    int inner = gate.tryEnter(); // may be refused: the outer section still holds the shut off
                    check(shutReturned, violations);
                    if (inner != Gate.REFUSED) {
                        gate.exit(inner);
                    }
                    check(shutReturned, violations);
                }
            }
        }
        return true;
    }

    private static void check(AtomicBoolean shutReturned, AtomicInteger violations) {
        if (shutReturned.get()) {
            violations.incrementAndGet();
        }
    }

    @Test
    @Timeout(180)
    void tenThousandShortLivedThreadsLeaveABoundedRegistry() throws Exception {
        TrackedGate gate = (TrackedGate) Gate.createTracked("churn");
        int batch = 4;
        AtomicInteger refused = new AtomicInteger();
        for (int started = 0; started < 10_000; started += batch) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                threads.add(new Thread(() -> {
                    int token = gate.tryEnter();
                    if (token == Gate.REFUSED) {
                        refused.incrementAndGet();
                        return;
                    }
                    gate.exit(token);
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(gate.registeredCells()).as("cells after %d threads", started + batch).isLessThanOrEqualTo(2 * batch);
        }
        assertThat(refused.get()).isZero();
        assertThat(gate.slotCapacity()).as("the registry never grew past two batches of threads").isLessThanOrEqualTo(2 * batch);
        assertThat(gate.inside()).isZero();
    }

    @Test
    @Timeout(60)
    void aThreadThatEndsInsideASectionStaysCountedThroughTheChurn() throws Exception {
        TrackedGate gate = (TrackedGate) Gate.createTracked("leak");
        Thread leaker = new Thread(gate::tryEnter, "leaker"); // enters and ends without its exit
        leaker.start();
        leaker.join();
        for (int i = 0; i < 100; i++) {
            Thread t = new Thread(() -> gate.exit(gate.tryEnter()));
            t.start();
            t.join();
        }
        assertThat(gate.inside()).as("the leaked section is not pruned with the ended threads").isEqualTo(1);
        assertThat(gate.registeredCells()).isLessThanOrEqualTo(2);
        assertThat(gate.shut(Duration.ofMillis(20))).as("shut still waits for the leaked section").isFalse();
    }
}
