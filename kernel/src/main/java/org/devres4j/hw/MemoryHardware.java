package org.devres4j.hw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.devres4j.driver.Device;

/**
 * A simple in-memory {@link Hardware} for tests and examples: a physical address space of 32-bit
 * registers, devices plugged at ranges, and interrupt lines.
 *
 * <p><b>Lifetime:</b> a device's ranges and lines belong to it from {@link #plug} to {@link #unplug};
 * register contents belong to the address, not the device, so a device plugged later at the same
 * range sees what a stale mapping wrote. An access through a mapping whose device is gone reads
 * all-ones and drops writes (a removed PCI device); one whose range now belongs to another device
 * reaches that device. Both are recorded in {@link #faults()}. <b>Order:</b> faults are recorded in
 * the order they happen. <b>Concurrency:</b> thread-safe (one lock); an interrupt handler runs
 * without the global lock, under its line's lock, so {@link IrqLine#free()} waits for it.
 */
public final class MemoryHardware implements Hardware {
    private final Object lock = new Object();
    private final Map<Device, Plugged> devices = new IdentityHashMap<>();
    private final Map<Long, int[]> memory = new HashMap<>();
    private final Map<Integer, Line> lines = new HashMap<>();
    private final List<RawMmio> mappings = new ArrayList<>();
    private final List<String> faults = new ArrayList<>();
    private final Map<String, Plugged> reserved = new HashMap<>();
    /** Bumped (under the lock) whenever a device is plugged or unplugged: a mapping's cached owner is then stale. */
    private long topology;

    private record Plugged(List<MmioRange> ranges, List<Integer> irqs) {
    }

    /** Creates an empty address space. */
    public MemoryHardware() {
    }

    /**
     * Plugs a device in at the given ranges and lines.
     *
     * @param device the device
     * @param ranges its MMIO ranges
     * @param irqs   its interrupt lines
     * @throws IllegalStateException if the device is already plugged, or a range or line belongs to a
     *                               present device
     */
    public void plug(Device device, List<MmioRange> ranges, List<Integer> irqs) {
        Objects.requireNonNull(device, "plug: the device must not be null");
        synchronized (lock) {
            if (devices.containsKey(device)) {
                throw new IllegalStateException("plug of " + device.name() + " refused: it is already plugged");
            }
            for (Map.Entry<Device, Plugged> e : devices.entrySet()) {
                for (MmioRange r : ranges) {
                    for (MmioRange o : e.getValue().ranges()) {
                        if (r.overlaps(o)) {
                            throw new IllegalStateException("plug of " + device.name() + " refused: range " + r + " overlaps " + o
                                    + " of present device " + e.getKey().name());
                        }
                    }
                }
                for (Integer i : irqs) {
                    if (e.getValue().irqs().contains(i)) {
                        throw new IllegalStateException("plug of " + device.name() + " refused: irq " + i + " belongs to " + e.getKey().name());
                    }
                }
            }
            devices.put(device, new Plugged(List.copyOf(ranges), List.copyOf(irqs)));
            topology++;
            for (MmioRange r : ranges) {
                memory.computeIfAbsent(r.base(), b -> new int[(int) (r.size() / 4)]);
            }
        }
    }

    /**
     * Reserves resources for a device that does not exist yet (a faux device, which is created and
     * probed in one step): the first device of that name that is looked up gets them, as if plugged.
     *
     * @param deviceName the name
     * @param ranges     its MMIO ranges
     * @param irqs       its interrupt lines
     * @throws IllegalStateException if the name is already reserved
     */
    public void reserve(String deviceName, List<MmioRange> ranges, List<Integer> irqs) {
        synchronized (lock) {
            if (reserved.putIfAbsent(deviceName, new Plugged(List.copyOf(ranges), List.copyOf(irqs))) != null) {
                throw new IllegalStateException("reserve for '" + deviceName + "' refused: resources are already reserved for that name");
            }
            for (MmioRange r : ranges) {
                memory.computeIfAbsent(r.base(), b -> new int[(int) (r.size() / 4)]);
            }
        }
    }

    private Plugged lookup(Device device) {
        Plugged p = devices.get(device);
        if (p == null) {
            Plugged r = reserved.remove(device.name());
            if (r != null) {
                devices.put(device, r);
                topology++;
                p = r;
            }
        }
        return p;
    }

    /**
     * Unplugs a device: its ranges and lines are free for others; mappings of it become stale.
     *
     * @param device the device
     * @return whether it was plugged
     */
    public boolean unplug(Device device) {
        synchronized (lock) {
            topology++;
            return devices.remove(device) != null;
        }
    }

    /**
     * @param device a device
     * @return whether it is plugged
     */
    public boolean isPlugged(Device device) {
        synchronized (lock) {
            return devices.containsKey(device);
        }
    }

    @Override
    public List<MmioRange> mmioRanges(Device device) {
        synchronized (lock) {
            Plugged p = lookup(device);
            return p == null ? List.of() : p.ranges();
        }
    }

    @Override
    public List<Integer> irqs(Device device) {
        synchronized (lock) {
            Plugged p = lookup(device);
            return p == null ? List.of() : p.irqs();
        }
    }

    @Override
    public Mmio map(Device device, MmioRange range) {
        synchronized (lock) {
            if (!mmioRanges(device).contains(range)) {
                throw new IllegalArgumentException("map of " + range + " for " + device.name() + " refused: the range is not the device's");
            }
            RawMmio m = new RawMmio(device, range);
            mappings.add(m);
            return m;
        }
    }

    @Override
    public void unmap(Mmio mapping) {
        synchronized (lock) {
            if (!(mapping instanceof RawMmio m) || !mappings.remove(m)) {
                throw new IllegalStateException("unmap of '" + mapping.name() + "' refused: not a live mapping of this hardware");
            }
            m.mapped = false;
        }
    }

