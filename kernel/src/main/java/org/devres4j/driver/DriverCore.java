package org.devres4j.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.ReleaseFailedException;

/*
 * Design — the binding logic of one bus: Linux's drivers/base/dd.c (match, probe, deferred probe,
 * unbind, driver attach/detach, device_driver_attach, the driver data cleared by device_unbind_cleanup). BusTables keeps the tables (bus.c), Device and DeviceTeardown its own life (core.c); this
 * class is the only one that changes a device's Attachment.
 *
 * Lifetime: one per bus, as long as the bus. A device is on the deferred list from a deferred probe
 * until it binds, is deleted, or a retry round takes it off to try it again.
 *
 * Order: a probe that fails or defers releases the devres list (policy permitting) before the next
 * driver is tried; an unbind runs remove(), then the devres list, then ends the binding. Retries go
 * oldest deferral first.
 *
 * Concurrency: every per-device step runs with the device's lock held (lock/unlock here, so that
 * `active` counts the device-locked operations in flight on the bus). Deferred retries run when an
 * operation ends and no device lock of the bus is held by any operation (`active` is 0): the last
 * operation out runs them, on its own thread, with no lock held — so a probe that adds a child never
 * retries under its parent's lock, and no per-thread state is needed. The deferred set is guarded by
 * its own monitor; the claim of a driver by the bus's table lock.
 */
final class DriverCore {
    private static final System.Logger LOG = System.getLogger("org.devres4j.driver");

    enum Outcome { BOUND, DEFERRED, FAILED, NO_MATCH, SKIPPED }

    record Attach(Outcome outcome, List<Throwable> errors) {
    }

    private final Bus bus;
    /* @GuardedBy("itself") devices whose latest probe deferred, oldest first */
    private final Set<Device> deferred = new LinkedHashSet<>();
    /* device-locked operations in flight on this bus */
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean retryPending;
    /* one thread at a time runs retry rounds; the others leave the pending work to it */
    private final AtomicBoolean retrying = new AtomicBoolean();

    DriverCore(Bus bus) {
        this.bus = bus;
    }

    // ------------------------------------------------------------------ locking

    void lock(Device dev) {
        dev.lock().lock();
        active.incrementAndGet();
    }

    /* The operation that leaves no device lock of the bus held runs the pending deferred retries. */
    void unlock(Device dev) {
        int left = active.decrementAndGet();
        dev.lock().unlock();
        if (left == 0 && retryPending) {
            afterOperation();
        }
    }

    // ------------------------------------------------------------------ bind (sysfs bind, device add, driver register)

    /* Tries to bind one added, unbound device under its lock. */
    Attach attachLocked(Device dev, Driver only) {
        lock(dev);
        try {
            return attach(dev, only);
        } finally {
            unlock(dev);
        }
    }

    /*
     * Tries to bind an added, unbound device; the caller holds its lock. With only == null every
     * registered driver is tried in registration order (a faux device tries only its own; a root device none).
     */
    Attach attach(Device dev, Driver only) {
        if (dev.root) {
            return new Attach(Outcome.SKIPPED, List.of());
        }
        List<Driver> candidates = dev.fauxDriver != null ? List.of(dev.fauxDriver)
                : only != null ? List.of(only) : bus.drivers();
        return attach(dev, candidates, true);
    }

    /*
     * device_driver_attach: probes exactly this driver, without asking whether it matches (the caller chose it);
     * the caller holds the device's lock and checked that the device is added, has no driver and is neither
     * faux nor root, and that the driver is registered.
     */
    Attach attachExplicit(Device dev, Driver driver) {
        return attach(dev, List.of(driver), false);
    }

    private Attach attach(Device dev, List<Driver> candidates, boolean askMatch) {
        Attachment a = dev.attachment();
        if (dev.state != Device.State.ADDED || a.binding != null) {
            return new Attach(Outcome.SKIPPED, List.of());
        }
        List<Throwable> errors = new ArrayList<>();
        boolean matched = false;
        boolean wasDeferred = false;
        for (Driver d : candidates) {
            if (askMatch && !matchesSafely(d, dev)) {
                continue;
            }
            matched = true;
            if (!bus.tables().claim(dev, d)) {
                continue;
            }
            switch (probe(dev, d)) {
                case BOUND:
                    forgetDeferred(dev);
                    bus.emit(Bus.BIND, dev, d.name(), "");
                    retryPending = true;
                    return new Attach(Outcome.BOUND, List.of());
                case DEFERRED:
                    wasDeferred = true;
                    synchronized (deferred) {
                        deferred.add(dev);
                    }
                    Throwable why = a.lastProbeError;
                    bus.emit(Bus.DEFER, dev, d.name(), why == null ? "" : String.valueOf(why.getMessage()));
                    break;
                default:
                    Throwable t = a.lastProbeError;
                    errors.add(t);
                    bus.emit(Bus.PROBE_FAIL, dev, d.name(), String.valueOf(t));
                    LOG.log(System.Logger.Level.WARNING, "probe of device '" + dev.name() + "' by driver '" + d.name()
                            + "' failed", t);
                    break;
            }
        }
        if (!matched) {
            return new Attach(Outcome.NO_MATCH, List.of());
        }
        if (!errors.isEmpty()) {
            return new Attach(Outcome.FAILED, Collections.unmodifiableList(errors));
        }
        return new Attach(wasDeferred ? Outcome.DEFERRED : Outcome.SKIPPED, List.of());
    }

