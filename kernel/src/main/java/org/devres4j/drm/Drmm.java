package org.devres4j.drm;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.devres4j.core.Managed;
import org.devres4j.core.ManagedResources;
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
 *
 * <p><b>Operations:</b> every per-resource operation (add, addOrReset, remove, release, find, alloc,
 * allocBytes — size 0 refused, allocArray — overflow refused, groups, queries) comes from
 * {@link ManagedResources}, one name per kernel call ({@code release(action, data)} is
 * {@code drmm_release_action}); this class adds the drmm-only helpers: {@link #strdup}, {@link #mutex}
 * and {@link #orderedWorker}.
 */
public final class Drmm extends ManagedResources<DrmDevice> {
    private final DrmDevice device;

    Drmm(DrmDevice device, ResourceList<DrmDevice> list) {
        super(list);
        this.device = device;
    }

    /** @return the device that owns this list */
    public DrmDevice device() {
        return device;
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
        return alloc("kstrdup \"" + (s.length() > 24 ? s.substring(0, 24) + "…" : s) + "\"", () -> copy);
    }

    /**
     * A lock owned by the device ({@code drmm_mutex_init}): usable until the last put, then poisoned.
     * Releasing it while a thread holds it is reported as a failure of the release.
     *
     * @param name the name
     * @return the managed lock
     */
    public Managed<ReentrantLock> mutex(String name) {
        return alloc("mutex " + name, ReentrantLock::new, l -> {
            if (l.isLocked()) {
                throw new IllegalStateException("mutex '" + name + "' of " + device.name() + " destroyed while held");
            }
        });
    }

    /**
     * An ordered worker owned by the device ({@code drmm_alloc_ordered_workqueue}): one thread, tasks
     * run in submission order; at the last put it stops taking work, runs what was queued and is
     * waited for — except when the last put happens on the worker itself (a queued task dropped the
     * last reference): then it stops taking work and the queued tasks still run, but it cannot wait
     * for itself, so the release returns at once and the thread ends after its last task.
     *
     * @param name the name (also the thread's)
     * @return the managed executor
     */
    public Managed<ExecutorService> orderedWorker(String name) {
        String threadName = device.name() + "-" + name;
        Thread[] worker = new Thread[1];
        return alloc("ordered worker " + name, () -> Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            synchronized (worker) {
                worker[0] = t;
            }
            return t;
        }), ex -> {
            Thread t;
            synchronized (worker) {
                t = worker[0];
            }
            drain(ex, t);
        });
    }

    private static void drain(ExecutorService ex, Thread worker) throws IllegalStateException {
        ex.shutdown();
        if (Thread.currentThread() == worker) {
            return; // the last put ran on the worker: waiting here would wait for ourselves
        }
        try {
            if (!ex.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ordered worker did not drain within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining an ordered worker", e);
        }
    }

    @Override
    public String toString() {
        return "drmm of " + device.name() + " " + names();
    }
}
