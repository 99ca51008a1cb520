package org.devres4j.drm;

import org.devres4j.uapi.ErrnoException;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.drivers.vgpu.VgpuBug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.devres4j.core.ReleaseFailedException;
import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.hw.model.HardwareFault;
import org.devres4j.uapi.Errno;
import org.devres4j.driver.Device;
import org.devres4j.driver.ProbeFailedException;
import org.devres4j.hw.AccessContext;
import org.devres4j.hw.MmioAccess;
import org.junit.jupiter.api.Test;

/** Each buggy vgpu variant shows its bug; the fixed driver does not. */
class VgpuBugVariantsTest {

    @Test
    void xeBugDrmmSysfsRemovalMakesReprobeFailWithEexistWhileAFileIsOpen() {
        World w = new World("pci-xe", EnumSet.of(VgpuBug.DRMM_SYSFS_REMOVAL));
        Device dev = w.plugVgpu("vgpu0", 0x20000, 6);
        DrmDevice card0 = w.latest();
        DrmFile f = card0.open();
        dev.unbind();
        assertThat(w.ns.paths()).as("tile0 lingers: its removal waits for the last put").containsExactly("/sys/devices/vgpu0/tile0");

        assertThatThrownBy(dev::bind).isInstanceOf(ProbeFailedException.class)
                .rootCause().isInstanceOf(ErrnoException.class)
                .hasMessageContaining("EEXIST").hasMessageContaining("/sys/devices/vgpu0/tile0").hasMessageContaining("card0");
        assertThat(dev.isBound()).isFalse();
        assertThat(dev.devres().isEmpty()).as("the failed probe unwound its devres").isTrue();
        assertThat(w.hw.liveMappings()).isZero();

        f.close(); // the old instance goes, and takes tile0 with it
        assertThat(card0.isFreed()).isTrue();
        assertThat(w.ns.paths()).isEmpty();
        dev.bind();
        assertThat(dev.isBound()).as("re-probe works once the stale name is gone").isTrue();
        dev.del();
    }

    @Test
    void fixedDriverReprobesWhileAFileIsOpen() {
        World w = new World("pci-xe-fixed");
        Device dev = w.plugVgpu("vgpu0", 0x20000, 6);
        DrmFile f = w.latest().open();
        dev.unbind();
        assertThat(w.ns.paths()).doesNotContain("/sys/devices/vgpu0/tile0");
        dev.bind();
        assertThat(dev.isBound()).isTrue();
        assertThat(w.latest().isRegistered()).isTrue();
        f.close();
        dev.del();
        assertThat(w.ns.paths()).isEmpty();
    }

