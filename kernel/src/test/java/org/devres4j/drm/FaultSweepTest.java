package org.devres4j.drm;

import org.devres4j.drivers.vgpu.Vgpu;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.ProbeFailedException;
import org.junit.jupiter.api.Test;

/** Allocation and probe failing at every step leave nothing behind. */
class FaultSweepTest {

    @Test
    void allocationFailingAtEveryStepLeavesNothingBehind() {
        Bus bus = new Bus("sweep-alloc");
        Device parent = bus.newDevice("gpu0");
        parent.add();
        int refs = parent.refCount();
        int failures = 0;
        FailAt faults = new FailAt();
        DrmDriver driver = World.plainDriver(new java.util.ArrayList<>(), faults);
        for (int step = 1; ; step++) {
            AtomicInteger added = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            faults.at(step);
            DrmDevice d;
            try {
                d = DrmDevice.alloc(driver, parent, dev -> {
                    dev.managed().add("a", x -> ran.incrementAndGet());
                    added.incrementAndGet();
                    return "container";
                });
            } catch (FailAt.InjectedFault e) {
                failures++;
                assertThat(parent.refCount()).as("step " + step + ": parent reference given back").isEqualTo(refs);
                assertThat(bus.namespace().minors()).as("step " + step + ": minor freed").isEmpty();
                assertThat(ran.get()).as("step " + step + ": every drmm action that was added ran").isEqualTo(added.get());
                continue;
            }
            faults.off();
            d.put();
            assertThat(parent.refCount()).isEqualTo(refs);
            break;
        }
        assertThat(failures).as("the sweep covered every fault point of plain allocation").isEqualTo(3);
    }

    @Test
    void vgpuProbeFailingAtEveryStepLeavesNothingBehind() {
        FailAt faults = new FailAt();
        World w = new World("sweep-probe", java.util.Set.of(), faults);
        Device dev = w.bus.newDevice("vgpu0");
        Vgpu.plugInto(w.hw, dev, 0x9000, 11);
        faults.at(1);
        dev.add(); // probe fails at the first step: nothing was taken yet
        assertThat(dev.isBound()).isFalse();
        int baseline = dev.refCount();
        int failures = 1;
        for (int step = 2; ; step++) {
            faults.at(step);
            try {
                dev.bind();
            } catch (ProbeFailedException e) {
                failures++;
                String ctx = "fault at step " + step + " (" + e.getCause().getMessage() + ")";
                assertThat(e.getCause()).as(ctx).isInstanceOf(FailAt.InjectedFault.class);
                assertThat(dev.isBound()).as(ctx).isFalse();
                assertThat(dev.devres().isEmpty()).as(ctx).isTrue();
                assertThat(dev.refCount()).as(ctx + ": DRM instance gave back its parent reference").isEqualTo(baseline);
                assertThat(w.hw.liveMappings()).as(ctx).isZero();
                assertThat(w.hw.requestedIrqs()).as(ctx).isZero();
                assertThat(w.ns.paths()).as(ctx).isEmpty();
                assertThat(w.ns.minors()).as(ctx).isEmpty();
                assertThat(w.vgpu.instances()).as(ctx + ": a freed DRM device leaves the driver's list").isEmpty();
                continue;
            }
            faults.off();
            break;
        }
        assertThat(failures).as("probe fault points swept").isGreaterThanOrEqualTo(10);
        assertThat(dev.isBound()).isTrue();
        DrmDevice card = w.latest();
        assertThat(card.isRegistered()).isTrue();
        dev.del();
        assertThat(card.isFreed()).isTrue();
        assertThat(w.vgpu.instances()).as("the freed card left the driver's list").isEmpty();
        assertThat(w.ns.paths()).isEmpty();
    }
}
