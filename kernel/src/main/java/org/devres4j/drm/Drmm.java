package org.devres4j.drm;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.devres4j.core.Managed;

/**
 * The drmm list of a DRM device ({@link DrmDevice#managed()}, {@code drm_managed.c}) and the drmm-only helpers over
 * it: a managed string copy ({@code drmm_kstrdup}), a managed lock ({@code drmm_mutex_init}) and a managed ordered
 * worker ({@code drmm_alloc_ordered_workqueue}). Everything else drmm does is an operation of the list itself:
 * {@code add}/{@code addOrReset} are {@code drmm_add_action(_or_reset)}, {@code release(action, data)} is
 * {@code drmm_release_action}, {@code alloc}/{@code allocBytes}/{@code allocArray} are
 * {@code drmm_kmalloc}/{@code drmm_kzalloc}/{@code drmm_kcalloc}; {@code remove}, groups and queries as on any list.
 *
 * <p><b>Lifetime:</b> everything on the list — what these helpers allocate too — is released once, at the device's
 * last put (after the driver's release hook, before the final free), and the list is then closed for good: later
 * adds throw {@link org.devres4j.core.ListClosedException} ({@code addOrReset} runs the action first). Use it for
 * software (seed 004): data structures, KMS objects, locks, workers. Hardware and the removal of userspace names
 * belong to devres, which goes at unbind. <b>Order:</b> newest first; the allocation's own teardown (parent
 * reference, minors) was added first and runs last. <b>Concurrency:</b> thread-safe; actions never run under a
 * lock; a failing action does not stop the others.
 */
public final class Drmm {

    private Drmm() {
    }

    /**
     * A copy of a string owned by the device ({@code drmm_kstrdup}).
     *
     * @param device the device that owns the copy
     * @param s      the string
     * @return the managed copy
     * @throws NullPointerException if {@code s} is null, naming the device
     */
    public static Managed<String> strdup(DrmDevice device, String s) {
        Objects.requireNonNull(s, "drmm strdup on " + device.name() + ": the string must not be null");
        String copy = new String(s);
        return device.managed().alloc("kstrdup \"" + (s.length() > 24 ? s.substring(0, 24) + "…" : s) + "\"", () -> copy);
    }

    /**
     * A lock owned by the device ({@code drmm_mutex_init}): usable until the last put, then poisoned.
     * Releasing it while a thread holds it is reported as a failure of the release.
     *
     * @param device the device that owns the lock
     * @param name   the name
     * @return the managed lock
     */
    public static Managed<ReentrantLock> mutex(DrmDevice device, String name) {
        return device.managed().alloc("mutex " + name, ReentrantLock::new, l -> {
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
     * @param device the device that owns the worker
     * @param name   the name (also the thread's)
     * @return the managed executor
     */
    public static Managed<ExecutorService> orderedWorker(DrmDevice device, String name) {
        String threadName = device.name() + "-" + name;
        Thread[] worker = new Thread[1];
        return device.managed().alloc("ordered worker " + name, () -> Executors.newSingleThreadExecutor(r -> {
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
}
