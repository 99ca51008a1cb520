package org.devres4j.linux;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.devres4j.core.Managed;
import org.devres4j.core.RefCount;
import org.devres4j.core.ResourceList;
import org.devres4j.core.TraceListener;

/**
 * The software half of a {@link NetStatsDriver} binding: a device's sample history, reference-counted so
 * that it outlives the device while a client holds it — the drmm half of the seeds on a real device. Its
 * storage lives on its own resource list (drmm-like), released newest first at the last put.
 *
 * <p><b>Lifetime:</b> made at probe with one reference, the binding's, which the binding's devres list
 * drops at unbind or unplug. A client takes one with {@link NetStatsDriver#history(String)} and gives it
 * back with {@link #close()} (or {@link #put()}); the last put releases the list: the samples are freed and
 * the history is dead — a put too many is refused ({@link org.devres4j.core.IllegalReferenceCountException}).
 * While a reference is held, {@link #samples()} keeps working after the device is gone.
 *
 * <p><b>Order:</b> samples are kept oldest first, at most {@code capacity} of them. <b>Concurrency:</b>
 * thread-safe; the sampler appends under a reference of its own, so the last put never races an append.
 */
public final class StatsHistory implements AutoCloseable {

    private final String device;
    private final int capacity;
    private final RefCount refs;
    private final ResourceList<StatsHistory> managed;
    private final Managed<ArrayDeque<NetSample>> samples;
    private final Object lock = new Object();
    /* @GuardedBy("lock") */
    private boolean released;
    /* @GuardedBy("lock") */
    private long appended;

    private StatsHistory(String device, int capacity, TraceListener trace) {
        this.device = device;
        this.capacity = capacity;
        this.managed = ResourceList.create(this, "history " + device, trace);
        this.refs = RefCount.create("stats history of '" + device + "'", this::release);
        this.samples = managed.alloc("samples", () -> new ArrayDeque<>(Math.min(capacity, 1024)), ArrayDeque::clear);
    }

    static StatsHistory create(String device, int capacity, TraceListener trace) {
        Objects.requireNonNull(device, "StatsHistory: the device name must not be null");
        if (capacity < 1) {
            throw new IllegalArgumentException("StatsHistory of '" + device + "': capacity " + capacity
                    + " is refused: it must be at least 1");
        }
        return new StatsHistory(device, capacity, trace);
    }

    /** @return the device the history is of */
    public String device() {
        return device;
    }

    /** @return the number of references held (0 once released) */
    public int refCount() {
        return refs.count();
    }

    /** @return whether the last put released it */
    public boolean isReleased() {
        return refs.isReleased();
    }

    /**
     * @return the samples, oldest first (a copy)
     * @throws org.devres4j.core.UseAfterReleaseException if the history was released — a caller holding a
     *         reference never sees this
     */
    public List<NetSample> samples() {
        synchronized (lock) {
            return new ArrayList<>(samples.get());
        }
    }

    /** @return the newest sample, if any (empty once released) */
    public Optional<NetSample> latest() {
        synchronized (lock) {
            return released ? Optional.empty() : Optional.ofNullable(samples.get().peekLast());
        }
    }

    /** @return how many samples were appended in all (older ones beyond the capacity are dropped) */
    public long appended() {
        synchronized (lock) {
            return appended;
        }
    }

    boolean tryGet() {
        return refs.tryGet();
    }

    /**
     * Gives a reference back; the last one releases the history.
     *
     * @throws org.devres4j.core.IllegalReferenceCountException if no reference is left
     */
    public void put() {
        refs.put();
    }

    /** Same as {@link #put()}: for try-with-resources around a reference taken from the driver. */
    @Override
    public void close() {
        put();
    }

    /* The caller holds a reference. */
    void append(NetSample s) {
        synchronized (lock) {
            if (released) {
                return;
            }
            ArrayDeque<NetSample> q = samples.get();
            q.addLast(s);
            appended++;
            while (q.size() > capacity) {
                q.removeFirst();
            }
        }
    }

    private void release() {
        synchronized (lock) {
            released = true;
        }
        managed.releaseAllAndClose("last put of the stats history of '" + device + "'");
    }

    @Override
    public String toString() {
        return "StatsHistory[" + device + ", refs=" + refs.count() + (isReleased() ? ", released" : "") + "]";
    }
}
