package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Faux devices and racing puts: a faux device's device cannot be deleted behind its back (and a
 * parent's del does not make destroy leak it); two racing puts cannot both drop past the bus's reference.
 */
class FauxAndPutRaceTest {

    @Test
    void delOfAFauxDevicesDeviceIsRefusedAndDestroyStillWorks() {
        Bus bus = new Bus("faux-del");
        Log log = new Log();
        FauxDevice faux = FauxDevice.create(bus, "vkms0", b -> b.devres().add("res", d -> log.add("rel res")),
                b -> log.add("remove"));
        Device dev = faux.device();
        assertThatThrownBy(dev::del).isInstanceOf(IllegalStateException.class)
                .hasMessage("del of device 'vkms0' refused: it is a faux device — a faux device is destroyed with "
                        + "FauxDevice.destroy(), which also drops its creator's reference (nothing changed)");
        assertThat(dev.isRegistered()).as("the refused del changed nothing").isTrue();
        assertThat(dev.isBound()).isTrue();
        assertThat(log.lines).isEmpty();

        faux.destroy();
        assertThat(log.lines).containsExactly("remove", "rel res");
        assertThat(dev.isFreed()).as("destroy dropped the creator's reference: nothing leaks").isTrue();
        assertThat(bus.device("vkms0")).isEmpty();
    }

    @Test
    void destroyAfterTheParentsDelOnlyDropsTheCreatorsReference() {
        Bus bus = new Bus("faux-parent");
        Device parent = bus.newDevice("platform0");
        parent.add();
        Log log = new Log();
        FauxDevice faux = FauxDevice.create(bus, "vkms0", parent, null, b -> log.add("remove"));
        Device dev = faux.device();
        parent.del(); // deletes the faux child too
        assertThat(dev.isDeleted()).isTrue();
        assertThat(log.lines).containsExactly("remove");
        assertThat(dev.isFreed()).as("the creator's reference still holds it").isFalse();

        faux.destroy();
        assertThat(dev.isFreed()).as("destroy dropped the creator's reference: nothing leaks").isTrue();
        assertThat(log.lines).as("remove ran once").containsExactly("remove");
        assertThatThrownBy(faux::destroy).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("it was already destroyed");
        parent.put();
        assertThat(parent.isFreed()).isTrue();
    }

    /**
     * Two threads put at once on an added device whose count is 2 (the bus's and one more): exactly one
     * put may pass; the other must be refused, and the device must stay added and alive.
     */
    @Test
    void twoRacingPutsCannotDropTheBussReference() throws Exception {
        long seed = Long.getLong("devres4j.seed", System.nanoTime());
        System.out.println("FauxAndPutRaceTest seed = " + seed + " (replay: -Ddevres4j.seed=" + seed + ")");
        Random rnd = new Random(seed);
        Bus bus = new Bus("put-race");
        AtomicInteger go = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 1; i <= 30_000; i++) {
                String at = "seed=" + seed + " iteration=" + i;
                Device dev = bus.newDevice("dev" + i);
                dev.add(); // count 2: the creator's and the bus's
                int round = i;
                int spinA = rnd.nextInt(8);
                int spinB = rnd.nextInt(8);
                Future<Boolean> a = pool.submit(() -> racePut(dev, go, round, spinA));
                Future<Boolean> b = pool.submit(() -> racePut(dev, go, round, spinB));
                go.set(round); // both threads spin on this, so their puts start within nanoseconds
                int passed = (a.get(10, TimeUnit.SECONDS) ? 1 : 0) + (b.get(10, TimeUnit.SECONDS) ? 1 : 0);
                assertThat(passed).as(at + ": exactly one put passes").isEqualTo(1);
                assertThat(dev.isFreed()).as(at + ": the added device was not freed").isFalse();
                assertThat(dev.refCount()).as(at + ": the bus's reference is left").isEqualTo(1);
                assertThat(dev.isRegistered()).as(at).isTrue();
                dev.del();
                assertThat(dev.isFreed()).as(at + ": del dropped the last reference").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean racePut(Device dev, AtomicInteger go, int round, int spin) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (go.get() != round) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("round " + round + " never started");
            }
            Thread.onSpinWait();
        }
        for (int s = 0; s < spin; s++) {
            Thread.onSpinWait();
        }
        try {
            dev.put();
            return true;
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("the only reference left is the bus's")) {
                throw e;
            }
            return false;
        }
    }

    /** A thread-safe log. */
    private static final class Log {
        final List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        void add(String s) {
            lines.add(s);
        }
    }
}
