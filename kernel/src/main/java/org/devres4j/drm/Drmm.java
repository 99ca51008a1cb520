package org.devres4j.drm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.devres4j.core.DataRelease;
import org.devres4j.core.Handle;
import org.devres4j.core.LeakReport;
import org.devres4j.core.Managed;
import org.devres4j.core.ManagedBuffer;
import org.devres4j.core.Release;
import org.devres4j.core.ResourceList;

/**
 * A DRM device's drmm list: software resources tied to the {@link DrmDevice}'s refcount, typed so
 * that only actions written for a {@code DrmDevice} (or a supertype) compile — a
 * {@code Release<Device>} cannot be added here, and a {@code Release<DrmDevice>} cannot be added to a
 * {@code Device}'s devres.
 *
 * <p><b>Lifetime:</b> everything here is released once, at the device's last put (after the driver's
 * release hook, before the final free), and the list is then closed for good: later adds throw
 * {@link org.devres4j.core.ListClosedException} ({@code addOrReset} runs the action first). Use it
 * for software (seed 004): data structures, KMS objects, locks, workers. Hardware and the removal of
 * userspace names belong to devres, which goes at unbind.
 *
 * <p><b>Order:</b> newest first; the allocation's own teardown (parent reference, minor) was added
 * first and runs last. <b>Concurrency:</b> thread-safe; actions never run under a lock; a failing
 * action does not stop the others.
 */
public final class Drmm {
    private final DrmDevice device;
    private final ResourceList<DrmDevice> list;

    Drmm(DrmDevice device, ResourceList<DrmDevice> list) {
        this.device = device;
        this.list = list;
    }

    /** @return the device that owns this list */
    public DrmDevice device() {
        return device;
    }

    /**
     * Adds an action ({@code drmm_add_action}).
     *
     * @param action the action
     * @return its handle
     */
    public Handle add(Release<? super DrmDevice> action) {
        return list.add(action);
    }

    /**
     * Adds a named action.
     *
     * @param name   the name traces print
     * @param action the action
     * @return its handle
     */
    public Handle add(String name, Release<? super DrmDevice> action) {
        return list.add(name, action);
    }

    /**
     * Adds an action with data, findable by the pair (action, data).
     *
     * @param name   the name
     * @param action the action
     * @param data   its data
     * @param <D>    the data type
     * @return its handle
     */
    public <D> Handle add(String name, DataRelease<? super DrmDevice, D> action, D data) {
        return list.add(name, action, data);
    }

    /**
     * Adds an action, or runs it now and throws if the list is closed ({@code drmm_add_action_or_reset}).
     *
     * @param name   the name
     * @param action the action
     * @return its handle
     */
    public Handle addOrReset(String name, Release<? super DrmDevice> action) {
        return list.addOrReset(name, action);
    }

    /**
     * The pair form of {@link #addOrReset(String, Release)}.
     *
     * @param name   the name
     * @param action the action
     * @param data   its data
     * @param <D>    the data type
     * @return its handle
     */
    public <D> Handle addOrReset(String name, DataRelease<? super DrmDevice, D> action, D data) {
        return list.addOrReset(name, action, data);
    }

    /**
     * Runs the newest action added with this pair now, then drops it ({@code drmm_release_action}).
     *
     * @param action the action (by identity)
     * @param data   the data (by identity)
     * @param <D>    the data type
     * @throws IllegalArgumentException if no such pair was added (or it already ran); nothing changes
     */
    public <D> void releaseAction(DataRelease<? super DrmDevice, D> action, D data) {
        if (list.find(action, data).isEmpty()) {
            throw new IllegalArgumentException("drmm releaseAction on " + device.name() + " refused: no action added with this (action, data) pair "
                    + "(never added, or already released) — only an action on the list can be released early; the list is unchanged");
        }
        list.release(action, data);
    }

    /**
     * Drops a resource without running it.
     *
     * @param handle a live handle of this list
     */
    public void remove(Handle handle) {
        list.remove(handle);
    }

    /**
     * Drops the newest action with this pair without running it.
     *
     * @param action the action
     * @param data   the data
     * @param <D>    the data type
     */
    public <D> void remove(DataRelease<? super DrmDevice, D> action, D data) {
        list.remove(action, data);
    }

