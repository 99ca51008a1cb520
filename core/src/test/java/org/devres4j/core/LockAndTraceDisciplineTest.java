package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.devres4j.core.Fixtures.Dev;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The list's two disciplines: no user code (an action's name, a group id's toString) runs under the
 * list lock, and no REL or DEL of a resource is traced before its ADD, even when adds race releases.
 */
class LockAndTraceDisciplineTest {

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        other.shutdownNow();
    }

    /** A name that asks the list something from another thread: it would wait forever under the lock. */
    private Release<Dev> probingName(ResourceList<Dev> list) {
        return new Release<>() {
            @Override
            public void release(Dev owner) {
            }

            @Override
            public String name() {
                try {
                    return "probe(" + other.submit(list::size).get(2, TimeUnit.SECONDS) + ")";
                } catch (Exception e) {
                    throw new AssertionError("name() was called under the list lock: " + e, e);
                }
            }
        };
    }

    @Test
    @Timeout(20)
    void actionNamesAreNeverAskedUnderTheLock() {
        ResourceList<Dev> list = ResourceList.create(new Dev("dev0"), "dev0");
        ResourceList<Dev> elsewhere = ResourceList.create(new Dev("dev1"), "dev1");
        Handle h = list.add(probingName(list));
        assertThat(list.leakReport().entries()).extracting(LeakReport.Entry::name).containsExactly("probe(1)");
        assertThatThrownBy(() -> elsewhere.remove(h)).hasMessageContaining("action 'probe(1)' is not on this list");
        list.remove(h);
        assertThatThrownBy(() -> list.release(h)).hasMessageContaining("was already released or removed");
    }

    @Test
    @Timeout(20)
    void aGroupIdsToStringIsNeverCalledUnderTheLock() {
        ResourceList<Dev> list = ResourceList.create(new Dev("dev0"), "dev0");
        Object id = new Object() {
            @Override
            public String toString() {
                try {
                    return "id(" + other.submit(list::size).get(2, TimeUnit.SECONDS) + ")";
                } catch (Exception e) {
                    throw new AssertionError("toString() was called under the list lock: " + e, e);
                }
            }
        };
        assertThatThrownBy(() -> list.closeGroup(id)).hasMessageContaining("no group with id 'id(0)'");
        assertThatThrownBy(() -> list.releaseGroup(id)).hasMessageContaining("no group with id 'id(0)'");
    }

    @Test
    @Timeout(60)
    void noReleaseIsTracedBeforeItsAddWhenAddsRaceReleases() throws Exception {
        long seed = Long.getLong("devres4j.seed", System.nanoTime());
        System.out.println("LockAndTraceDisciplineTest seed " + seed + " (replay: -Ddevres4j.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 40; round++) {
            List<TraceEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
            ResourceList<Dev> list = ResourceList.create(new Dev("dev0"), "dev0", events::add);
            int adds = 200 + random.nextInt(200);
            CountDownLatch go = new CountDownLatch(1);
            Thread adder = new Thread(() -> {
                await(go);
                for (int i = 0; i < adds; i++) {
                    list.add("a" + i, o -> { });
                }
            });
            Thread releaser = new Thread(() -> {
                await(go);
                for (int i = 0; i < adds / 10; i++) {
                    list.releaseAll("r" + i);
                }
            });
            adder.start();
            releaser.start();
            go.countDown();
            adder.join();
            releaser.join();
            list.releaseAll("final");
            Map<Integer, String> seen = new HashMap<>();
            synchronized (events) {
                for (TraceEvent e : events) {
                    if (e.verb().equals(TraceEvent.ADD)) {
                        assertThat(seen.put(e.order(), "ADD")).as("seed %d: #%d added twice", seed, e.order()).isNull();
                    } else if (e.verb().equals(TraceEvent.REL)) {
                        assertThat(seen.get(e.order())).as("seed %d: REL of #%d before its ADD", seed, e.order())
                                .isEqualTo("ADD");
                        seen.put(e.order(), "REL");
                    }
                }
            }
            assertThat(seen).as("seed %d: every add released once", seed).hasSize(adds).allSatisfy((k, v) -> assertThat(v).isEqualTo("REL"));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Timeout(60)
    void noOrderNumberIsHandedOutAgainWhileItsResourceIsStillLive() throws Exception {
        long seed = Long.getLong("devres4j.seed", System.nanoTime());
        System.out.println("LockAndTraceDisciplineTest order-number seed " + seed);
        for (int round = 0; round < 8; round++) {
            List<TraceEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
            ResourceList<Dev> list = ResourceList.create(new Dev("dev0"), "dev0", events::add);
            list.add("base", o -> { }); // stays: the chain never empties, so numbers come from the head's
            SplittableRandom random = new SplittableRandom(seed + round);
            Thread[] workers = new Thread[2];
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < workers.length; t++) {
                boolean release = random.nextBoolean();
                workers[t] = new Thread(() -> {
                    await(go);
                    for (int i = 0; i < 20_000; i++) {
                        Handle h = list.add("x", o -> { });
                        if (release) {
                            list.release(h);
                        } else {
                            list.remove(h);
                        }
                    }
                });
            }
            for (Thread w : workers) {
                w.start();
            }
            go.countDown();
            for (Thread w : workers) {
                w.join();
            }
            java.util.Set<Integer> live = new java.util.HashSet<>();
            synchronized (events) {
                for (TraceEvent e : events) {
                    if (e.verb().equals(TraceEvent.ADD)) {
                        assertThat(live.add(e.order())).as("seed %d round %d: ADD #%d while #%d is still live", seed, round,
                                e.order(), e.order()).isTrue();
                    } else if (e.verb().equals(TraceEvent.REL) || e.verb().equals(TraceEvent.DEL)) {
                        assertThat(live.remove(e.order())).as("seed %d round %d: %s of #%d, which is not live", seed, round,
                                e.verb(), e.order()).isTrue();
                    }
                }
            }
            assertThat(live).as("only the base is left").hasSize(1);
        }
    }
}
