package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.devres4j.core.Fixtures.Dev;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The confinement rule under load: the owner thread adds (with handles and handle-less, into action
 * chunks), releases by handle, releases groups and
 * releases everything in a seeded random loop while foreign threads hammer every method family of the
 * same list. Every foreign call must be refused with a {@link ListConfinementException} (no call gets
 * through, none fails another way), and the owner's books balance: every action added ran exactly once.
 */
class ConfinementStressTest {

    private static final int FOREIGN_THREADS = 3;
    private static final int OWNER_STEPS = 20_000;
    /** Refusals each foreign thread must have met before the owner finishes: the threads really overlapped. */
    private static final int MIN_REFUSALS = 200;

    @Test
    @Timeout(120)
    void everyForeignCallIsRefusedWhileTheOwnerLosesNothing() throws Exception {
        long seed = Fixtures.seed("ConfinementStressTest");
        Random random = new Random(seed);
        ResourceList<Dev> list = ResourceList.confined(new Dev("dev0"), "dev0");
        AtomicLong ran = new AtomicLong();
        Release<Dev> count = Release.named("counted", owner -> ran.incrementAndGet());
        AtomicReference<Handle> published = new AtomicReference<>(list.add("first", count)); // what a foreign thread aims at
        long added = 1;

        List<Consumer<ResourceList<Dev>>> families = List.of(
                l -> l.add("x", count), l -> l.addAction(count), l -> l.addOrReset("x", count), l -> l.alloc("x", () -> 1), l -> l.allocBytes("x", 4),
                l -> l.release(published.get()), l -> l.remove(published.get()), l -> l.releaseAll("foreign"),
                l -> l.openGroup("fg"), l -> l.releaseGroup(null), l -> l.findNamed("n"), l -> l.findMatch((o, d) -> { }, d -> true),
                ResourceList::size, ResourceList::names, l -> l.contains(published.get()), ResourceList::leakReport, ResourceList::isClosed);
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(FOREIGN_THREADS);
        CountDownLatch enough = new CountDownLatch(FOREIGN_THREADS);
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] foreign = new Thread[FOREIGN_THREADS];
        for (int t = 0; t < FOREIGN_THREADS; t++) {
            int first = t;
            foreign[t] = new Thread(() -> {
                started.countDown();
                int mine = 0;
                for (int i = first; !stop.get(); i++) {
                    Consumer<ResourceList<Dev>> call = families.get(i % families.size());
                    try {
                        call.accept(list);
                        violations.add("call " + (i % families.size()) + " got through on " + Thread.currentThread().getName());
                    } catch (ListConfinementException expected) {
                        refused.incrementAndGet();
                        if (++mine == MIN_REFUSALS) {
                            enough.countDown();
                        }
                    } catch (Throwable other) {
                        violations.add("call " + (i % families.size()) + " failed otherwise: " + other);
                    }
                }
            }, "foreign-" + t);
            foreign[t].start();
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).as("the foreign threads started").isTrue();

        long released = 0;
        try {
            for (int step = 0; step < OWNER_STEPS || enough.getCount() > 0; step++) {
                int dice = random.nextInt(100);
                if (dice < 55) {
                    published.set(list.add("a" + step, count));
                    added++;
                } else if (dice < 70) { // handle-less: action chunks, interleaved with the nodes above
                    int n = 1 + random.nextInt(2 * ActionChunk.CAPACITY);
                    for (int i = 0; i < n; i++) {
                        list.addAction(count);
                    }
                    added += n;
                } else if (dice < 85) {
                    Handle h = published.get();
                    if (list.contains(h)) {
                        list.release(h);
                        released++;
                    }
                } else if (dice < 95) {
                    Group g = list.openGroup();
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        if (random.nextBoolean()) {
                            list.add("g" + i, count);
                        } else {
                            list.addAction(count);
                        }
                    }
                    added += n;
                    released += g.release();
                } else {
                    released += list.releaseAll("unbind");
                }
                if (step > 10 * OWNER_STEPS) {
                    throw new AssertionError("the foreign threads met too few refusals: " + enough.getCount() + " of "
                            + FOREIGN_THREADS + " short of " + MIN_REFUSALS + " (seed " + seed + ")");
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : foreign) {
                t.join(30_000);
                assertThat(t.isAlive()).as(t.getName() + " stopped").isFalse();
            }
        }
        released += list.releaseAll("unbind");

        assertThat(violations).as("every foreign call is refused (seed " + seed + ")").isEmpty();
        assertThat(refused.get()).isGreaterThanOrEqualTo(FOREIGN_THREADS * MIN_REFUSALS);
        assertThat(released).as("the owner's count of released (seed " + seed + ")").isEqualTo(added);
        assertThat(ran.get()).as("every added action ran exactly once (seed " + seed + ")").isEqualTo(added);
        assertThat(list.isEmpty()).isTrue();
        System.out.println("ConfinementStressTest: " + added + " added and released by the owner, " + refused.get()
                + " foreign calls refused");
    }
}
