package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The physical address space: plugged devices get MMIO ranges, unplugged devices give them back, and
 * a device plugged later gets the lowest free range that fits — very often the one just freed (seed
 * 004: a hot-unplug may hand your MMIO range to another device). Single-threaded: the world runs one
 * step at a time.
 */
final class AddressSpace {

    /** Where MMIO ranges start. */
    static final long BASE = 0xE000_0000L;
    /** Range granularity (a page). */
    static final long PAGE = 0x1000L;

    /** One assignment of a range to a device; a later assignment of the same addresses is a new object. */
    static final class Range {
        final long base;
        final long size;
        final String owner;
        final int generation;
        boolean freed;

        Range(long base, long size, String owner, int generation) {
            this.base = base;
            this.size = size;
            this.owner = owner;
            this.generation = generation;
        }

        boolean covers(long addr) {
            return addr >= base && addr < base + size;
        }

        @Override
        public String toString() {
            return String.format("[0x%x+0x%x]", base, size);
        }
    }

    private final List<Range> live = new ArrayList<>();
    private int generations;

    /**
     * Gives a device the lowest free range of at least {@code size} bytes.
     *
     * @throws IllegalArgumentException if the size is not positive
     */
    Range allocate(String owner, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("address space: MMIO size for '" + owner
                    + "' must be positive, got " + size);
        }
        long rounded = (size + PAGE - 1) / PAGE * PAGE;
        long candidate = BASE;
        live.sort((a, b) -> Long.compare(a.base, b.base));
        for (Range r : live) {
            if (candidate + rounded <= r.base) {
                break;
            }
            candidate = Math.max(candidate, r.base + r.size);
        }
        Range range = new Range(candidate, rounded, owner, ++generations);
        live.add(range);
        return range;
    }

    /**
     * Takes a range back (the device was unplugged).
     *
     * @throws IllegalStateException if it was already freed
     */
    void free(Range range) {
        if (range.freed || !live.remove(range)) {
            throw new IllegalStateException("address space: range " + range + " of '" + range.owner
                    + "' was already freed");
        }
        range.freed = true;
    }

    /** @return the assignment covering this address now, if any */
    Optional<Range> ownerAt(long addr) {
        for (Range r : live) {
            if (r.covers(addr)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** @return the number of live assignments */
    int liveCount() {
        return live.size();
    }
}