    /**
     * Runs a resource's action now, then drops it.
     *
     * @param handle a live handle of this list
     */
    public void release(Handle handle) {
        list.release(handle);
    }

    /**
     * @param handle a handle
     * @return whether it is live on this list
     */
    public boolean contains(Handle handle) {
        return list.contains(handle);
    }

    /**
     * @param action the action
     * @param data   the data
     * @param <D>    the data type
     * @return the newest live handle with this pair
     */
    public <D> Optional<Handle> find(DataRelease<? super DrmDevice, D> action, D data) {
        return list.find(action, data);
    }

    /**
     * A value owned by the device ({@code drmm_kzalloc}), poisoned at the last put.
     *
     * @param name     the name
     * @param supplier creates it
     * @param <T>      the type
     * @return the managed value
     */
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier) {
        return list.alloc(name, supplier);
    }

    /**
     * A value with a destructor run at the last put.
     *
     * @param name       the name
     * @param supplier   creates it
     * @param destructor runs once
     * @param <T>        the type
     * @return the managed value
     */
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier, Consumer<? super T> destructor) {
        return list.alloc(name, supplier, destructor);
    }

    /**
     * A zero-filled buffer; size 0 is refused (seed 002's review: a zero-size allocation has no data).
     *
     * @param name the name
     * @param size bytes, 1 to {@link ResourceList#MAX_BUFFER}
     * @return the buffer
     */
    public ManagedBuffer allocBytes(String name, long size) {
        return list.allocBytes(name, size);
    }

    /**
     * A zero-filled array ({@code drmm_kcalloc}); an overflowing product is refused.
     *
     * @param name        the name
     * @param count       elements
     * @param elementSize bytes each
     * @return the buffer
     */
    public ManagedBuffer allocArray(String name, long count, long elementSize) {
        return list.allocArray(name, count, elementSize);
    }

    /**
     * A copy of a string owned by the device ({@code drmm_kstrdup}).
     *
     * @param s the string
     * @return the managed copy
     * @throws NullPointerException if {@code s} is null, naming the device
     */
    public Managed<String> strdup(String s) {
        Objects.requireNonNull(s, "drmm strdup on " + device.name() + ": the string must not be null");
        String copy = new String(s);
        return list.alloc("kstrdup \"" + (s.length() > 24 ? s.substring(0, 24) + "…" : s) + "\"", () -> copy);
    }

    /**
     * A lock owned by the device ({@code drmm_mutex_init}): usable until the last put, then poisoned.
     * Releasing it while a thread holds it is reported as a failure of the release.
     *
     * @param name the name
     * @return the managed lock
     */
    public Managed<ReentrantLock> mutex(String name) {
        return list.alloc("mutex " + name, ReentrantLock::new, l -> {
            if (l.isLocked()) {
                throw new IllegalStateException("mutex '" + name + "' of " + device.name() + " destroyed while held");
            }
        });
    }

    /**
     * An ordered worker owned by the device ({@code drmm_alloc_ordered_workqueue}): one thread, tasks
     * run in submission order; at the last put it stops taking work, runs what was queued and is
     * waited for.
     *
     * @param name the name (also the thread's)
     * @return the managed executor
     */
    public Managed<ExecutorService> orderedWorker(String name) {
        String thread = device.name() + "-" + name;
        return list.alloc("ordered worker " + name, () -> Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        }), Drmm::drain);
    }

    private static void drain(ExecutorService ex) throws IllegalStateException {
        ex.shutdown();
        try {
            if (!ex.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ordered worker did not drain within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining an ordered worker", e);
        }
    }

    /** @return the number of live resources */
    public int size() {
        return list.size();
    }

    /** @return whether nothing is live */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** @return live resource names, oldest first */
    public List<String> names() {
        return list.names();
    }

    /** @return what the device still holds */
    public LeakReport leakReport() {
        return list.leakReport();
    }

    /** @return whether the list was closed for good (the device was released) */
    public boolean isClosed() {
        return list.isClosed();
    }

    @Override
    public String toString() {
        return "drmm of " + device.name() + " " + names();
    }
}