    private static boolean matchesSafely(Driver d, Device dev) {
        try {
            return d.matches(dev);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "matches() of driver '" + d.name() + "' threw for device '"
                    + dev.name() + "'; treated as no match", e);
            return false;
        }
    }

    /* One probe attempt with one claimed driver; the device's lock is held. */
    private Outcome probe(Device dev, Driver d) {
        Attachment a = dev.attachment();
        BoundDevice b = new BoundDevice(dev, d);
        a.binding = b;
        try {
            d.probe(b);
        } catch (ProbeDeferredException e) {
            abortProbe(dev, b, e, "probe deferred");
            return Outcome.DEFERRED;
        } catch (Throwable t) {
            abortProbe(dev, b, t, "probe failed");
            if (t instanceof Error) {
                throw (Error) t;
            }
            return Outcome.FAILED;
        }
        if (dev.state != Device.State.ADDED) {
            // del() was called from inside the probe: the binding must not outlive the registration
            abortProbe(dev, b, new IllegalStateException("probe of device '" + dev.name() + "' by driver '" + d.name()
                    + "' discarded: the device was deleted during its own probe"), "probe discarded");
            return Outcome.FAILED;
        }
        a.bound = true;
        a.lastProbeError = null;
        return Outcome.BOUND;
    }

    private void abortProbe(Device dev, BoundDevice b, Throwable cause, String reason) {
        if (bus.policy().releasesAtUnbind()) {
            try {
                dev.devresList().releaseAll(reason);
            } catch (ReleaseFailedException e) {
                cause.addSuppressed(e);
            }
        }
        Attachment a = dev.attachment();
        a.driverData = null; // device_unbind_cleanup: after the devres release
        a.binding = null;
        b.invalidate();
        bus.tables().unclaim(dev);
        a.lastProbeError = cause;
    }

    // ------------------------------------------------------------------ unbind

    /* With the device's lock held and the device bound: remove(), then the devres list, then the binding ends. */
    void unbind(Device dev, Failures failures, String reason, DriverModelPolicy policy) {
        Attachment a = dev.attachment();
        BoundDevice b = a.binding;
        Driver d = a.driver;
        a.unbinding = true;
        try {
            try {
                d.remove(b);
            } catch (Throwable t) {
                failures.addRemove(dev, d, t);
            }
            if (policy.releasesAtUnbind()) {
                dev.releaseList(failures, reason);
            }
        } finally {
            a.unbinding = false;
        }
        a.driverData = null; // device_unbind_cleanup: after the devres release, whatever the policy
        a.bound = false;
        a.binding = null;
        b.invalidate();
        bus.tables().unclaim(dev);
        bus.emit(Bus.UNBIND, dev, d.name(), reason);
    }

    /* Unbinds every device bound to a driver being unregistered, one lock at a time. */
    void detachAll(Driver driver, List<Device> boundTo, Failures failures) {
        for (Device dev : boundTo) {
            lock(dev);
            try {
                Attachment a = dev.attachment();
                // the probe that claimed it may have failed meanwhile; then there is nothing to unbind
                if (a.driver == driver && a.bound && !a.unbinding) {
                    unbind(dev, failures, "driver unregistered", bus.policy());
                }
            } finally {
                unlock(dev);
            }
        }
    }

    // ------------------------------------------------------------------ deferred probe

    void forgetDeferred(Device dev) {
        synchronized (deferred) {
            deferred.remove(dev);
        }
    }

    boolean isDeferred(Device dev) {
        synchronized (deferred) {
            return deferred.contains(dev);
        }
    }

    List<Device> deferredDevices() {
        synchronized (deferred) {
            return List.copyOf(deferred);
        }
    }

    void clearDeferred() {
        synchronized (deferred) {
            deferred.clear();
        }
    }

    /*
     * Runs pending deferred-probe retries, unless an operation of this bus still holds a device lock
     * (then that one runs them when it ends) or another thread is running them. Each round retries every
     * deferred device once; a new round runs only if something bound, so the loop ends. After giving the
     * rounds up, the flag is checked again, so work pended meanwhile is not left behind.
     */
    private void afterOperation() {
        while (retryPending && active.get() == 0 && retrying.compareAndSet(false, true)) {
            try {
                while (retryPending && active.get() == 0) {
                    retryPending = false;
                    List<Device> retry;
                    synchronized (deferred) {
                        retry = new ArrayList<>(deferred);
                        deferred.clear();
                    }
                    for (Device dev : retry) {
                        attachLocked(dev, null);
                    }
                    // a bind in this round (or elsewhere meanwhile) set retryPending again: another round
                }
            } finally {
                retrying.set(false);
            }
        }
    }
}