    @Test
    void devmConnectorStateIsUsedAfterReleaseAtTheLastPutOnceUnbound() {
        World w = new World("pci-conn", EnumSet.of(VgpuBug.DEVM_CONNECTOR_STATE));
        Device dev = w.plugVgpu("vgpu0", 0x30000, 7);
        DrmFile f = w.latest().open();
        assertThat(f.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0).isOk()).isTrue();
        dev.unbind();
        assertThat(f.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0).errno()).as("no ioctl reaches the state: ENODEV at entry")
                .isEqualTo(Errno.ENODEV);
        // the last put runs the connector's destroy hook, which reads the state devres released at unbind
        assertThatThrownBy(f::close).isInstanceOf(ReleaseFailedException.class)
                .satisfies(e -> assertThat(((ReleaseFailedException) e).failures()).anySatisfy(x -> {
                    assertThat(x.actionName()).isEqualTo("vgpu connector destroy");
                    assertThat(x.cause()).isInstanceOf(UseAfterReleaseException.class)
                            .hasMessageContaining("vgpu connector state").hasMessageContaining("vgpu0");
                }));
        assertThat(f.device().isFreed()).as("the teardown completed all the same").isTrue();

        World fixed = new World("pci-conn-fixed");
        Device d2 = fixed.plugVgpu("vgpu0", 0x30000, 7);
        DrmFile f2 = fixed.latest().open();
        d2.unbind();
        assertThat(f2.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0).errno()).isEqualTo(Errno.ENODEV);
        f2.close();
        assertThat(f2.device().isFreed()).isTrue();
    }

    /**
     * Seed 004: an ioctl that is past drm_ioctl's unplug check when the unbind comes. The unguarded variant's
     * register read lands after the unmap (a hardware fault); the fixed driver's read is inside a section the
     * unplug waits for, so it reads the chip and the unmap comes after it.
     */
    @Test
    void anUnbindRacingARegisterIoctlInFlightFaultsOnlyWithoutEnterExit() throws Exception {
        for (boolean buggy : new boolean[] {true, false}) {
            World w = buggy ? new World("pci-race-unguarded", EnumSet.of(VgpuBug.UNGUARDED_HW_ACCESS)) : new World("pci-race");
            Device dev = w.plugVgpu("vgpu0", 0x40000, 8);
            DrmDevice card = w.latest();
            DrmFile f = card.open();
            CountDownLatch inHandler = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            List<MmioAccess> seen = Collections.synchronizedList(new ArrayList<>());
            AutoCloseable reg = w.hw.observers().add(a -> {
                if (Thread.currentThread().getName().equals("ioctl-thread") && inHandler.getCount() > 0) {
                    seen.add(a);
                    inHandler.countDown();
                    Waits.await(go, "the unbind to start");
                }
            });
            ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "ioctl-thread"));
            try {
                Future<Result> ioctl = pool.submit(() -> f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID));
                Waits.await(inHandler, "the ioctl to reach its register access");
                Thread unbinder = new Thread(dev::unbind, "unbind-thread");
                unbinder.start();
                Waits.until(card::isUnplugged, "the unbind to mark " + card.name() + " unplugged");
                if (buggy) {
                    unbinder.join(10_000); // nothing holds it back: the mapping is gone before the access
                    assertThat(unbinder.isAlive()).as("the unguarded unbind does not wait").isFalse();
                    go.countDown();
                } else {
                    go.countDown(); // the unbind waits for this section before it unmaps
                    unbinder.join(10_000);
                }
                Result r = ioctl.get(10, TimeUnit.SECONDS);
                assertThat(seen).singleElement().satisfies(a -> assertThat(a.context())
                        .isEqualTo(buggy ? AccessContext.UNGUARDED : AccessContext.GUARDED));
                if (buggy) {
                    assertThat(w.hw.faults()).as("the in-flight read hit the unmapped range").anySatisfy(fault ->
                            assertThat(fault.kind()).isEqualTo(HardwareFault.Kind.UNMAPPED));
                } else {
                    assertThat(r.value()).as("read inside the section, before the unmap").isEqualTo(Vgpu.CHIP_ID & 0xFFFFFFFFL);
                    assertThat(w.hw.faults()).isEmpty();
                }
                assertThat(f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).errno()).as("afterwards: ENODEV at entry").isEqualTo(Errno.ENODEV);
                f.close();
            } finally {
                reg.close();
                pool.shutdownNow();
            }
        }
    }

    @Test
    void unguardedAccessIsReportedAsSuchWhileBound() throws Exception {
        World w = new World("pci-unguarded", EnumSet.of(VgpuBug.UNGUARDED_HW_ACCESS));
        w.plugVgpu("vgpu0", 0x40000, 8);
        List<MmioAccess> seen = Collections.synchronizedList(new ArrayList<>());
        AutoCloseable reg = w.hw.observers().add(seen::add);
        try {
            DrmFile f = w.latest().open();
            assertThat(f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).isOk()).isTrue();
            assertThat(seen).last().satisfies(a -> {
                assertThat(a.context()).isEqualTo(AccessContext.UNGUARDED);
                assertThat(a.suspicious()).isTrue();
            });
            f.close();
        } finally {
            reg.close();
        }
        // the fixed driver's accesses are all guarded or bound
        World fixed = new World("pci-guarded");
        List<MmioAccess> seen2 = Collections.synchronizedList(new ArrayList<>());
        AutoCloseable reg2 = fixed.hw.observers().add(seen2::add);
        try {
            Device d2 = fixed.plugVgpu("vgpu0", 0x40000, 8);
            DrmFile f2 = fixed.latest().open();
            f2.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID);
            f2.ioctl(Vgpu.IOCTL_FLUSH, 5);
            d2.unbind();
            f2.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID);
            f2.close();
        } finally {
            reg2.close();
        }
        assertThat(seen2).isNotEmpty().noneMatch(MmioAccess::suspicious);
        assertThat(seen2).extracting(MmioAccess::context).contains(AccessContext.GUARDED, AccessContext.BOUND);
    }

    @Test
    void drmmMmioMappingOutlivesTheHardwareAndTouchesItAtLastPut() throws Exception {
        World w = new World("pci-drmm-mmio", EnumSet.of(VgpuBug.DRMM_MMIO_MAPPING));
        Device dev = w.plugVgpu("vgpu0", 0x50000, 9);
        DrmFile f = w.latest().open();
        dev.unbind();
        assertThat(w.hw.liveMappings()).as("the mapping outlives the binding").isEqualTo(1);
        // hot-unplug the hardware, then a new device gets the same range
        w.hw.unplug(dev);
        Device other = w.bus.newDevice("other0");
        w.hw.plug(other, List.of(new org.devres4j.hw.MmioRange("bar0", 0x50000, Vgpu.MMIO_SIZE)), List.of());
        List<MmioAccess> seen = Collections.synchronizedList(new ArrayList<>());
        AutoCloseable reg = w.hw.observers().add(seen::add);
        try {
            f.close(); // last put: the drmm "hw fini" writes through the stale mapping
        } finally {
            reg.close();
        }
        assertThat(seen).anySatisfy(a -> assertThat(a.context()).isEqualTo(AccessContext.UNGUARDED));
        assertThat(w.hw.faults()).anySatisfy(s -> assertThat(s.toString()).contains("now belongs to other0").contains("vgpu0"));
        assertThat(w.hw.liveMappings()).isZero();
    }
}
