package org.devres4j.hw.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.devres4j.driver.Bus;
import org.devres4j.driver.BusScan;
import org.devres4j.driver.Device;
import org.devres4j.hw.AccessObservers;
import org.devres4j.hw.Hardware;
import org.devres4j.hw.IrqHandler;
import org.devres4j.hw.IrqLine;
import org.devres4j.hw.MmioRange;
import org.devres4j.hw.RawMmio;

/**
 * The one hardware model of devres4j, for tests, examples, benchmarks and the simulator: an
 * {@link AddressSpace} whose MMIO ranges are assigned to plugged devices (at a given base, or the lowest free
 * range) and given back at unplug, interrupt lines, and per-assignment registers that start from the
 * {@link RegisterModel} the plugging code supplies for the device's chip. The address space has a physical address
 * width ({@link #addressBits()}, given at construction): a plug that would reach past it is refused, and nothing
 * changes.
 *
 * <p><b>Lifetime:</b> a device's ranges and lines belong to it from {@link #plug} to {@link #unplug}. A
 * sysfs-style remove of the device ({@link Device#unregister()}) leaves its hardware present: {@link #presentOn}
 * still lists it, so the bus's rescan makes a new device of that name, which adopts the same ranges, lines and
 * register contents (under new address assignments) at its first lookup; only {@link #unplug} makes them gone. A raw
 * mapping remembers the assignment it was made for; an access through it after that assignment ended is a
 * hardware use-after-unplug: to addresses nobody holds it reads all-ones and drops writes (a removed PCI
 * device); to addresses now assigned to another device it really lands in that device's registers. Every such
 * access, an access through an unmapped raw mapping, and an interrupt that runs a gone device's handler is a
 * typed {@link HardwareFault}, recorded ({@link #faults()}, the latest {@value #KEPT}) and given to the fault
 * listener the hardware was made with.
 *
 * <p><b>Order:</b> faults are recorded in the order they happen; the listener is called after the access,
 * on the accessing thread, with no lock held. <b>Concurrency:</b> thread-safe (one lock); an interrupt
 * handler runs without it, under its line's monitor, so {@link IrqLine#free()} waits for a handler in
 * progress. The access path takes the lock once and allocates nothing when nothing is wrong.
 */
public final class MemoryHardware implements Hardware, BusScan {
    /** How many faults {@link #faults()} keeps. */
    public static final int KEPT = 256;
    /** The first interrupt line {@link #plug(Device, long, RegisterModel)} hands out. */
    public static final int FIRST_IRQ = 32;

    private final Memory memory;
    /* the memory's lock guards every table below too */
    private final Object lock;
    private final AddressSpace space;
    private final Map<Device, Slot> devices = new IdentityHashMap<>();
    /* the plugged hardware, in plug order (what a bus scan reads) */
    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, Slot> reserved = new HashMap<>();
    private final List<RawMapping> mappings = new ArrayList<>();
    private final AccessObservers observers = new AccessObservers();
    private final InterruptLines lines;

    /** Creates an empty model whose faults are only recorded, {@value AddressSpace#DEFAULT_ADDRESS_BITS} address bits wide. */
    public MemoryHardware() {
        this(f -> { });
    }

    /**
     * Creates an empty model {@value AddressSpace#DEFAULT_ADDRESS_BITS} address bits wide.
     *
     * @param listener told of every fault, on the accessing thread, after the access, with no lock held
     */
    public MemoryHardware(Consumer<HardwareFault> listener) {
        this(AddressSpace.DEFAULT_ADDRESS_BITS, listener);
    }

    /**
     * Creates an empty model with the given physical address width: no range is assigned past {@code 2^addressBits}.
     *
     * @param addressBits the width, {@value AddressSpace#MIN_ADDRESS_BITS} to {@value AddressSpace#MAX_ADDRESS_BITS}
     * @param listener    told of every fault, on the accessing thread, after the access, with no lock held
     * @throws IllegalArgumentException for a width out of range
     */
    public MemoryHardware(int addressBits, Consumer<HardwareFault> listener) {
        this.memory = new Memory(Objects.requireNonNull(listener, "MemoryHardware: the fault listener must not be null"), KEPT,
                addressBits);
        this.lock = memory.lock;
        this.space = memory.space;
        this.lines = new InterruptLines(memory);
    }

