package org.devres4j.uapi.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The minor numbers a {@link org.devres4j.uapi.Namespace} has handed out, for namespace implementations: allocation
 * takes the lowest free number (of a range, {@link #alloc(int, int)}), so a freed minor is reused first.
 *
 * <p><b>Lifetime:</b> a minor is held from {@link #alloc()} (or {@link #alloc(int, int)}) until {@link #free(int)}
 * returns true; the pool lives as long as its namespace. <b>Order:</b> {@link #list()} is ascending.
 * <b>Concurrency:</b> not thread-safe; the owning namespace serialises calls (its lock, or a single-threaded world).
 */
public final class MinorPool {
    private final TreeSet<Integer> minors = new TreeSet<>();

    /** Creates an empty pool: every minor is free. */
    public MinorPool() {
    }

    /** @return the lowest minor not allocated, now allocated */
    public int alloc() {
        return alloc(0, Integer.MAX_VALUE);
    }

    /**
     * Allocates the lowest free minor of a range (the kernel's {@code xa_alloc} with a limit).
     *
     * @param first the lowest minor of the range, not negative
     * @param last  the highest, at least {@code first}
     * @return the minor, now allocated, or -1 if every minor of the range is taken (nothing changes)
     * @throws IllegalArgumentException if the range is malformed (nothing changes)
     */
    public int alloc(int first, int last) {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("minor range [" + first + ", " + last + "] is malformed: the first minor "
                    + "must not be negative and the last not below the first");
        }
        int m = first;
        for (Integer taken : minors.tailSet(first)) {
            if (taken != m) {
                break;
            }
            if (m == last) {
                return -1;
            }
            m++;
        }
        minors.add(m);
        return m;
    }

    /**
     * Frees a minor; the caller reports a refusal in its own words.
     *
     * @param minor the minor
     * @return true if it was allocated (and now is not), false if it was not allocated (nothing changes)
     */
    public boolean free(int minor) {
        return minors.remove(minor);
    }

    /** @return the allocated minors, ascending (a copy) */
    public List<Integer> list() {
        return new ArrayList<>(minors);
    }
}
