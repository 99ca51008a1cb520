package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.devres4j.driver.Bus;
import org.devres4j.driver.BusScan;
import org.devres4j.driver.Device;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.drivers.vgpu.VgpuBug;
import org.devres4j.hw.MmioRange;
import org.devres4j.hw.model.HardwareFault;
import org.devres4j.hw.model.MemoryHardware;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.Namespace;
import org.junit.jupiter.api.Test;

/**
 * The two kinds of removal: a sysfs-style remove ({@link Device#unregister()} with the hardware still
 * present, as {@code echo 1 > .../remove} does) after which a bus rescan ({@code pci_rescan_bus}) finds the same
 * hardware, makes a new device and probes it; and a surprise unplug, after which the hardware is gone.
 */
class RemoveRescanTest {

    private static final long BASE = 0x80000;
    private static final int IRQ = 10;

    @Test
    void aRemoveKeepsTheHardwareAndARescanMakesANewDeviceThatGetsIt() {
        World w = new World("pci-rescan");
        Device old = w.plugVgpu("vgpu0", BASE, IRQ);
        DrmFile f = w.latest().open();
        assertThat(f.ioctl(Vgpu.IOCTL_WRITE_REG, ((long) Vgpu.REG_SCRATCH << 32) | 0x77).isOk()).isTrue();
        f.close();

        old.unregister(); // sysfs remove: device_del + put, the hardware stays
        assertThat(old.isFreed()).isTrue();
        assertThat(w.bus.device("vgpu0")).isEmpty();
        assertThat(w.hw.presentOn(w.bus)).as("the hardware is still there").containsExactly("vgpu0");
        Device squatter = w.bus.newDevice("other0");
        assertThatThrownBy(() -> w.hw.plug(squatter, List.of(new MmioRange("bar0", BASE, Vgpu.MMIO_SIZE)), List.of()))
                .as("its range is still assigned").hasMessageContaining("overlaps");
        squatter.put();

        List<Device> made = w.bus.rescan();
        assertThat(made).singleElement().satisfies(d -> {
            assertThat(d).isNotSameAs(old);
            assertThat(d.name()).isEqualTo("vgpu0");
            assertThat(d.isBound()).as("the rescan probed it").isTrue();
        });
        Device fresh = made.get(0);
        assertThat(w.hw.mmioRanges(fresh)).extracting(MmioRange::base).containsExactly(BASE);
        assertThat(w.hw.irqs(fresh)).containsExactly(IRQ);
        assertThat(w.hw.peek(fresh, Vgpu.REG_SCRATCH)).as("the same hardware: its registers kept their contents")
                .isEqualTo(0x77);
        DrmDevice card = w.latest();
        assertThat(card.name()).as("the old instance was freed: its minor is reused").isEqualTo("card0");
        DrmFile f2 = card.open();
        assertThat(f2.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).value()).isEqualTo(Vgpu.CHIP_ID & 0xFFFFFFFFL);
        f2.close();
        assertThat(w.bus.rescan()).as("nothing new: the device exists").isEmpty();

