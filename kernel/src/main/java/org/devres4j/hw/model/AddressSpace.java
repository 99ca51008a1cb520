package org.devres4j.hw.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The physical address space of the hardware model: plugged devices get MMIO ranges (at a given base, or
 * the lowest free page-aligned range from {@link #BASE}), unplugged devices give them back, and a device
 * plugged later may get the same addresses (seed 004: a hot-unplug may hand your MMIO range to another
 * device). Each assignment is its own {@link Range} object, so a mapping made for one assignment can tell
 * that the addresses now belong to another — the one place the stale-mapping rule lives.
 *
 * <p>The space has a physical address width ({@link #addressBits()}, {@value #DEFAULT_ADDRESS_BITS} bits unless
 * the owner asks for another): every range lies below {@link #limit()}, and a range that would reach past it is
 * refused — a claim with an {@link IllegalArgumentException}, an allocation that finds no room with the typed
 * {@link AddressSpaceFullException} — naming the owner, the size and the width.
 *
 * <p><b>Lifetime:</b> a range is live from {@link #allocate}/{@link #claim} to {@link #free}; a freed range
 * object stays a record of that assignment. <b>Order:</b> allocation takes the lowest free range that fits;
 * ranges never overlap while live. Sizes and bases are checked so that no range end passes the limit (nor
 * overflows a {@code long}): a size that cannot fit is refused with a clear error, never rounded into a wrong
 * range, and a refusal assigns nothing. <b>Concurrency:</b> not thread-safe: its owner ({@link MemoryHardware})
 * serialises every call.
 */
public final class AddressSpace {

    /** Where allocated MMIO ranges start. */
    public static final long BASE = 0xE000_0000L;
    /** Range granularity of allocations (a page). */
    public static final long PAGE = 0x1000L;
    /** The physical address width of a space made without one: 48 bits (256 TiB), a common x86-64 width. */
    public static final int DEFAULT_ADDRESS_BITS = 48;
    /** The narrowest width: 32 bits, which leave {@code 2^32 - BASE} bytes (512 MiB) above {@link #BASE}. */
    public static final int MIN_ADDRESS_BITS = 32;
    /**
     * The widest width: 63 bits, every non-negative {@code long} address (a range end must fit in a {@code long}, so
     * the last byte of such a space, {@code Long.MAX_VALUE}, is never assigned).
     */
    public static final int MAX_ADDRESS_BITS = 63;

    /**
     * One assignment of an address range to an owner; a later assignment of the same addresses is a new
     * object. <b>Lifetime:</b> live until freed. <b>Order / concurrency:</b> immutable but for the freed
     * flag, which its address space sets under its owner's lock.
     */
    public static final class Range {
        private final long base;
        private final long size;
        private final String owner;
        private final int generation;
        private volatile boolean freed;

        Range(long base, long size, String owner, int generation) {
            this.base = base;
            this.size = size;
            this.owner = owner;
            this.generation = generation;
        }

        /** @return the first address */
        public long base() {
            return base;
        }

        /** @return the size in bytes */
        public long size() {
            return size;
        }

        /** @return the name of the device it was assigned to */
        public String owner() {
            return owner;
        }

        /** @return the assignment's number in its address space, from 1: a reassignment has a higher one */
        public int generation() {
            return generation;
        }

        /** @return whether the assignment ended (its device was unplugged) */
        public boolean isFreed() {
            return freed;
        }

        /**
         * @param addr an address
         * @return whether the range covers it (overflow-safe at the top of the address space)
         */
        public boolean covers(long addr) {
            return addr >= base && addr - base < size;
        }

        @Override
        public String toString() {
            return String.format("[0x%x+0x%x]", base, size);
        }
    }

    private final int addressBits;
    private final long limit;
    private final List<Range> live = new ArrayList<>();
    private int generations;

    /** Creates an empty address space {@value #DEFAULT_ADDRESS_BITS} bits wide. */
    public AddressSpace() {
        this(DEFAULT_ADDRESS_BITS);
    }

    /**
     * Creates an empty address space of the given physical address width.
     *
     * @param addressBits the width, {@value #MIN_ADDRESS_BITS} to {@value #MAX_ADDRESS_BITS}
     * @throws IllegalArgumentException for a width out of that range
     */
    public AddressSpace(int addressBits) {
        if (addressBits < MIN_ADDRESS_BITS || addressBits > MAX_ADDRESS_BITS) {
            throw new IllegalArgumentException("address space: a physical address width of " + addressBits + " bits is out of "
                    + "range: " + MIN_ADDRESS_BITS + " to " + MAX_ADDRESS_BITS + " (ranges start at 0x" + Long.toHexString(BASE)
                    + " and end within a long)");
        }
        this.addressBits = addressBits;
        this.limit = addressBits == MAX_ADDRESS_BITS ? Long.MAX_VALUE : 1L << addressBits;
    }

    /** @return the physical address width in bits */
    public int addressBits() {
        return addressBits;
    }

    /** @return the first address past the space ({@code 2^addressBits}; {@code Long.MAX_VALUE} for 63 bits): every range ends at or below it */
    public long limit() {
        return limit;
    }

    /** @return the largest size {@link #allocate} accepts: the page-aligned room between {@link #BASE} and {@link #limit()} */
    public long maxAllocation() {
        return (limit - BASE) & -PAGE;
    }

    /**
     * Gives an owner the lowest free range of at least {@code size} bytes, rounded up to a page, at or above
     * {@link #BASE} and below {@link #limit()}.
     *
     * @param owner the device name
     * @param size  the size, 1 to {@link #maxAllocation()}
     * @return the new assignment
     * @throws IllegalArgumentException  if the size is not positive; nothing changes
     * @throws AddressSpaceFullException if the size cannot fit below the limit at all, or no free range of that size
     *                                   is left; nothing changes
     */
    public Range allocate(String owner, long size) {
        Objects.requireNonNull(owner, "address space: the owner must not be null");
        if (size <= 0) {
            throw new IllegalArgumentException("address space: MMIO size for '" + owner + "' must be positive, got " + size);
        }
        if (size > maxAllocation()) {
            throw new AddressSpaceFullException(owner, size, addressBits, "address space: MMIO size 0x" + Long.toHexString(size)
                    + " for '" + owner + "' does not fit: at most 0x" + Long.toHexString(maxAllocation()) + " bytes lie between 0x"
                    + Long.toHexString(BASE) + " and the end of the " + addressBits + "-bit physical address space (0x"
                    + Long.toHexString(limit) + "); nothing was assigned");
        }
        long rounded = (size + PAGE - 1) & -PAGE;
        long candidate = BASE;
        List<Range> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparingLong(r -> r.base));
        for (Range r : sorted) {
            long end = r.base + r.size;
            if (end <= candidate) {
                continue;
            }
            if (rounded <= r.base - candidate) {
                break;
            }
            candidate = end;
        }
        if (rounded > limit - candidate) {
            throw new AddressSpaceFullException(owner, size, addressBits, "address space: no free range of 0x"
                    + Long.toHexString(rounded) + " bytes for '" + owner + "' is left below the end of the " + addressBits
                    + "-bit physical address space (0x" + Long.toHexString(limit) + "); nothing was assigned");
        }
        return add(candidate, rounded, owner);
    }

    /**
     * Gives an owner the range {@code [base, base + size)}.
     *
     * @param owner the device name
     * @param base  the first address, not negative
     * @param size  the size, positive, with {@code base + size} not past {@link #limit()}
     * @return the new assignment
     * @throws IllegalArgumentException if the range is malformed or reaches past the physical address width
     * @throws IllegalStateException    if it overlaps a live range, naming both owners; nothing changes
     */
    public Range claim(String owner, long base, long size) {
        Objects.requireNonNull(owner, "address space: the owner must not be null");
        if (base < 0 || size <= 0 || size > Long.MAX_VALUE - base) {
            throw new IllegalArgumentException("address space: range [0x" + Long.toHexString(base) + "+0x" + Long.toHexString(size)
                    + "] for '" + owner + "' is malformed: the base must not be negative, the size positive, the end within the address space");
        }
        if (base + size > limit) {
            throw new IllegalArgumentException("address space: range [0x" + Long.toHexString(base) + "+0x" + Long.toHexString(size)
                    + "] for '" + owner + "' reaches past the " + addressBits + "-bit physical address space, which ends at 0x"
                    + Long.toHexString(limit) + " (nothing was assigned)");
        }
        for (Range r : live) {
            boolean overlaps = base <= r.base ? r.base - base < size : base - r.base < r.size;
            if (overlaps) {
                throw new IllegalStateException("address space: range [0x" + Long.toHexString(base) + "+0x" + Long.toHexString(size)
                        + "] for '" + owner + "' overlaps " + r + " of present device '" + r.owner + "'");
            }
        }
        return add(base, size, owner);
    }

    private Range add(long base, long size, String owner) {
        Range range = new Range(base, size, owner, ++generations);
        live.add(range);
        return range;
    }

    /**
     * Takes a range back (its device was unplugged).
     *
     * @param range a live range of this space
     * @throws IllegalStateException if it was already freed; nothing changes
     */
    public void free(Range range) {
        if (range.freed || !live.remove(range)) {
            throw new IllegalStateException("address space: range " + range + " of '" + range.owner + "' was already freed");
        }
        range.freed = true;
    }

    /**
     * @param addr an address
     * @return the live assignment covering it now, if any
     */
    public Optional<Range> ownerAt(long addr) {
        for (Range r : live) {
            if (r.covers(addr)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** @return the number of live assignments */
    public int liveCount() {
        return live.size();
    }
}
