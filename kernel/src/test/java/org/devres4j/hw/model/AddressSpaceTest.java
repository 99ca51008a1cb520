package org.devres4j.hw.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.hw.AccessContext;
import org.devres4j.hw.Io;
import org.devres4j.hw.IoMapping;
import org.devres4j.hw.MmioRange;
import org.junit.jupiter.api.Test;

/** The address space and lines of the one hardware model: reassignment, lowest-first reuse, sizes that cannot fit. */
class AddressSpaceTest {

    @Test
    void aFreedRangeGoesToTheNextDevice() {
        AddressSpace space = new AddressSpace();
        AddressSpace.Range a = space.allocate("gpu0", 0x1000);
        AddressSpace.Range b = space.allocate("gpu1", 0x1800);
        assertThat(a.base()).isEqualTo(AddressSpace.BASE);
        assertThat(b.base()).isEqualTo(AddressSpace.BASE + 0x1000);
        assertThat(b.size()).isEqualTo(0x2000);
        space.free(a);
        AddressSpace.Range c = space.allocate("gpu2", 0x1000);
        assertThat(c.base()).isEqualTo(a.base());
        assertThat(c).isNotSameAs(a);
        assertThat(c.generation()).isGreaterThan(a.generation());
        assertThat(space.ownerAt(a.base() + 8)).get().extracting(AddressSpace.Range::owner).isEqualTo("gpu2");
        assertThat(space.ownerAt(AddressSpace.BASE + 0x3000)).isEmpty();
        assertThatThrownBy(() -> space.free(a)).isInstanceOf(IllegalStateException.class)
                .hasMessage("address space: range [0xe0000000+0x1000] of 'gpu0' was already freed");
        assertThatThrownBy(() -> space.allocate("gpu3", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MMIO size for 'gpu3' must be positive");
        assertThat(space.liveCount()).isEqualTo(2);
    }

    @Test
    void aSizeThatCannotFitIsRefusedAndTheNextDeviceGetsItsOwnBase() {
        AddressSpace space = new AddressSpace();
        assertThatThrownBy(() -> space.allocate("huge", 0x7fffffffffffffffL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address space: MMIO size 0x7fffffffffffffff for 'huge' does not fit: at most 0x"
                        + Long.toHexString(AddressSpace.MAX_ALLOCATION) + " bytes lie above 0xe0000000 (nothing was assigned)");
        assertThat(space.liveCount()).as("the refusal assigned nothing").isZero();
        AddressSpace.Range top = space.allocate("big", AddressSpace.MAX_ALLOCATION);
        assertThat(top.base()).isEqualTo(AddressSpace.BASE);
        assertThat(top.covers(Long.MAX_VALUE - 0x1000)).as("coverage near 2^63 does not overflow").isTrue();
        assertThatThrownBy(() -> space.allocate("next", 0x1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no free range of 0x1000 bytes for 'next'");
        assertThatThrownBy(() -> space.claim("bad", Long.MAX_VALUE - 4, 0x100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is malformed");
    }

    @Test
    void aDeviceNearTheTopOfTheAddressSpaceReachesItsOwnRegisters() {
        MemoryHardware hw = new MemoryHardware();
        Device d = new Bus("top").newDevice("big0");
        long size = AddressSpace.MAX_ALLOCATION;
        hw.plug(d, size, (range, offset) -> offset == size - 4 ? 0x5a : 0);
        IoMapping m = Io.ioremap(hw, d, 0);
        assertThat(m.unguardedAccess().read32(size - 4)).as("the last register, just below 2^63").isEqualTo(0x5a);
        assertThat(hw.faults()).as("no false use-after-unplug near the top").isEmpty();
        m.unmap();
    }

    @Test
    void linesAreReusedLowestFirstAndRangesOfPresentDevicesNeverOverlap() {
        MemoryHardware hw = new MemoryHardware();
        Bus bus = new Bus("lines");
        Device a = bus.newDevice("a0");
        Device b = bus.newDevice("b0");
        assertThat(hw.plug(a, 0x1000, RegisterModel.ZEROES).irqs()).containsExactly(MemoryHardware.FIRST_IRQ);
        assertThat(hw.plug(b, 0x1000, RegisterModel.ZEROES).irqs()).containsExactly(MemoryHardware.FIRST_IRQ + 1);
        hw.unplug(a);
        Device c = bus.newDevice("c0");
        assertThat(hw.plug(c, 0x1000, RegisterModel.ZEROES).irqs()).containsExactly(MemoryHardware.FIRST_IRQ);
        Device d = bus.newDevice("d0");
        MmioRange taken = hw.mmioRanges(b).get(0);
        assertThatThrownBy(() -> hw.plug(d, List.of(taken), List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plug of d0 refused").hasMessageContaining("of present device 'b0'");
        assertThat(hw.isPlugged(d)).as("the refused plug kept nothing").isFalse();
    }

    @Test
    void everyPlugStartsFromTheChipsResetValuesAndAStaleWriteLandsInTheNewOwner() {
        MemoryHardware hw = new MemoryHardware();
        Bus bus = new Bus("reset");
        Device a = bus.newDevice("a0");
        hw.plug(a, 0x1000, (range, offset) -> offset == 0 ? 0x1234 : 0);
        IoMapping stale = Io.ioremap(hw, a, 0);
        stale.unguardedAccess().write32(0, 7);
        hw.unplug(a);
        Device b = bus.newDevice("b0");
        hw.plug(b, 0x1000, (range, offset) -> offset == 0 ? 0x1234 : 0);
        assertThat(hw.peek(b, 0)).as("b0 starts from reset, not from a0's write").isEqualTo(0x1234);
        stale.unguardedAccess().write32(4, 9);
        assertThat(hw.peek(b, 4)).isEqualTo(9);
        assertThat(hw.faults()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(HardwareFault.Kind.REASSIGNED);
            assertThat(f.context()).isEqualTo(AccessContext.UNGUARDED);
            assertThat(f.write()).isTrue();
            assertThat(f.value()).isEqualTo(9);
        });
        stale.unmap();
    }
}
