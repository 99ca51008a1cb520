package org.devres4j.drm;

import org.devres4j.uapi.Namespace;
import org.devres4j.drivers.vgpu.Vgpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.devres4j.core.DataRelease;
import org.devres4j.core.ReleaseFailedException;
import org.devres4j.core.TraceEvent;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.junit.jupiter.api.Test;

/** Review fixes of the DRM layer: worker drain, releaseAction, register without the lock, races, vgpu list, faults. */
class DrmReviewFixesTest {
    private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());

    private static Device addedParent(Bus bus, String name) {
        Device parent = bus.newDevice(name);
        parent.add();
        return parent;
    }

    // ------------------------------------------------------------------ Drmm.orderedWorker

    @Test
    void aLastPutOnTheOrderedWorkerItselfDoesNotWaitForItself() throws Exception {
        Bus bus = new Bus("worker-put");
        Device parent = addedParent(bus, "gpu0");
        DrmDevice d = DrmDevice.alloc(World.plainDriver(events), parent, dd -> "container");
        ExecutorService worker = Drmm.orderedWorker(d, "w").get();
        AtomicBoolean queuedRan = new AtomicBoolean();
        long start = System.nanoTime();
        java.util.concurrent.CountDownLatch queued = new java.util.concurrent.CountDownLatch(1);
        Future<?> last = worker.submit(() -> {
            queued.await(5, TimeUnit.SECONDS);
            d.put(); // the queued task drops the last reference
            return null;
        });
        worker.submit(() -> queuedRan.set(true));
        queued.countDown();
        last.get(5, TimeUnit.SECONDS); // before the fix: a 30 s self-wait, then ReleaseFailedException
        assertThat(d.isFreed()).isTrue();
        assertThat(worker.isShutdown()).as("the release stopped the worker taking work").isTrue();
        assertThat(worker.awaitTermination(5, TimeUnit.SECONDS)).as("the thread ends after its last task").isTrue();
        assertThat(queuedRan).as("work queued before the release still ran").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
        parent.del();
        parent.put();
    }

    // ------------------------------------------------------------------ drmm_release_action

    @Test
    void releaseOfAMissingPairIsRefusedAndChangesNothing() {
        Bus bus = new Bus("release-action");
        Device parent = addedParent(bus, "gpu0");
        DrmDevice d = DrmDevice.alloc(World.plainDriver(events), parent, dd -> "container");
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        DataRelease<DrmDevice, String> action = (dev, s) -> ran.add(s);
        d.managed().add("act", action, "A");
        d.managed().release(action, "A");
        assertThat(ran).containsExactly("A");
        assertThatThrownBy(() -> d.managed().release(action, "A")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("release on '" + d.name() + "': no action with this (action, data = A) pair is on the list"
                        + " — it was never added here, or it was already released or removed");
        assertThat(ran).containsExactly("A");

        DataRelease<DrmDevice, String> failing = (dev, s) -> {
            throw new IllegalArgumentException("the action's own failure");
        };
        d.managed().add("bad", failing, "B");
        assertThatThrownBy(() -> d.managed().release(failing, "B"))
                .as("an action that throws is a release failure, not a missing pair")
                .isInstanceOf(ReleaseFailedException.class);
        d.put();
        parent.del();
        parent.put();
    }

    // ------------------------------------------------------------------ register / unregister

    /** A namespace that runs a hook on another thread inside its first publish, and waits for it. */
    private static final class HookedNamespace extends ForwardingNamespace {
        volatile Runnable onFirstPublish;
        final AtomicBoolean hookFinished = new AtomicBoolean();
        volatile boolean finishedDuringPublish;

        HookedNamespace() {
            super("hooked");
        }

        @Override
        public void publish(String path, String owner) {
            inner.publish(path, owner);
            Runnable hook = onFirstPublish;
            if (hook != null) {
                onFirstPublish = null;
                Thread t = new Thread(() -> {
                    hook.run();
                    hookFinished.set(true);
                }, "namespace-hook");
                t.setDaemon(true);
                t.start();
                try {
                    t.join(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finishedDuringPublish = hookFinished.get();
            }
        }
    }

    @Test
    void registerCallsTheNamespaceWithoutTheDeviceLockAndAConcurrentUnregisterWins() {
        HookedNamespace ns = new HookedNamespace();
        Bus bus = new Bus("register-unlocked", ns);
        Device parent = addedParent(bus, "gpu0");
        DrmDevice d = DrmDevice.alloc(World.plainDriver(events), parent, dd -> "container");
        AtomicReference<Boolean> withdrew = new AtomicReference<>();
        ns.onFirstPublish = () -> withdrew.set(d.unregister());
        d.register();
        assertThat(ns.finishedDuringPublish).as("an unregister from another thread did not block on the device lock "
                + "while the namespace was being called").isTrue();
        assertThat(withdrew.get()).as("the unregister withdrew the registration in progress").isTrue();
        assertThat(d.isRegistered()).isFalse();
        assertThat(ns.paths()).as("no name is left behind").isEmpty();

        d.register(); // registering again works, with every name
        assertThat(d.isRegistered()).isTrue();
        assertThat(ns.paths()).contains("/dev/dri/" + d.name(), "/sys/class/drm/" + d.name());
        assertThat(d.unregister()).isTrue();
        assertThat(ns.paths()).isEmpty();
        d.put();
        parent.del();
        parent.put();
    }

    // ------------------------------------------------------------------ races: bridge counter, zap

    @Test
    void concurrentEnablesAreAllCounted() throws Exception {
        Bridge bridge = Bridge.create("b0", null);
        int threads = 4;
        int each = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger go = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    awaitGo(go, 1);
                    for (int i = 0; i < each; i++) {
                        bridge.enable();
                    }
                    return null;
                }));
            }
            go.set(1);
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(bridge.enableCount()).as("no enable was lost").isEqualTo(threads * each);
        bridge.put();
        assertThatThrownBy(bridge::enableCount).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use of bridge 'b0' after its last put");
    }

    @Test
    void racingZapsZapAMappingExactlyOnce() throws Exception {
        AtomicInteger go = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 1; i <= 20000; i++) {
                DrmMapping m = new DrmMapping(null, null, 0, 1);
                int round = i;
                Future<Boolean> a = pool.submit(() -> zapWhenGo(m, go, round));
                Future<Boolean> b = pool.submit(() -> zapWhenGo(m, go, round));
                go.set(round); // both threads spin on this, so their zaps start within nanoseconds
                int wins = (a.get(10, TimeUnit.SECONDS) ? 1 : 0) + (b.get(10, TimeUnit.SECONDS) ? 1 : 0);
                assertThat(wins).as("iteration " + i + ": exactly one zap wins").isEqualTo(1);
                assertThat(m.isZapped()).isTrue();
                assertThat(m.zap()).as("a later zap does nothing").isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean zapWhenGo(DrmMapping m, AtomicInteger go, int round) {
        awaitGo(go, round);
        return m.zap();
    }

    private static void awaitGo(AtomicInteger go, int round) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (go.get() != round) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("round " + round + " never started");
            }
            Thread.onSpinWait();
        }
    }

    // ------------------------------------------------------------------ Vgpu.instances

    @Test
    void vgpuForgetsAFreedDeviceButKeepsOneAFileStillHolds() {
        World w = new World("vgpu-instances");
        Device dev = w.plugVgpu("vgpu0", 0x7000, 3);
        for (int i = 0; i < 20; i++) {
            assertThat(w.vgpu.instances()).as("cycle " + i + ": only the live card").hasSize(1);
            dev.unbind();
            assertThat(w.vgpu.instances()).as("cycle " + i + ": the freed card left the list").isEmpty();
            dev.bind();
        }
        DrmDevice card = w.latest();
        DrmFile f = card.open();
        dev.unbind();
        assertThat(card.isFreed()).isFalse();
        assertThat(w.vgpu.instances()).as("an open file keeps the card, and the list shows it").containsExactly(card);
        f.close();
        assertThat(card.isFreed()).isTrue();
        assertThat(w.vgpu.instances()).isEmpty();
        dev.del();
        dev.put();
    }

    // ------------------------------------------------------------------ Faults

    @Test
    void aFaultHookBelongsToItsDriverAndNeverFiresForAnother() throws Exception {
        FailAt armed = new FailAt();
        armed.at(1);
        World mine = new World("faults-mine", java.util.Set.of(), armed);
        World other = new World("faults-other");
        Device[] dev = new Device[1];
        Thread prober = new Thread(() -> dev[0] = other.plugVgpu("vgpu0", 0x8000, 4));
        prober.start();
        prober.join(10_000);
        assertThat(dev[0].isBound()).as("another driver's probe, on another thread, does not hit the armed hook").isTrue();
        assertThat(armed.seen()).isZero();

        Device failing = mine.plugVgpu("vgpu0", 0x8000, 4);
        assertThat(failing.isBound()).as("this driver's first probe step fails").isFalse();
        assertThat(failing.lastProbeError()).get().isInstanceOf(FailAt.InjectedFault.class);
        assertThat(armed.seen()).isEqualTo(1);
        dev[0].del();
        dev[0].put();
        failing.del();
        failing.put();
    }
}
