package org.devres4j.hw.model;

import org.devres4j.hw.AccessContext;
import org.devres4j.hw.MmioRange;
import org.devres4j.hw.RawMmio;

/**
 * A raw mapping of {@link MemoryHardware}: one range of one device, remembering the address assignment it
 * was made for, so that {@link Memory} can tell a stale access from a live one.
 *
 * <p><b>Lifetime:</b> mapped until its hardware's {@code unmap}. <b>Order:</b> none. <b>Concurrency:</b>
 * the mutable fields are guarded by the memory's lock.
 */
final class RawMapping implements RawMmio {
    private final Memory memory;
    private final String name;
    private final String device;
    private final MmioRange range;
    private final AddressSpace.Range assignment;
    /* @GuardedBy("memory.lock") */
    boolean mapped = true;
    /* @GuardedBy("memory.lock") the topology the cached target was looked up at, and that target */
    long seenAt = -1;
    RegisterFile target;

    RawMapping(Memory memory, String device, MmioRange range, AddressSpace.Range assignment) {
        this.memory = memory;
        this.name = device + ":" + range.name();
        this.device = device;
        this.range = range;
        this.assignment = assignment;
    }

    @Override
    public String name() {
        return name;
    }

    String device() {
        return device;
    }

    AddressSpace.Range assignment() {
        return assignment;
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
    public int read32(long offset, AccessContext context) {
        return memory.read(this, offset, context);
    }

    @Override
    public void write32(long offset, int value, AccessContext context) {
        memory.write(this, offset, value, context);
    }

    @Override
    public String toString() {
        return name + " " + assignment;
    }
}