    /** @return the physical address width: every range lies below {@code 2^addressBits} */
    public int addressBits() {
        return space.addressBits();
    }

    // ------------------------------------------------------------------ plugging

    /**
     * Plugs a device in at the given ranges and lines; its registers read 0.
     *
     * @param device the device
     * @param ranges its MMIO ranges
     * @param irqs   its interrupt lines
     * @return what it was given
     * @throws IllegalStateException if the device is already plugged, or a range or line belongs to a
     *                               present device (nothing changes)
     */
    public Plug plug(Device device, List<MmioRange> ranges, List<Integer> irqs) {
        return plug(device, ranges, irqs, RegisterModel.ZEROES);
    }

    /**
     * Plugs a device in at the given ranges and lines, its registers at the model's reset values.
     *
     * @param device the device
     * @param ranges its MMIO ranges
     * @param irqs   its interrupt lines
     * @param model  its chip's register model
     * @return what it was given
     * @throws IllegalStateException if the device is already plugged, or a range or line belongs to a
     *                               present device (nothing changes)
     */
    public Plug plug(Device device, List<MmioRange> ranges, List<Integer> irqs, RegisterModel model) {
        Objects.requireNonNull(device, "plug: the device must not be null");
        synchronized (lock) {
            refusePlugged(device.name(), devices.containsKey(device));
            Slot p = claim(device.name(), ranges, irqs, model);
            present(device, p);
            return p.plug();
        }
    }

    /**
     * Plugs a device in at the lowest free page-aligned range of at least {@code mmioSize} bytes (one range,
     * {@code bar0}) and the lowest free line from {@link #FIRST_IRQ}: how the simulator plugs devices.
     *
     * @param device   the device
     * @param mmioSize the size of its register range
     * @param model    its chip's register model
     * @return what it was given
     * @throws IllegalArgumentException if the size is not positive (nothing changes)
     * @throws AddressSpaceFullException if no free range of that size is left below the end of the physical address
     *                                   space (nothing changes)
     * @throws IllegalStateException    if the device is already plugged
     */
    public Plug plug(Device device, long mmioSize, RegisterModel model) {
        Objects.requireNonNull(device, "plug: the device must not be null");
        Objects.requireNonNull(model, "plug: the register model must not be null");
        synchronized (lock) {
            refusePlugged(device.name(), devices.containsKey(device));
            AddressSpace.Range r = space.allocate(device.name(), mmioSize);
            int line = lines.lowestFree(FIRST_IRQ);
            MmioRange range = new MmioRange("bar0", r.base(), r.size());
            Slot p = new Slot(device.name(), List.of(range), List.of(r), List.of(line));
            assign(p, model);
            present(device, p);
            return p.plug();
        }
    }

    /**
     * Reserves resources for a device that does not exist yet, its registers reading 0 (see
     * {@link #reserve(String, List, List, RegisterModel)}).
     *
     * @param deviceName the name
     * @param ranges     its MMIO ranges
     * @param irqs       its interrupt lines
     * @throws IllegalStateException if the name is already reserved, or a range or line is taken
     */
    public void reserve(String deviceName, List<MmioRange> ranges, List<Integer> irqs) {
        reserve(deviceName, ranges, irqs, RegisterModel.ZEROES);
    }

    /**
     * Reserves resources for a device that does not exist yet (a faux device, which is created and probed
     * in one step): the first device of that name that is looked up gets them, as if plugged.
     *
     * @param deviceName the name
     * @param ranges     its MMIO ranges
     * @param irqs       its interrupt lines
     * @param model      its chip's register model
     * @throws IllegalStateException if the name is already reserved, or a range or line is taken
     */
    public void reserve(String deviceName, List<MmioRange> ranges, List<Integer> irqs, RegisterModel model) {
        Objects.requireNonNull(deviceName, "reserve: the device name must not be null");
        synchronized (lock) {
            if (reserved.containsKey(deviceName)) {
                throw new IllegalStateException("reserve for '" + deviceName + "' refused: resources are already reserved for that name");
            }
            reserved.put(deviceName, claim(deviceName, ranges, irqs, model));
        }
    }

    /* under the lock: plugged hardware, found by bus scans from now on */
    private void present(Device device, Slot p) {
        p.device = device;
        p.scannable = true;
        devices.put(device, p);
        slots.add(p);
    }

