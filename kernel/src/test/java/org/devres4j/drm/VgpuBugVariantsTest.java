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
import org.devres4j.core.UseAfterReleaseException;
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
    void devmConnectorStateIsUsedAfterReleaseOnceUnbound() {
        World w = new World("pci-conn", EnumSet.of(VgpuBug.DEVM_CONNECTOR_STATE));
        Device dev = w.plugVgpu("vgpu0", 0x30000, 7);
        DrmFile f = w.latest().open();
        assertThat(f.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0).isOk()).isTrue();
        dev.unbind();
        assertThatThrownBy(() -> f.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0)).isInstanceOf(UseAfterReleaseException.class)
                .hasMessageContaining("vgpu connector state").hasMessageContaining("vgpu0");
        f.close();

        World fixed = new World("pci-conn-fixed");
        Device d2 = fixed.plugVgpu("vgpu0", 0x30000, 7);
        DrmFile f2 = fixed.latest().open();
        d2.unbind();
        Result r = f2.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0);
        assertThat(r.isOk()).isTrue();
        assertThat(r.value()).isEqualTo(3 << 4); // disconnected, modes still readable
        f2.close();
    }

    @Test
    void unguardedAccessIsReportedAndCrashesAfterUnmap() throws Exception {
        World w = new World("pci-unguarded", EnumSet.of(VgpuBug.UNGUARDED_HW_ACCESS));
        Device dev = w.plugVgpu("vgpu0", 0x40000, 8);
        List<MmioAccess> seen = Collections.synchronizedList(new ArrayList<>());
        AutoCloseable reg = w.hw.observers().add(seen::add);
        try {
            DrmFile f = w.latest().open();
            assertThat(f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).isOk()).isTrue();
            assertThat(seen).last().satisfies(a -> {
                assertThat(a.context()).isEqualTo(AccessContext.UNGUARDED);
                assertThat(a.suspicious()).isTrue();
            });
            dev.unbind();
            assertThatThrownBy(() -> f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after unmap").hasMessageContaining("vgpu0:bar0");
            assertThat(seen).last().satisfies(a -> assertThat(a.mapped()).isFalse());
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
