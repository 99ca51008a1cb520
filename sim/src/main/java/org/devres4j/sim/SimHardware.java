package org.devres4j.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.devres4j.driver.Device;
import org.devres4j.drm.Vgpu;
import org.devres4j.hw.AccessContext;
import org.devres4j.hw.Hardware;
import org.devres4j.hw.IrqHandler;
import org.devres4j.hw.IrqLine;
import org.devres4j.hw.Mmio;
import org.devres4j.hw.MmioRange;

/**
 * The simulator's {@link Hardware}: devices get MMIO ranges from the {@link AddressSpace} and lines
 * from the {@link IrqController} when they are plugged, and give them back when they are unplugged.
 * A raw mapping remembers which assignment of the addresses it was made for; an access after that
 * assignment ended is a hardware use-after-unplug, and if the addresses now belong to another device
 * the access really lands in that device's registers. Single-threaded, like the world.
 */
final class SimHardware implements Hardware {

    /** What the world hears about hardware misuse. */
    interface Faults {
        /** An access through a mapping whose assignment is gone; {@code now} is the new owner, if any. */
        void staleAccess(SimMmio mapping, long offset, boolean write, int value, Optional<AddressSpace.Range> now,
                         AccessContext context);

        /** An interrupt delivered to a handler whose device is gone. */
        void staleIrq(SimIrq line);
    }

    /** A plugged device's hardware. */
    static final class Plugged {
        final Device device;
        final AddressSpace.Range range;
        final IrqController.Line line;
        boolean present = true;

        Plugged(Device device, AddressSpace.Range range, IrqController.Line line) {
            this.device = device;
            this.range = range;
            this.line = line;
        }
    }

    private final AddressSpace space;
    private final IrqController irqs;
    private final Faults faults;
    private final Map<Device, Plugged> devices = new IdentityHashMap<>();
    private final Map<AddressSpace.Range, Map<Long, Integer>> registers = new IdentityHashMap<>();
    private final List<SimMmio> mappings = new ArrayList<>();
    private final Map<Integer, SimIrq> requested = new HashMap<>();
    private int mapSerial;

    SimHardware(AddressSpace space, IrqController irqs, Faults faults) {
        this.space = space;
        this.irqs = irqs;
        this.faults = faults;
    }

    /** Plugs a device: it gets a range and a line. */
    Plugged plug(Device device, long mmioSize) {
        if (devices.containsKey(device) && devices.get(device).present) {
            throw new IllegalStateException("plug of " + device.name() + " refused: it is already plugged");
        }
        Plugged p = new Plugged(device, space.allocate(device.name(), mmioSize), irqs.allocate(device.name()));
        Map<Long, Integer> regs = new HashMap<>();
        regs.put((long) Vgpu.REG_ID, Vgpu.CHIP_ID);   // every simulated device is a vgpu-compatible chip
        regs.put((long) Vgpu.REG_STATUS, 1);          // with a sink connected
        registers.put(p.range, regs);
        devices.put(device, p);
        return p;
    }

    /** Unplugs a device: its range and line go back to the pool; its mappings become stale. */
    void unplug(Device device) {
        Plugged p = devices.get(device);
        if (p == null || !p.present) {
            throw new IllegalStateException("unplug of " + device.name() + " refused: it is not plugged");
        }
        p.present = false;
        space.free(p.range);
        irqs.free(p.line);
    }

    Optional<Plugged> plugged(Device device) {
        return Optional.ofNullable(devices.get(device));
    }

    /** @return mappings never unmapped */
    List<SimMmio> liveMappings() {
        List<SimMmio> out = new ArrayList<>();
        for (SimMmio m : mappings) {
            if (m.mapped) {
                out.add(m);
            }
        }
        return out;
    }

    /** @return lines still requested */
    List<SimIrq> requestedLines() {
        return new ArrayList<>(requested.values());
    }

    @Override
    public List<MmioRange> mmioRanges(Device device) {
        Plugged p = devices.get(device);
        if (p == null || !p.present) {
            return List.of();
        }
        return List.of(new MmioRange("bar0", p.range.base, p.range.size));
    }

    @Override
    public List<Integer> irqs(Device device) {
        Plugged p = devices.get(device);
        if (p == null || !p.present) {
            return List.of();
        }
        return List.of(p.line.number);
    }

