package org.devres4j.drm;

import org.devres4j.uapi.Errno;
import org.devres4j.drivers.vgpu.Vgpu;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.hw.AccessContext;
import org.junit.jupiter.api.Test;

/**
 * unplug() against many ioctl threads: when unplug returns no ioctl is inside the hardware path, and
 * none enters after. Bounded in rounds and ioctls; seeded (replay with -Ddevres4j.seed=N).
 */
class UnplugStressTest {
    private static final int ROUNDS = 40;
    private static final int THREADS = 4;
    private static final int IOCTLS_PER_THREAD = 3_000;

    private final List<Throwable> crashes = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void noIoctlInsideOrEnteringAfterUnplugReturns() throws Exception {
        long seed = Long.getLong("devres4j.seed", System.nanoTime());
        System.out.println("UnplugStressTest seed=" + seed + " (replay with -Ddevres4j.seed=" + seed + ")");
        Random rnd = new Random(seed);
        Bus bus = new Bus("stress");
        Device parent = bus.newDevice("gpu0");
        parent.add();
        long totalOk = 0;
        for (int round = 0; round < ROUNDS; round++) {
            AtomicInteger inside = new AtomicInteger();
            AtomicBoolean unplugReturned = new AtomicBoolean();
            AtomicInteger lateEntries = new AtomicInteger();
            AtomicLong okCalls = new AtomicLong();
            AtomicInteger unexpected = new AtomicInteger();
            AtomicInteger notHeld = new AtomicInteger();
            DrmDevice[] holder = new DrmDevice[1];
            DrmDriver driver = DrmDriver.builder("stress").ioctl(1, "HW", (f, arg) -> {
                try (DrmSection s = holder[0].enterOrEnodev()) {
                    if (!s.holds()) {
                        notHeld.incrementAndGet();
                    }
                    inside.incrementAndGet();
                    if (unplugReturned.get()) {
                        lateEntries.incrementAndGet();
                    }
                    for (int i = 0; i < (arg & 7); i++) {
                        Thread.onSpinWait();
                    }
                    inside.decrementAndGet();
                    return 0;
                }
            }).build();
            DrmDevice drm = DrmDevice.alloc(driver, parent, d -> new Object());
            holder[0] = drm;
            drm.register();
            int unplugAfter = rnd.nextInt(THREADS * 200);
            CountDownLatch started = new CountDownLatch(1);
            AtomicInteger total = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long tseed = rnd.nextLong();
                DrmFile f = drm.open();
                Thread th = new Thread(() -> {
                    Random r = new Random(tseed);
                    for (int i = 0; i < IOCTLS_PER_THREAD; i++) {
                        Result res = f.ioctl(1, r.nextInt(8));
                        if (res.isOk()) {
                            okCalls.incrementAndGet();
                        } else if (res.errno() != Errno.ENODEV) {
                            unexpected.incrementAndGet();
                        }
                        if (total.incrementAndGet() == unplugAfter) {
                            started.countDown();
                        }
                    }
                    started.countDown();
                    f.close();
                }, "ioctl-" + t);
                th.setUncaughtExceptionHandler((x, e) -> crashes.add(e));
                threads.add(th);
                th.start();
            }
            started.await();
            drm.unplug();
            int insideAtReturn = inside.get();
            unplugReturned.set(true);
            for (Thread th : threads) {
                th.join();
            }
            String ctx = "seed=" + seed + " round=" + round + " unplugAfter=" + unplugAfter;
            assertThat(insideAtReturn).as("ioctls inside the hardware path when unplug returned, " + ctx).isZero();
            assertThat(lateEntries.get()).as("ioctls entering the hardware path after unplug returned, " + ctx).isZero();
            assertThat(unexpected.get()).as("ioctl results other than ok or ENODEV, " + ctx).isZero();
            assertThat(notHeld.get()).as("entered sections that did not hold on their own thread, " + ctx).isZero();
            assertThat(crashes).as("ioctl threads that threw, " + ctx).isEmpty();
            totalOk += okCalls.get();
            assertThat(drm.isRegistered()).as(ctx).isFalse();
            assertThat(drm.refCount()).as("files closed, only the allocation's reference left, " + ctx).isEqualTo(1);
            drm.put();
            assertThat(drm.isFreed()).as(ctx).isTrue();
        }
        assertThat(totalOk).as("some ioctls reached the hardware before the unplugs, seed=" + seed).isPositive();
    }

    @Test
    void vgpuRegisterIoctlsRacingUnbindNeverTouchHardwareAfterUnplug() throws Exception {
        long seed = Long.getLong("devres4j.seed", System.nanoTime());
        System.out.println("UnplugStressTest(vgpu) seed=" + seed);
        Random rnd = new Random(seed);
        for (int round = 0; round < 10; round++) {
            World w = new World("stress-vgpu-" + round);
            Device dev = w.plugVgpu("vgpu0", 0x1000, 3);
            DrmDevice drm = w.latest();
            AtomicBoolean unplugged = new AtomicBoolean();
            AtomicInteger late = new AtomicInteger();
            AtomicInteger unguarded = new AtomicInteger();
            AtomicInteger unexpected = new AtomicInteger();
            AutoCloseable reg = w.hw.observers().add(a -> {
                if (!a.device().equals("vgpu0")) {
                    return;
                }
                if (a.context() == AccessContext.GUARDED && unplugged.get()) {
                    late.incrementAndGet();
                }
                if (a.suspicious()) {
                    unguarded.incrementAndGet();
                }
            });
            try {
                CountDownLatch go = new CountDownLatch(THREADS);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    DrmFile f = drm.open();
                    int nr = t % 2 == 0 ? Vgpu.IOCTL_READ_REG : Vgpu.IOCTL_WRITE_REG;
                    Thread th = new Thread(() -> {
                        go.countDown();
                        for (int i = 0; i < 1_000; i++) {
                            Result r = f.ioctl(nr, nr == Vgpu.IOCTL_READ_REG ? Vgpu.REG_STATUS : ((long) Vgpu.REG_SCRATCH << 32) | i);
                            if (!r.isOk() && r.errno() != Errno.ENODEV) {
                                unexpected.incrementAndGet();
                            }
                        }
                        f.close();
                    });
                    th.setUncaughtExceptionHandler((x, e) -> crashes.add(e));
                    threads.add(th);
                    th.start();
                }
                go.await();
                for (int spin = rnd.nextInt(20_000); spin > 0; spin--) {
                    Thread.onSpinWait();
                }
                dev.unbind(); // the devm unplug action runs first, then the hardware goes
                unplugged.set(true);
                for (Thread th : threads) {
                    th.join();
                }
            } finally {
                reg.close();
            }
            String ctx = "seed=" + seed + " round=" + round;
            assertThat(late.get()).as("guarded accesses after unplug returned, " + ctx).isZero();
            assertThat(unguarded.get()).as("suspicious accesses, " + ctx).isZero();
            assertThat(unexpected.get()).as("ioctl results other than ok or ENODEV, " + ctx).isZero();
            assertThat(crashes).as("ioctl threads that threw, " + ctx).isEmpty();
            assertThat(drm.isFreed()).as(ctx).isTrue();
            assertThat(w.hw.faults()).as(ctx).isEmpty();
        }
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
        Waits.awaitRound(go, round);
        return m.zap();
    }
}
