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
        AddressSpace space = new AddressSpace(AddressSpace.MAX_ADDRESS_BITS);
        long max = space.maxAllocation();
        assertThat(max).isEqualTo((Long.MAX_VALUE - AddressSpace.BASE) & -AddressSpace.PAGE);
        assertThatThrownBy(() -> space.allocate("huge", 0x7fffffffffffffffL)).isInstanceOf(AddressSpaceFullException.class)
                .hasMessage("address space: MMIO size 0x7fffffffffffffff for 'huge' does not fit: at most 0x"
                        + Long.toHexString(max) + " bytes lie between 0xe0000000 and the end of the 63-bit physical address "
                        + "space (0x7fffffffffffffff); nothing was assigned");
        assertThat(space.liveCount()).as("the refusal assigned nothing").isZero();
        AddressSpace.Range top = space.allocate("big", max);
        assertThat(top.base()).isEqualTo(AddressSpace.BASE);
        assertThat(top.covers(Long.MAX_VALUE - 0x1000)).as("coverage near 2^63 does not overflow").isTrue();
        assertThatThrownBy(() -> space.allocate("next", 0x1000)).isInstanceOf(AddressSpaceFullException.class)
                .hasMessageContaining("no free range of 0x1000 bytes for 'next'");
        assertThatThrownBy(() -> space.claim("bad", Long.MAX_VALUE - 4, 0x100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is malformed");
    }

    @Test
    void noRangeReachesPastThePhysicalAddressWidth() {
        AddressSpace space = new AddressSpace();
        assertThat(space.addressBits()).isEqualTo(AddressSpace.DEFAULT_ADDRESS_BITS).isEqualTo(48);
        assertThat(space.limit()).isEqualTo(1L << 48);
        assertThat(space.maxAllocation()).isEqualTo((1L << 48) - AddressSpace.BASE);

        assertThatThrownBy(() -> space.claim("far0", (1L << 48) - 0x1000, 0x2000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address space: range [0xfffffffff000+0x2000] for 'far0' reaches past the 48-bit physical address "
                        + "space, which ends at 0x1000000000000 (nothing was assigned)");
        AddressSpace.Range last = space.claim("last0", (1L << 48) - 0x1000, 0x1000);
        assertThat(last.covers((1L << 48) - 1)).as("the last page of the space can be claimed").isTrue();

        AddressSpaceFullException tooBig = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> space.allocate("big0", 1L << 48), AddressSpaceFullException.class);
        assertThat(tooBig).as("a size larger than the whole space is refused, typed").isNotNull();
        assertThat(tooBig.owner()).isEqualTo("big0");
        assertThat(tooBig.size()).isEqualTo(1L << 48);
        assertThat(tooBig.addressBits()).isEqualTo(48);
        assertThat(tooBig).hasMessageContaining("does not fit").hasMessageContaining("48-bit physical address space");

        long room = (1L << 48) - 0x1000 - AddressSpace.BASE;
        AddressSpace.Range rest = space.allocate("rest0", room);
        assertThat(rest.base() + rest.size()).as("the allocation fills the space up to the claimed last page")
                .isEqualTo((1L << 48) - 0x1000);
        assertThatThrownBy(() -> space.allocate("more0", 1)).isInstanceOf(AddressSpaceFullException.class)
                .hasMessage("address space: no free range of 0x1000 bytes for 'more0' is left below the end of the 48-bit "
                        + "physical address space (0x1000000000000); nothing was assigned");
        assertThat(space.liveCount()).as("the refusals assigned nothing").isEqualTo(2);
    }

    @Test
    void aWidthOutsideThirtyTwoToSixtyThreeBitsIsRefused() {
        assertThatThrownBy(() -> new AddressSpace(31)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address space: a physical address width of 31 bits is out of range: 32 to 63 (ranges start at "
                        + "0xe0000000 and end within a long)");
        assertThatThrownBy(() -> new MemoryHardware(64, f -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 bits is out of range");
        AddressSpace narrow = new AddressSpace(32);
        assertThat(narrow.maxAllocation()).isEqualTo(0x2000_0000L);
        assertThat(narrow.allocate("small0", 0x2000_0000L).base()).isEqualTo(AddressSpace.BASE);
    }

    @Test
    void theHardwareModelRefusesAPlugPastItsWidthAndKeepsNothing() {
        MemoryHardware hw = new MemoryHardware(40, f -> { });
        assertThat(hw.addressBits()).isEqualTo(40);
        Bus bus = new Bus("narrow");
        Device big = bus.newDevice("big0");
        assertThatThrownBy(() -> hw.plug(big, 1L << 40, RegisterModel.ZEROES)).isInstanceOf(AddressSpaceFullException.class)
                .hasMessageContaining("'big0' does not fit").hasMessageContaining("40-bit physical address space");
        assertThat(hw.isPlugged(big)).as("the refused plug kept nothing").isFalse();
        Device far = bus.newDevice("far0");
        assertThatThrownBy(() -> hw.plug(far, List.of(new MmioRange("bar0", 1L << 40, 0x1000)), List.of(40)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("plug of far0 refused")
                .hasMessageContaining("reaches past the 40-bit physical address space");
        assertThat(hw.isPlugged(far)).isFalse();
        assertThat(hw.plug(far, 0x1000, RegisterModel.ZEROES).irqs()).as("the refused line is free").containsExactly(MemoryHardware.FIRST_IRQ);
    }

    @Test
    void aDeviceNearTheTopOfTheAddressSpaceReachesItsOwnRegisters() {
        for (int bits : new int[] {AddressSpace.DEFAULT_ADDRESS_BITS, AddressSpace.MAX_ADDRESS_BITS}) {
            MemoryHardware hw = new MemoryHardware(bits, f -> { });
            Device d = new Bus("top").newDevice("big0");
            long size = new AddressSpace(bits).maxAllocation();
            hw.plug(d, size, (range, offset) -> offset == size - 4 ? 0x5a : 0);
            IoMapping m = Io.ioremap(hw, d, 0);
            assertThat(m.unguardedAccess().read32(size - 4)).as(bits + " bits: the last register, just below the limit").isEqualTo(0x5a);
            assertThat(hw.faults()).as(bits + " bits: no false use-after-unplug near the top").isEmpty();
            m.unmap();
        }
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
