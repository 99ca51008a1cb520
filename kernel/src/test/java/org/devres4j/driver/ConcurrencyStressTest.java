package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Probe, unbind, del, rescan and driver (un)registration racing from several threads never run a devres
 * action twice and never lose one. Bounded in iterations; seeded (replay with -Ddevres4j.seed=N).
 */
class ConcurrencyStressTest {

    private static final int ROUNDS = Integer.getInteger("devres4j.stress.rounds", 150);
    private static final int THREADS = 4;
    private static final int OPS = 25;
    private static final int DEVICES = 3;

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void racingBindUnbindDelNeverRunsAnActionTwiceOrLosesOne() throws Exception {
        long seed = Long.getLong("devres4j.seed", System.nanoTime());
        System.out.println("ConcurrencyStressTest seed = " + seed + " (replay: -Ddevres4j.seed=" + seed + ")");
        for (int round = 0; round < ROUNDS; round++) {
            runRound(seed, round);
        }
    }

    private void runRound(long seed, int round) throws Exception {
        String at = "seed=" + seed + " round=" + round;
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicLong ids = new AtomicLong();
        Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
        Bus bus = new Bus("stress");
        Driver driver = TestDrivers.driver("dev", b -> {
            AtomicInteger in = inside.computeIfAbsent(b.name(), n -> new AtomicInteger());
            if (in.incrementAndGet() > 1) {
                errors.add("two probes/removes of " + b.name() + " overlapped: the device lock failed");
            }
            try {
                for (int i = 0; i < 3; i++) {
                    long id = ids.incrementAndGet();
                    runs.put(id, new AtomicInteger());
                    b.devres().add("res-" + id, d -> {
                        if (runs.get(id).incrementAndGet() > 1) {
                            errors.add("action res-" + id + " ran twice");
                        }
                    });
                }
            } finally {
                in.decrementAndGet();
            }
        }, b -> {
            AtomicInteger in = inside.computeIfAbsent(b.name(), n -> new AtomicInteger());
            if (in.incrementAndGet() > 1) {
                errors.add("two probes/removes of " + b.name() + " overlapped: the device lock failed");
            }
            // devres added during remove: released right after, by the same unbind
            long id = ids.incrementAndGet();
            runs.put(id, new AtomicInteger());
            b.devres().add("in-remove-" + id, d -> {
                if (runs.get(id).incrementAndGet() > 1) {
                    errors.add("action in-remove-" + id + " ran twice");
                }
            });
            in.decrementAndGet();
        });
        bus.registerDriver(driver);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            Device d = bus.newDevice("dev" + i);
            d.add();
            devices.add(d);
        }
        // a child of dev0: del of dev0 deletes it first, racing with its own bind/unbind/del
        Device child = bus.newDevice("dev0.1", devices.get(0));
        child.add();
        devices.add(child);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random rnd = new Random(seed * 31 + round * 131L + t);
            futures.add(pool.submit(() -> {
                start.await();
                for (int op = 0; op < OPS; op++) {
                    Device d = devices.get(rnd.nextInt(devices.size()));
                    try {
                        switch (rnd.nextInt(10)) {
                            case 0, 1, 2 -> d.bind();
                            case 3, 4, 5 -> d.unbind();
                            case 6 -> d.del();
                            case 7 -> bus.rescan();
                            case 8 -> bus.unregisterDriver(driver);
                            default -> bus.registerDriver(driver);
                        }
                    } catch (DeviceTeardownException e) {
                        errors.add("unexpected teardown failure: " + e.getMessage());
                    } catch (IllegalStateException | IllegalArgumentException expected) {
                        // a refusal because another thread got there first: state unchanged
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        for (Device d : devices) {
            assertThat(d.isBound() ? d.devres().size() : 3).as(at + " a bound device holds its probe's resources")
                    .isEqualTo(3);
            assertThat(d.isBound() || d.devres().isEmpty()).as(at + " an unbound device holds nothing").isTrue();
        }
        for (Device d : devices) {
            if (!d.isDeleted()) {
                d.del();
            }
            d.put();
        }
        assertThat(errors).as(at).isEmpty();
        assertThat(runs).as(at + " probes ran").isNotEmpty();
        for (Map.Entry<Long, AtomicInteger> e : runs.entrySet()) {
            assertThat(e.getValue().get()).as(at + " action res-" + e.getKey() + " ran exactly once").isEqualTo(1);
        }
        assertThat(bus.liveDevices()).as(at + " every device freed").isEmpty();
        for (Device d : devices) {
            assertThat(d.devres().isEmpty()).as(at).isTrue();
        }
    }
}