    @Override
    public Mmio map(Device device, MmioRange range) {
        Plugged p = devices.get(device);
        if (p == null || !p.present || p.range.base != range.base() || p.range.size != range.size()) {
            throw new IllegalArgumentException("map of " + range + " for " + device.name()
                    + " refused: it is not one of the device's present ranges " + mmioRanges(device));
        }
        SimMmio m = new SimMmio(device.name() + ":bar0#" + (++mapSerial), device.name(), p.range);
        mappings.add(m);
        return m;
    }

    @Override
    public void unmap(Mmio mapping) {
        if (!(mapping instanceof SimMmio m) || !mappings.contains(m)) {
            throw new IllegalArgumentException("unmap of " + mapping + " refused: not a mapping of this simulator");
        }
        if (!m.mapped) {
            throw new IllegalStateException("unmap of " + m.name + " refused: it was already unmapped");
        }
        m.mapped = false;
    }

    @Override
    public IrqLine requestIrq(Device device, int irq, String name, IrqHandler handler) {
        Plugged p = devices.get(device);
        if (p == null || !p.present || p.line.number != irq) {
            throw new IllegalArgumentException("request of irq " + irq + " for " + device.name()
                    + " refused: it is not the device's line " + irqs(device));
        }
        if (requested.containsKey(irq)) {
            throw new IllegalStateException("request of irq " + irq + " by " + name + " refused: already requested by "
                    + requested.get(irq).name + " (lines are not shared)");
        }
        SimIrq line = new SimIrq(irq, name, device.name(), p.line, Objects.requireNonNull(handler, "handler"));
        requested.put(irq, line);
        return line;
    }

    /**
     * Raises a device's interrupt line.
     *
     * @return whether a handler ran
     */
    boolean raise(Device device) {
        Plugged p = devices.get(device);
        if (p == null || !p.present) {
            return false;
        }
        SimIrq line = requested.get(p.line.number);
        if (line == null) {
            return false;
        }
        if (line.assignment != p.line) {
            faults.staleIrq(line);
        }
        line.handler.handle(line.number);
        return true;
    }

    /** A raw mapping of one assignment of a range. */
    final class SimMmio implements Mmio {
        final String name;
        final String device;
        final AddressSpace.Range assignment;
        boolean mapped = true;

        SimMmio(String name, String device, AddressSpace.Range assignment) {
            this.name = name;
            this.device = device;
            this.assignment = assignment;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long base() {
            return assignment.base;
        }

        @Override
        public long size() {
            return assignment.size;
        }

        @Override
        public int read32(long offset) {
            Mmio.checkOffset(this, offset);
            AddressSpace.Range target = reach(offset, false, 0);
            if (target == null) {
                return 0xFFFF_FFFF; // nothing answers: a removed device reads all-ones
            }
            return registers.get(target).getOrDefault(assignment.base + offset - target.base, 0);
        }

        @Override
        public void write32(long offset, int value) {
            Mmio.checkOffset(this, offset);
            AddressSpace.Range target = reach(offset, true, value);
            if (target != null) {
                registers.get(target).put(assignment.base + offset - target.base, value);
            }
        }

        /** @return the assignment the access reaches: ours, another device's, or none */
        private AddressSpace.Range reach(long offset, boolean write, int value) {
            Optional<AddressSpace.Range> now = space.ownerAt(assignment.base + offset);
            if (now.isPresent() && now.get() == assignment) {
                return assignment;
            }
            faults.staleAccess(this, offset, write, value, now, AccessContext.current());
            return now.orElse(null);
        }

        @Override
        public String toString() {
            return name + " " + assignment + (mapped ? "" : " (unmapped)");
        }
    }

    /** A requested line. */
    final class SimIrq implements IrqLine {
        final int number;
        final String name;
        final String device;
        final IrqController.Line assignment;
        final IrqHandler handler;
        boolean freed;

        SimIrq(int number, String name, String device, IrqController.Line assignment, IrqHandler handler) {
            this.number = number;
            this.name = name;
            this.device = device;
            this.assignment = assignment;
            this.handler = handler;
        }

        @Override
        public int number() {
            return number;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isRequested() {
            return !freed;
        }

        @Override
        public void free() {
            if (freed) {
                throw new IllegalStateException("free of irq " + number + " (" + name + ") refused: already freed");
            }
            freed = true;
            requested.remove(number, this);
        }
    }

    /** @return the value of a device's register, for tests */
    int peek(Device device, long offset) {
        Plugged p = devices.get(device);
        return p == null ? 0 : registers.get(p.range).getOrDefault(offset, 0);
    }
}