    private static void refusePlugged(String name, boolean plugged) {
        if (plugged) {
            throw new IllegalStateException("plug of " + name + " refused: it is already plugged");
        }
    }

    /* under the lock: claims every range and line, or nothing */
    private Slot claim(String name, List<MmioRange> ranges, List<Integer> irqs, RegisterModel model) {
        Objects.requireNonNull(model, "plug: the register model must not be null");
        lines.refuseTaken(name, irqs);
        List<AddressSpace.Range> claimed = new ArrayList<>();
        try {
            for (MmioRange r : ranges) {
                claimed.add(space.claim(name, r.base(), r.size()));
            }
        } catch (RuntimeException e) {
            claimed.forEach(space::free);
            throw new IllegalStateException("plug of " + name + " refused: " + e.getMessage(), e);
        }
        Slot p = new Slot(name, ranges, claimed, irqs);
        assign(p, model);
        return p;
    }

    private void assign(Slot p, RegisterModel model) {
        memory.assignRegisters(p, model);
        lines.assign(p);
    }

    /*
     * under the lock: the device's present resources, claiming a reservation made for its name, or adopting the
     * hardware of a removed device of that name on the same bus (a rescan's new device)
     */
    private Slot lookup(Device device) {
        Slot p = devices.get(device);
        if (p == null) {
            p = reserved.remove(device.name());
            if (p != null) {
                p.device = device;
                devices.put(device, p);
            } else {
                p = adoptRemoved(device);
            }
        }
        return p;
    }

    /*
     * under the lock: the hardware of a removed (deleted) device with this device's name and bus goes to this
     * device — the same ranges, lines and register contents, under new address assignments, so a mapping the
     * removed device left behind is stale from here on (its accesses are REASSIGNED faults)
     */
    private Slot adoptRemoved(Device device) {
        for (Slot p : slots) {
            Device old = p.device;
            if (p.scannable && old != null && old != device && old.isDeleted() && old.bus() == device.bus()
                    && p.name.equals(device.name())) {
                memory.renewAssignments(p);
                devices.remove(old);
                p.device = device;
                devices.put(device, p);
                return p;
            }
        }
        return null;
    }

    /**
     * The names of the hardware present on a bus, in plug order — what its rescan reads ({@code pci_rescan_bus}).
     * Hardware stays present from its plug to its {@link #unplug}, also after its device was removed
     * ({@link Device#unregister()} with the hardware still there): a rescan then makes a new device of that
     * name, which gets these same ranges and lines (under new assignments, the register contents kept).
     * Reservations (for faux devices) are not found by a scan.
     *
     * @param bus a bus
     * @return the names of its devices' present hardware, in plug order
     */
    @Override
    public List<String> presentOn(Bus bus) {
        synchronized (lock) {
            List<String> out = new ArrayList<>();
            for (Slot p : slots) {
                if (p.scannable && p.device != null && p.device.bus() == bus) {
                    out.add(p.name);
                }
            }
            return out;
        }
    }

    /**
     * Unplugs a device: its ranges and lines are free for others; mappings of it become stale.
     *
     * @param device the device
     * @return whether it was plugged
     */
    public boolean unplug(Device device) {
        synchronized (lock) {
            Slot p = lookup(device); // a rescan's device may not have looked its hardware up yet
            if (p == null) {
                return false;
            }
            devices.remove(device);
            slots.remove(p);
            p.present = false;
            memory.releaseAssignments(p);
            lines.release(p);
            return true;
        }
    }

    /**
     * @param device a device
     * @return whether it is plugged: its hardware (or hardware reserved for its name, or the present hardware of a
     *         removed device of its name that a rescan made it for) is present
     */
    public boolean isPlugged(Device device) {
        synchronized (lock) {
            return lookup(device) != null;
        }
    }

