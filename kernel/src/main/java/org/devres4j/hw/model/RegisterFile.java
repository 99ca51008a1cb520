package org.devres4j.hw.model;

import java.util.HashMap;
import java.util.Map;
import org.devres4j.hw.MmioRange;

/**
 * The registers of one assignment of an address range: what a device plugged there holds, starting from
 * its {@link RegisterModel}'s reset values. Dense (an array) for ranges up to 64 KiB, sparse above, so a
 * huge range costs only the registers written.
 *
 * <p><b>Lifetime:</b> that of its assignment; a later plug at the same addresses gets a fresh file, a rescan of the
 * same (removed but present) hardware a copy under its new assignment.
 * <b>Order:</b> none. <b>Concurrency:</b> not thread-safe: {@link MemoryHardware} serialises every access.
 */
final class RegisterFile {
    private static final long DENSE_LIMIT = 64 * 1024;

    private final AddressSpace.Range assignment;
    private final MmioRange range;
    private final RegisterModel model;
    private final int[] dense;
    private final Map<Long, Integer> sparse;

    RegisterFile(AddressSpace.Range assignment, MmioRange range, RegisterModel model) {
        this.assignment = assignment;
        this.range = range;
        this.model = model;
        if (assignment.size() <= DENSE_LIMIT) {
            dense = new int[(int) (assignment.size() / 4)];
            for (int i = 0; i < dense.length; i++) {
                dense[i] = model.resetValue(range, 4L * i);
            }
            sparse = null;
        } else {
            dense = null;
            sparse = new HashMap<>();
        }
    }

    private RegisterFile(AddressSpace.Range assignment, RegisterFile from) {
        this.assignment = assignment;
        this.range = from.range;
        this.model = from.model;
        this.dense = from.dense == null ? null : from.dense.clone();
        this.sparse = from.sparse == null ? null : new HashMap<>(from.sparse);
    }

    /* the same registers (the same hardware) under a new assignment of the same addresses: a rescan */
    RegisterFile moveTo(AddressSpace.Range newAssignment) {
        return new RegisterFile(newAssignment, this);
    }

    AddressSpace.Range assignment() {
        return assignment;
    }

    /* offset relative to the assignment's base, 4-byte aligned, inside it */
    int read(long offset) {
        if (dense != null) {
            return dense[(int) (offset >>> 2)];
        }
        Integer v = sparse.get(offset);
        return v != null ? v : model.resetValue(range, offset);
    }

    void write(long offset, int value) {
        if (dense != null) {
            dense[(int) (offset >>> 2)] = value;
        } else {
            sparse.put(offset, value);
        }
    }
}
