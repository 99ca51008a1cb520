package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.driver.Device;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Remove and rescan under real threads: one thread removes the vgpu ({@code unregister}, the hardware
 * stays) and rescans, over and over, while another keeps opening whichever instance exists, issuing register
 * ioctls (inside enter/exit) and closing. Every call answers a value or ENODEV, the hardware sees no stale access,
 * and at the end every instance but the last is freed and nothing else is held.
 */
class RemoveRescanStressTest {
    private static final int ROUNDS = 200;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void removeAndRescanRacingAUserOfTheDeviceKeepEveryLifetime() throws Exception {
        World w = new World("pci-stress");
        w.plugVgpu("vgpu0", 0xA0000, 11);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
        List<DrmDevice> seen = Collections.synchronizedList(new ArrayList<>());

        Future<?> remover = pool.submit(() -> {
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    Device d = w.bus.device("vgpu0").orElseThrow(() -> new AssertionError("no vgpu0 to remove"));
                    d.unregister();
                    assertThat(w.bus.rescan()).as("round " + i + ": the rescan finds the hardware again").hasSize(1);
                }
            } finally {
                done.set(true);
            }
            return null;
        });
        Future<?> user = pool.submit(() -> {
            while (!done.get()) {
                List<DrmDevice> now = w.vgpu.instances();
                if (now.isEmpty()) {
                    Thread.yield();
                    continue;
                }
                DrmDevice card = now.get(now.size() - 1);
                DrmFile f;
                try {
                    f = card.open(DrmMinorType.RENDER);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ENODEV) {
                        unexpected.add(e);
                    }
                    refused.incrementAndGet();
                    Thread.yield(); // the remover is between its unregister and its rescan
                    continue;
                }
                seen.add(card);
                try {
                    for (int k = 0; k < 3; k++) {
                        Result r = f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID);
                        if (r.isOk()) {
                            assertThat(r.value()).isEqualTo(Vgpu.CHIP_ID & 0xFFFFFFFFL);
                            served.incrementAndGet();
                        } else if (r.errno() == Errno.ENODEV) {
                            refused.incrementAndGet();
                        } else {
                            unexpected.add(new AssertionError("ioctl answered " + r));
                        }
                    }
                } catch (RuntimeException | Error e) {
                    unexpected.add(e);
                } finally {
                    f.close();
                }
            }
            return null;
        });
        remover.get(120, TimeUnit.SECONDS);
        user.get(30, TimeUnit.SECONDS);
        System.out.println("remove/rescan stress: " + ROUNDS + " rounds, " + served.get() + " register reads served, "
                + refused.get() + " refused with ENODEV");

        assertThat(unexpected).isEmpty();
        assertThat(w.hw.faults()).as("no access reached hardware it should not have").isEmpty();
        Device last = w.bus.device("vgpu0").orElseThrow();
        DrmDevice current = w.latest();
        assertThat(current.parent()).isSameAs(last);
        for (DrmDevice d : seen) {
            assertThat(d == current || d.isFreed()).as(d + " freed once its files closed").isTrue();
        }
        assertThat(w.bus.liveDevices()).as("every removed device was freed").containsExactly(last);
        assertThat(w.ns.minors()).containsExactly(current.minor(), current.node(DrmMinorType.RENDER).orElseThrow().minor());
        last.unregister();
        assertThat(w.hw.unplug(last)).isTrue();
        assertThat(w.ns.paths()).isEmpty();
        assertThat(w.hw.liveMappings()).isZero();
        assertThat(w.hw.requestedIrqs()).isZero();
    }
}