    /**
     * @param device a device
     * @return its resources, if it is plugged
     */
    public java.util.Optional<Plug> plugged(Device device) {
        synchronized (lock) {
            Slot p = lookup(device);
            return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.plug());
        }
    }

    // ------------------------------------------------------------------ Hardware

    @Override
    public List<MmioRange> mmioRanges(Device device) {
        synchronized (lock) {
            Slot p = lookup(device);
            return p == null ? List.of() : p.ranges;
        }
    }

    @Override
    public List<Integer> irqs(Device device) {
        synchronized (lock) {
            Slot p = lookup(device);
            return p == null ? List.of() : p.irqs;
        }
    }

    @Override
    public RawMmio map(Device device, MmioRange range) {
        synchronized (lock) {
            Slot p = lookup(device);
            int i = p == null ? -1 : p.ranges.indexOf(range);
            if (i < 0) {
                throw new IllegalArgumentException("map of " + range + " for " + device.name() + " refused: the range is not "
                        + "one of the device's present ranges " + (p == null ? List.of() : p.ranges));
            }
            RawMapping m = new RawMapping(memory, device.name(), range, p.assignments.get(i));
            mappings.add(m);
            return m;
        }
    }

    @Override
    public void unmap(RawMmio mapping) {
        synchronized (lock) {
            if (!(mapping instanceof RawMapping m) || !mappings.remove(m)) {
                throw new IllegalStateException("unmap of '" + mapping.name() + "' refused: not a live mapping of this hardware");
            }
            m.mapped = false;
        }
    }

    @Override
    public IrqLine requestIrq(Device device, int irq, String name, IrqHandler handler) {
        Objects.requireNonNull(handler, "requestIrq: the handler must not be null");
        synchronized (lock) {
            return lines.request(lookup(device), device.name(), irq, name, handler);
        }
    }

    @Override
    public AccessObservers observers() {
        return observers;
    }

    // ------------------------------------------------------------------ the device side

    /**
     * Raises an interrupt line: calls the handler requested on it, if any — a gone device's stale handler
     * included (a {@link HardwareFault.Kind#STALE_IRQ} fault).
     *
     * @param irq the line
     * @return whether a handler ran
     */
    public boolean raise(int irq) {
        return lines.raise(irq);
    }

    /**
     * Raises a plugged device's first interrupt line.
     *
     * @param device the device
     * @return whether a handler ran (false if the device is not plugged or has no requested line)
     */
    public boolean raise(Device device) {
        RequestedIrq l;
        Slot p;
        synchronized (lock) {
            p = lookup(device);
            l = lines.firstRequested(p);
        }
        return l != null && lines.deliver(l, p);
    }

    /**
     * Reads a register as the device sees it (no mapping, not observed, no fault).
     *
     * @param range  a range of a present (or reserved) device
     * @param offset the offset inside it
     * @return the value
     * @throws IllegalStateException if no device holds the range
     */
    public int peek(MmioRange range, long offset) {
        synchronized (lock) {
            return memory.fileAt(range).read(offset);
        }
    }

    /**
     * @param device a plugged device
     * @param offset an offset inside its first range
     * @return the register's value as the device sees it (0 if it is not plugged)
     */
    public int peek(Device device, long offset) {
        synchronized (lock) {
            Slot p = lookup(device);
            return p == null || p.assignments.isEmpty() ? 0 : memory.registers.get(p.assignments.get(0)).read(offset);
        }
    }

    /**
     * Sets a register as the device would (no mapping, not observed).
     *
     * @param range  a range of a present (or reserved) device
     * @param offset the offset inside it
     * @param value  the value
     * @throws IllegalStateException if no device holds the range
     */
    public void poke(MmioRange range, long offset, int value) {
        synchronized (lock) {
            memory.fileAt(range).write(offset, value);
        }
    }

    /** @return the number of live mappings */
    public int liveMappings() {
        synchronized (lock) {
            return mappings.size();
        }
    }

    /** @return the live mappings, oldest first */
    public List<LiveMapping> mappings() {
        synchronized (lock) {
            List<LiveMapping> out = new ArrayList<>();
            for (RawMapping m : mappings) {
                out.add(new LiveMapping(m.name(), m.device(), m.assignment()));
            }
            return out;
        }
    }

    /** @return the number of requested lines */
    public int requestedIrqs() {
        return lines.requestedCount();
    }

    /** @return the requested lines, by number */
    public List<RequestedLine> requestedLines() {
        return lines.requestedLines();
    }

    /** @return the latest faults (at most {@value #KEPT}), oldest first */
    public List<HardwareFault> faults() {
        return memory.faults();
    }

    /** @return how many faults happened in all */
    public long faultCount() {
        return memory.faultCount();
    }

}
