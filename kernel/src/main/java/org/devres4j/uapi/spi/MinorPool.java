package org.devres4j.uapi.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The minor numbers a {@link org.devres4j.uapi.Namespace} has handed out, for namespace implementations: allocation
 * takes the lowest free number, so a freed minor is reused first.
 *
 * <p><b>Lifetime:</b> a minor is held from {@link #alloc()} until {@link #free(int)} returns true; the
 * pool lives as long as its namespace. <b>Order:</b> {@link #list()} is ascending. <b>Concurrency:</b>
 * not thread-safe; the owning namespace serialises calls (its lock, or a single-threaded world).
 */
public final class MinorPool {
    private final TreeSet<Integer> minors = new TreeSet<>();

    /** Creates an empty pool: every minor is free. */
    public MinorPool() {
    }

    /** @return the lowest minor not allocated, now allocated */
    public int alloc() {
        int m = 0;
        while (minors.contains(m)) {
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