    @Override
    public IrqLine requestIrq(Device device, int irq, String name, IrqHandler handler) {
        synchronized (lock) {
            if (!irqs(device).contains(irq)) {
                throw new IllegalArgumentException("request of irq " + irq + " for " + device.name() + " refused: the line is not the device's");
            }
            Line old = lines.get(irq);
            if (old != null && old.requested) {
                throw new IllegalStateException("request of irq " + irq + " by '" + name + "' refused: already requested by '" + old.name + "'");
            }
            Line l = new Line(irq, name, handler);
            lines.put(irq, l);
            return l;
        }
    }

    /**
     * Raises an interrupt: calls the handler of the requested line, if any.
     *
     * @param irq the line
     * @return whether a handler ran
     */
    public boolean raise(int irq) {
        Line l;
        synchronized (lock) {
            l = lines.get(irq);
        }
        return l != null && l.deliver();
    }

    /**
     * Reads a register directly, as the device sees it (no mapping, not observed).
     *
     * @param range  the range
     * @param offset the offset
     * @return the value
     */
    public int peek(MmioRange range, long offset) {
        synchronized (lock) {
            return cells(range)[(int) (offset / 4)];
        }
    }

    /**
     * Sets a register directly, as the device would (no mapping, not observed).
     *
     * @param range  the range
     * @param offset the offset
     * @param value  the value
     */
    public void poke(MmioRange range, long offset, int value) {
        synchronized (lock) {
            cells(range)[(int) (offset / 4)] = value;
        }
    }

    /** @return the number of live mappings */
    public int liveMappings() {
        synchronized (lock) {
            return mappings.size();
        }
    }

    /** @return the number of requested lines */
    public int requestedIrqs() {
        synchronized (lock) {
            return (int) lines.values().stream().filter(l -> l.requested).count();
        }
    }

    /** @return every fault recorded so far, oldest first */
    public List<String> faults() {
        synchronized (lock) {
            return List.copyOf(faults);
        }
    }

    private int[] cells(MmioRange range) {
        return memory.computeIfAbsent(range.base(), b -> new int[(int) (range.size() / 4)]);
    }

    private Device ownerOf(MmioRange range) {
        for (Map.Entry<Device, Plugged> e : devices.entrySet()) {
            for (MmioRange r : e.getValue().ranges()) {
                if (r.overlaps(range)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    private final class RawMmio implements Mmio {
        private final Device device;
        private final MmioRange range;
        private volatile boolean mapped = true;
        /** The range's cells, looked up on first access (guarded by the lock; memory is never removed). */
        private int[] cells;
        /** The cached owner and the topology it was looked up at (guarded by the lock). */
        private Device owner;
        private long ownerAt = -1;

        RawMmio(Device device, MmioRange range) {
            this.device = device;
            this.range = range;
        }

        @Override
        public String name() {
            return device.name() + ":" + range.name();
        }

        @Override
        public long base() {
            return range.base();
        }

        @Override
        public long size() {
            return range.size();
        }

        @Override
        public int read32(long offset) {
            Mmio.checkOffset(this, offset);
            return readLocked(offset);
        }

        /** Kept out of read32 so that the small checks inline into a caller's view and the lock code does not. */
        private int readLocked(long offset) {
            synchronized (lock) {
                if (!reachable(offset, "read32")) {
                    return 0xFFFFFFFF;
                }
                return cells()[(int) (offset / 4)];
            }
        }

        @Override
        public void write32(long offset, int value) {
            Mmio.checkOffset(this, offset);
            writeLocked(offset, value);
        }

        private void writeLocked(long offset, int value) {
            synchronized (lock) {
                if (reachable(offset, "write32")) {
                    cells()[(int) (offset / 4)] = value;
                }
            }
        }

        private boolean reachable(long offset, String op) {
            if (!mapped) {
                faults.add(where(op, offset) + ": the mapping was unmapped");
                return false;
            }
            Device owner = owner();
            if (owner == null) {
                faults.add(where(op, offset) + ": " + device.name() + " is gone; the access hit an empty range (reads all-ones)");
                return false;
            }
            if (owner != device) {
                faults.add(where(op, offset) + ": the range now belongs to " + owner.name() + "; a stale mapping of " + device.name() + " reached it");
            }
            return true;
        }

        /** The device present at the range now; looked up again only after a plug or unplug (under the lock). */
        private Device owner() {
            if (ownerAt != topology) {
                owner = ownerOf(range);
                ownerAt = topology;
            }
            return owner;
        }

        private int[] cells() {
            int[] c = cells;
            if (c == null) {
                c = MemoryHardware.this.cells(range);
                cells = c;
            }
            return c;
        }

        /** The fault line's prefix, built only when a fault is recorded. */
        private String where(String op, long offset) {
            return op + " " + name() + "+0x" + Long.toHexString(offset) + " [" + AccessContext.current() + "]";
        }
    }

    private final class Line implements IrqLine {
        private final int number;
        private final String name;
        private final IrqHandler handler;
        private volatile boolean requested = true;

        Line(int number, String name, IrqHandler handler) {
            this.number = number;
            this.name = name;
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
            return requested;
        }

        synchronized boolean deliver() {
            if (!requested) {
                return false;
            }
            handler.handle(number);
            return true;
        }

        @Override
        public synchronized void free() {
            if (!requested) {
                throw new IllegalStateException("free of irq " + number + " ('" + name + "') refused: it was already freed");
            }
            requested = false;
        }

        @Override
        public String toString() {
            return "irq " + number + " '" + name + "'" + (requested ? "" : " (freed)");
        }
    }
}