        fresh.unregister();
        assertThat(w.hw.unplug(fresh)).as("the hardware goes with the device that has it").isTrue();
        assertThat(w.hw.presentOn(w.bus)).isEmpty();
        assertThat(w.bus.rescan()).isEmpty();
        assertThat(w.hw.faults()).isEmpty();
        assertThat(w.bus.liveDevices()).isEmpty();
    }

    @Test
    void aFileKeptOpenAcrossRemoveAndRescanSeesEnodevAndTheNewInstanceIsAnother() {
        World w = new World("pci-rescan-open");
        Device old = w.plugVgpu("vgpu0", BASE, IRQ);
        DrmDevice card0 = w.latest();
        DrmFile f = card0.open();
        old.unregister();
        assertThat(card0.isUnplugged()).as("the driver's remove unplugs its DRM device, as for an unplug").isTrue();
        assertThat(f.ioctl(Vgpu.IOCTL_VERSION, 0).errno()).isEqualTo(Errno.ENODEV);
        assertThat(old.isFreed()).as("card0 still holds its parent").isFalse();

        Device fresh = w.bus.rescan().get(0);
        DrmDevice card1 = w.latest();
        assertThat(card1.parent()).isSameAs(fresh);
        assertThat(card1.nodes()).extracting(DrmNode::name).containsExactly("card1", "renderD129");
        assertThat(card1.nameEntry().read()).as("a health check finds the driver and the device again")
                .isEqualTo("vgpu dev=vgpu0 unique=vgpu0\n");
        assertThat(card0.nameEntry().isPresent()).isFalse();

        f.close(); // late close, after the new instance exists
        assertThat(card0.isFreed()).isTrue();
        assertThat(old.isFreed()).isTrue();
        assertThat(card1.isRegistered()).as("the new instance is untouched").isTrue();
        fresh.unregister();
        w.hw.unplug(fresh);
        assertThat(w.ns.paths()).isEmpty();
        assertThat(w.ns.minors()).isEmpty();
    }

    @Test
    void anUnplugAfterARemoveMakesTheHardwareGone() {
        World w = new World("pci-gone");
        Device old = w.plugVgpu("vgpu0", BASE, IRQ);
        old.get();
        old.unregister();
        assertThat(w.hw.isPlugged(old)).as("removed, still present").isTrue();
        assertThat(w.hw.unplug(old)).isTrue();
        assertThat(w.hw.presentOn(w.bus)).isEmpty();
        assertThat(w.bus.rescan()).as("nothing left to find").isEmpty();
        Device next = w.bus.newDevice("other0");
        w.hw.plug(next, List.of(new MmioRange("bar0", BASE, Vgpu.MMIO_SIZE)), List.of(IRQ));
        assertThat(w.hw.isPlugged(next)).as("the range and line are free for another device").isTrue();
        old.put();
        next.put();
    }

    @Test
    void aMappingTheRemovedInstanceKeptReachesTheRescannedOneAsAReassignedFault() {
        for (boolean buggy : new boolean[] {true, false}) {
            World w = buggy ? new World("pci-stale", EnumSet.of(VgpuBug.DRMM_MMIO_MAPPING)) : new World("pci-stale-fixed");
            Device old = w.plugVgpu("vgpu0", BASE, IRQ);
            DrmFile f = w.latest().open();
            old.unregister();
            assertThat(w.hw.liveMappings()).as("buggy: the drmm mapping outlives the binding").isEqualTo(buggy ? 1 : 0);
            Device fresh = w.bus.rescan().get(0);
            assertThat(w.hw.peek(fresh, Vgpu.REG_CTRL)).as("the new instance enabled the device").isEqualTo(1);

            f.close(); // the old instance's last put: buggy, its drmm "hw fini" writes CTRL = 0 through the stale mapping
            if (buggy) {
                assertThat(w.hw.faults()).singleElement().satisfies(fault -> {
                    assertThat(fault.kind()).isEqualTo(HardwareFault.Kind.REASSIGNED);
                    assertThat(fault.nowOwner()).isEqualTo("vgpu0");
                    assertThat(fault.write()).isTrue();
                });
                assertThat(w.hw.peek(fresh, Vgpu.REG_CTRL)).as("the old instance switched the new one off").isZero();
            } else {
                assertThat(w.hw.faults()).isEmpty();
                assertThat(w.hw.peek(fresh, Vgpu.REG_CTRL)).isEqualTo(1);
            }
            fresh.unregister();
            w.hw.unplug(fresh);
        }
    }

    @Test
    void aRescannedDeviceNoDriverProbedOwnsItsHardwareForAnUnplug() {
        World w = new World("pci-nodriver");
        Device old = w.plugVgpu("vgpu0", BASE, IRQ);
        w.bus.unregisterDriver(w.vgpu);
        old.unregister();
        Device fresh = w.bus.rescan().get(0);
        assertThat(fresh.isBound()).as("no driver loaded: nothing looked the hardware up").isFalse();
        assertThat(w.hw.unplug(fresh)).as("the hardware is the rescanned device's all the same").isTrue();
        assertThat(w.hw.presentOn(w.bus)).isEmpty();
        assertThat(w.hw.unplug(old)).as("the removed device no longer has it").isFalse();
        fresh.unregister();
    }

    @Test
    void aRescanDoesNotFindReservationsAndABusWithoutAScanOnlyReprobes() {
        World w = new World("pci-reserved");
        Vgpu.reserveInto(w.hw, "vkms0", 0x90000, 13);
        assertThat(w.bus.rescan()).as("a reservation is for a faux device, not found by a scan").isEmpty();

        MemoryHardware hw = new MemoryHardware();
        Bus plain = new Bus("plain", Namespace.inMemory("plain"));
        Vgpu vgpu = new Vgpu(hw);
        plain.registerDriver(vgpu);
        Device d = plain.newDevice("vgpu0");
        Vgpu.plugInto(hw, d, BASE, IRQ);
        d.add();
        d.unregister();
        assertThat(plain.rescan()).as("BusScan.NONE: nothing is read from the hardware").isEmpty();
        assertThat(plain.device("vgpu0")).isEmpty();
        assertThat(hw.presentOn(plain)).containsExactly("vgpu0");
    }

    @Test
    void aScanThatReportsABlankNameIsRefusedAndMakesNothing() {
        BusScan broken = bus -> List.of("good0", " ");
        Bus bus = new Bus("broken", Namespace.inMemory("broken"), broken);
        assertThatThrownBy(bus::rescan).isInstanceOf(IllegalStateException.class)
                .hasMessage("rescan of bus 'broken' refused: its scan reported a blank device name among [good0,  ] "
                        + "(nothing was made)");
        assertThat(bus.liveDevices()).isEmpty();
        assertThatThrownBy(() -> new Bus("x", Namespace.inMemory("x"), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Bus 'x': the scan must not be null (BusScan.NONE for none)");
    }

    @Test
    void aRescanOnAnotherBusOfTheSameHardwareFindsNothingOfThisOne() {
        World w = new World("pci-a");
        Device old = w.plugVgpu("vgpu0", BASE, IRQ);
        old.unregister();
        Bus other = new Bus("pci-b", Namespace.inMemory("pci-b"), w.hw);
        assertThat(other.rescan()).isEmpty();
        assertThat(w.hw.presentOn(other)).isEmpty();
        assertThat(w.bus.rescan()).hasSize(1);
    }
}
