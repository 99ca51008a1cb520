package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.drivers.vgpu.VgpuBug;
import org.devres4j.hw.model.MemoryHardware;
import org.junit.jupiter.api.Test;

/**
 * Two kernels in one JVM share nothing: each bus has its own namespace and minors, each hardware its own
 * observers and faults, each DRM device its own mode-object ids, each driver its own fault hook. Two whole
 * vgpu lives run side by side on two threads and produce exactly the trace one life produces alone.
 */
class IsolationTest {

    /** One vgpu life on a fresh bus and hardware; the trace includes minors, KMS ids, names and accesses. */
    private static List<String> life(String tag, CountDownLatch start) throws InterruptedException {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        start.await(10, TimeUnit.SECONDS);
        Bus bus = new Bus("iso");
        MemoryHardware hw = new MemoryHardware();
        Vgpu vgpu = new Vgpu(hw, EnumSet.noneOf(VgpuBug.class), e -> trace.add("drm " + e));
        try (AutoCloseable b = bus.addTraceListener(e -> trace.add("bus " + e));
             AutoCloseable o = hw.observers().add(a -> trace.add("mmio " + a))) {
            bus.registerDriver(vgpu);
            for (int round = 0; round < 20; round++) {
                Device dev = bus.newDevice("vgpu0");
                Vgpu.plugInto(hw, dev, 0x10000, 5);
                dev.add();
                DrmDevice card = vgpu.instances().get(vgpu.instances().size() - 1);
                trace.add("card " + card.name() + " connector id " + Kms.connectors(card).get(0).id()
                        + " names " + bus.namespace().paths());
                DrmFile f = card.open();
                trace.add("ioctl " + f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID));
                dev.unbind();
                trace.add("after unbind " + f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).errno());
                f.close();
                dev.del();
                dev.put();
                hw.unplug(dev);
            }
            trace.add("faults " + hw.faults() + " minors " + bus.namespace().minors() + " names " + bus.namespace().paths());
        } catch (Exception e) {
            throw new AssertionError(tag + " failed", e);
        }
        return trace;
    }

    @Test
    void twoKernelsSideBySideProduceTheTraceOfOneAlone() throws Exception {
        CountDownLatch now = new CountDownLatch(0);
        List<String> alone = life("alone", now);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 5; i++) {
                CountDownLatch start = new CountDownLatch(1);
                Future<List<String>> a = pool.submit(() -> life("a", start));
                Future<List<String>> b = pool.submit(() -> life("b", start));
                start.countDown();
                List<String> ta = a.get(60, TimeUnit.SECONDS);
                List<String> tb = b.get(60, TimeUnit.SECONDS);
                assertThat(ta).as("run " + i + ": world a, beside world b, saw exactly a world alone").isEqualTo(alone);
                assertThat(tb).as("run " + i + ": world b, beside world a, saw exactly a world alone").isEqualTo(alone);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(alone).as("each round's card is card0 with connector id 33 in its own namespace")
                .filteredOn(s -> s.startsWith("card ")).hasSize(20)
                .allMatch(s -> s.startsWith("card card0 connector id 33 "));
        assertThat(alone.get(alone.size() - 1)).isEqualTo("faults [] minors [] names []");
    }

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
