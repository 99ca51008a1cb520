package org.devres4j.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.devres4j.core.LeakReport;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.TraceListener;
import org.devres4j.core.Tracing;

/**
 * A bus: devices, drivers, and the binding between them — the part of Linux's {@code drivers/base}
 * that the seeds depend on.
 *
 * <p><b>Lifetime:</b> a bus lives as long as its users keep it. It tracks every device it created until
 * that device is freed ({@link #liveDevices()}, {@link #leakReport()}), every added device by name
 * ({@link #device(String)}), and its registered drivers.
 *
 * <p><b>Binding and matching:</b> a device is bound to at most one driver. Adding a device tries every
 * registered driver in registration order; registering a driver tries it on every added, unbound device
 * in add order; the first driver whose {@link Driver#matches(Device)} says yes and whose probe succeeds
 * is bound (matching is by name by default, see {@link Driver}). A probe that throws leaves the device
 * unbound with its devres list released; a probe that throws {@link ProbeDeferredException} also puts the
 * device onto the deferred list, which is retried after every successful bind and on {@link #rescan()}.
 *
 * <p><b>Order of releases:</b> see {@link Device}: probe failure → devres; unbind → {@code remove()} then
 * devres; {@code del} → children, unbind, devres again; last put → devres once more, then free — under
 * the default {@link DriverModelPolicy}; {@link #setPolicy} switches to the policies that show seed 003's
 * and seed 000's bugs.
 *
 * <p><b>Trace:</b> every bind, unbind, probe failure, deferral, device add/del/free, and every devres event
 * (ADD / REL / DEL / FAIL) of the bus's devices is one {@link TraceEvent}, delivered in order to the
 * listeners of {@link #addTraceListener} — always — and to core {@link Tracing} when it is enabled. Bus
 * verbs: {@code BIND}, {@code UNBIND}, {@code PROBE-FAIL}, {@code DEFER}, {@code DEVICE-ADD},
 * {@code DEVICE-DEL}, {@code DEVICE-FREE}; the event's owner is the device, its name the driver (or the
 * device for device events). A listener that throws is logged and skipped; it never stops a teardown.
 *
 * <p><b>Concurrency:</b> every method is thread-safe. The bus's own lock guards only its tables and is
 * never held while a driver or an action runs. Per-device work (probe, unbind, del) runs under the
 * device's lock (see {@link Device}); bus operations that touch many devices lock them one at a time.
 * Listeners are called on the thread that caused the event. Deferred retries run on the thread that
 * completed the triggering operation, after it dropped every device lock.
 */
public final class Bus {

    static final String BIND = "BIND";
    static final String UNBIND = "UNBIND";
    static final String PROBE_FAIL = "PROBE-FAIL";
    static final String DEFER = "DEFER";
    static final String DEVICE_ADD = "DEVICE-ADD";
    static final String DEVICE_DEL = "DEVICE-DEL";
    static final String DEVICE_FREE = "DEVICE-FREE";

    private static final System.Logger LOG = System.getLogger("org.devres4j.driver");

    enum Outcome { BOUND, DEFERRED, FAILED, NO_MATCH, SKIPPED }

    record Attach(Outcome outcome, List<Throwable> errors) {
    }

    private final String name;
    private final Object lock = new Object();
    /* @GuardedBy("lock") added devices by name, in add order */
    private final Map<String, Device> devices = new LinkedHashMap<>();
    /* @GuardedBy("lock") every created, not yet freed device */
    private final Set<Device> live = new LinkedHashSet<>();
    /* @GuardedBy("lock") added children of each added device, in add order */
    private final Map<Device, List<Device>> children = new LinkedHashMap<>();
    /* @GuardedBy("lock") */
    private final List<Driver> drivers = new ArrayList<>();
    /* @GuardedBy("lock") */
    private final Set<Device> deferred = new LinkedHashSet<>();
    private final List<TraceListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadLocal<int[]> heldLocks = ThreadLocal.withInitial(() -> new int[1]);
    private volatile boolean retryPending;
    private volatile DriverModelPolicy policy = DriverModelPolicy.CURRENT;
    private volatile boolean strictDevres;

    /**
     * Creates an empty bus.
     *
     * @param name the bus name (e.g. {@code "platform"})
     */
    public Bus(String name) {
        this.name = Objects.requireNonNull(name, "Bus: the name must not be null");
    }

    /** @return the bus name */
    public String name() {
        return name;
    }

    // ------------------------------------------------------------------ devices

    /**
     * Creates a device without a parent: not yet added, reference count 1 (the caller's).
     *
     * @param name the device name
     * @return the new device
     */
    public Device newDevice(String name) {
        return newDevice(name, null);
    }

    /**
     * Creates a device: not yet added, reference count 1 (the caller's), holding a reference on its parent
     * until it is freed.
     *
     * @param name   the device name (unique on the bus once added)
     * @param parent the parent, or null; must be on this bus and not deleted
     * @return the new device
     * @throws IllegalArgumentException if the parent is on another bus
     * @throws IllegalStateException    if the parent was deleted or freed
     */
    public Device newDevice(String name, Device parent) {
        return create(name, parent, null);
    }

    Device create(String name, Device parent, Driver fauxDriver) {
        Device.requireName(name);
        if (parent != null) {
            if (parent.bus() != this) {
                throw new IllegalArgumentException("newDevice '" + name + "' refused: its parent '" + parent.name()
                        + "' is on bus '" + parent.bus().name() + "', not on '" + this.name + "'");
            }
            if (parent.isDeleted() || parent.isFreed()) {
                throw new IllegalStateException("newDevice '" + name + "' refused: its parent '" + parent.name()
                        + "' was deleted — a deleted device cannot take children");
            }
            parent.get();
        }
        Device d = new Device(this, name, parent, fauxDriver);
        synchronized (lock) {
            live.add(d);
        }
        return d;
    }

    /**
     * @param name a device name
     * @return the added (not deleted) device of that name
     */
    public Optional<Device> device(String name) {
        synchronized (lock) {
            return Optional.ofNullable(devices.get(name));
        }
    }

    /** @return the added devices, in add order */
    public List<Device> devices() {
        synchronized (lock) {
            return List.copyOf(devices.values());
        }
    }

    /** @return every device created on this bus and not yet freed (added, deleted or never added) */
    public List<Device> liveDevices() {
        synchronized (lock) {
            return List.copyOf(live);
        }
    }

    /**
     * What the bus's not-yet-freed devices still hold: one report per device, whose owner line gives the
     * device's name, state and reference count, and whose entries are its live devres resources. At the end
     * of a world every device should be freed and this list empty.
     *
     * @return one report per live device, in creation order
     */
    public List<LeakReport> leakReport() {
        List<LeakReport> out = new ArrayList<>();
        for (Device d : liveDevices()) {
            LeakReport r = d.devresList().leakReport();
            String state = d.isRegistered() ? "added" : d.isDeleted() ? "deleted" : "never added";
            out.add(new LeakReport("device '" + d.name() + "' (" + state + ", refcount " + d.refCount() + ")",
                    r.entries()));
        }
        return out;
    }

    // ------------------------------------------------------------------ drivers

    /**
     * Registers a driver and probes it against every added, unbound device, in add order.
     *
     * @param driver the driver
     * @throws IllegalStateException if this driver, or another one of the same name, is already registered
     */
    public void registerDriver(Driver driver) {
        Objects.requireNonNull(driver, "registerDriver on bus '" + name + "': the driver must not be null");
        String dn = Objects.requireNonNull(driver.name(), "registerDriver on bus '" + name + "': the driver name must not be null");
        synchronized (lock) {
            for (Driver d : drivers) {
                if (d == driver) {
                    throw new IllegalStateException("registerDriver refused: driver '" + dn
                            + "' is already registered on bus '" + name + "' — a driver is registered once");
                }
                if (d.name().equals(dn)) {
                    throw new IllegalStateException("registerDriver refused: bus '" + name + "' already has a driver named '"
                            + dn + "' — driver names are unique per bus");
                }
            }
            drivers.add(driver);
        }
        for (Device dev : devices()) {
            if (dev.fauxDriver == null && !dev.isBoundInternal()) {
                dev.lockDevice();
                try {
                    attach(dev, driver);
                } finally {
                    dev.unlockDevice();
                }
            }
        }
        afterOperation();
    }

    /**
     * Unregisters a driver: every device bound to it is unbound ({@code remove()}, then its devres list).
     *
     * @param driver a registered driver
     * @throws IllegalArgumentException if it is not registered on this bus
     * @throws DeviceTeardownException  after all devices were unbound, if a remove() or action threw
     */
    public void unregisterDriver(Driver driver) {
        Objects.requireNonNull(driver, "unregisterDriver on bus '" + name + "': the driver must not be null");
        List<Device> boundTo = new ArrayList<>();
        synchronized (lock) {
            if (!drivers.remove(driver)) {
                throw new IllegalArgumentException("unregisterDriver refused: driver '" + driver.name()
                        + "' is not registered on bus '" + name + "'");
            }
            for (Device d : live) {
                if (d.driver == driver) {
                    boundTo.add(d);
                }
            }
        }
        Failures failures = new Failures();
        for (Device dev : boundTo) {
            dev.lockDevice();
            try {
                // the probe that claimed it may have failed meanwhile; then there is nothing to unbind
                if (dev.driver == driver && dev.isBoundInternal() && !dev.isUnbinding()) {
                    dev.unbindLocked(failures, "driver unregistered");
                }
            } finally {
                dev.unlockDevice();
            }
        }
        failures.throwIfAny("unregisterDriver '" + driver.name() + "' on bus '" + name + "'");
    }

    /** @return the registered drivers, in registration order */
    public List<Driver> drivers() {
        synchronized (lock) {
            return List.copyOf(drivers);
        }
    }

    /**
     * Probes every added, unbound device again (deferred ones included), then retries deferred probes
     * until no more binds happen. Probe failures are traced, not thrown.
     */
    public void rescan() {
        synchronized (lock) {
            deferred.clear();
        }
        for (Device dev : devices()) {
            if (dev.fauxDriver == null && !dev.isBoundInternal()) {
                dev.lockDevice();
                try {
                    attach(dev, null);
                } finally {
                    dev.unlockDevice();
                }
            }
        }
        afterOperation();
    }

    /** @return the devices whose latest probe was deferred, oldest deferral first */
    public List<Device> deferredDevices() {
        synchronized (lock) {
            return List.copyOf(deferred);
        }
    }

    // ------------------------------------------------------------------ policy and trace

    /** @return when devres lists are released (default {@link DriverModelPolicy#CURRENT}) */
    public DriverModelPolicy policy() {
        return policy;
    }

    /** @param policy the release policy for probes, unbinds and deletions that start from now on */
    public void setPolicy(DriverModelPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "setPolicy on bus '" + name + "': the policy must not be null");
    }

    /** @return whether only a device with a binding takes devres (default false) */
    public boolean isStrictDevres() {
        return strictDevres;
    }

    /** @param strict whether devres adds to a device without a binding are refused (see {@link Device#devres()}) */
    public void setStrictDevres(boolean strict) {
        this.strictDevres = strict;
    }

    /**
     * Adds a listener for the bus's event log (see the class Javadoc).
     *
     * @param listener called on the thread of each event; must be thread-safe
     * @return closing it removes the listener
     */
    public AutoCloseable addTraceListener(TraceListener listener) {
        Objects.requireNonNull(listener, "addTraceListener on bus '" + name + "': the listener must not be null");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Bus[" + name + ", " + devices.size() + " devices, " + drivers.size() + " drivers]";
        }
    }

    // ================================================================== internal

    /* devres events of the bus's devices: the list already reported them to core Tracing */
    void onDevresEvent(TraceEvent e) {
        deliver(e);
    }

    void emit(String verb, Device dev, String what, String detail) {
        TraceEvent e = new TraceEvent(verb, dev.name(), what, 0, detail);
        deliver(e);
        Tracing.emit(e);
    }

    /* a listener that throws is logged and skipped: tracing never breaks a teardown */
    private void deliver(TraceEvent e) {
        for (TraceListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "trace listener of bus '" + name + "' threw on " + e, ex);
            }
        }
    }

    void register(Device dev) {
        synchronized (lock) {
            switch (dev.state) {
                case NEW:
                    break;
                case ADDED:
                    throw new IllegalStateException("add of device '" + dev.name() + "' refused: it was already added — "
                            + "a device is added once");
                default:
                    throw new IllegalStateException("add of device '" + dev.name() + "' refused: it was deleted — a "
                            + "deleted device cannot be added again; create a new one");
            }
            Device parent = dev.parent().orElse(null);
            if (parent != null && parent.state != Device.State.ADDED) {
                throw new IllegalStateException("add of device '" + dev.name() + "' refused: its parent '" + parent.name()
                        + "' is not added (" + parent.state + ") — a child is added under an added parent");
            }
            if (devices.containsKey(dev.name())) {
                throw new DeviceExistsException("add of device '" + dev.name() + "' refused: bus '" + name
                        + "' already has a device named '" + dev.name() + "' (EEXIST) — names are unique per bus "
                        + "until the old device is deleted");
            }
            devices.put(dev.name(), dev);
            if (parent != null) {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(dev);
            }
            dev.state = Device.State.ADDED;
        }
    }

    /* start of del: checks the state, marks DELETING, returns the added children (add order) */
    List<Device> markDeleting(Device dev) {
        synchronized (lock) {
            switch (dev.state) {
                case ADDED:
                    break;
                case NEW:
                    throw new IllegalStateException("del of device '" + dev.name() + "' refused: it was never added");
                default:
                    throw new IllegalStateException("del of device '" + dev.name() + "' refused: it was already deleted — "
                            + "a device is deleted once");
            }
            dev.state = Device.State.DELETING;
            List<Device> kids = children.get(dev);
            return kids == null ? List.of() : List.copyOf(kids);
        }
    }

    /* end of del: the name is withdrawn */
    void unregister(Device dev) {
        synchronized (lock) {
            devices.remove(dev.name(), dev);
            children.remove(dev);
            dev.parent().ifPresent(p -> {
                List<Device> kids = children.get(p);
                if (kids != null) {
                    kids.remove(dev);
                }
            });
            dev.state = Device.State.DELETED;
        }
    }

    void untrack(Device dev) {
        synchronized (lock) {
            live.remove(dev);
        }
    }

    void forgetDeferred(Device dev) {
        synchronized (lock) {
            deferred.remove(dev);
        }
    }

    boolean isDeferred(Device dev) {
        synchronized (lock) {
            return deferred.contains(dev);
        }
    }

    /* claims a driver for a device: only a registered driver (or the device's own faux driver) */
    private boolean claim(Device dev, Driver d) {
        synchronized (lock) {
            if (dev.driver != null) {
                return false;
            }
            if (d != dev.fauxDriver && !drivers.contains(d)) {
                return false;
            }
            dev.driver = d;
            return true;
        }
    }

    void unclaim(Device dev) {
        synchronized (lock) {
            dev.driver = null;
        }
    }

    /*
     * Tries to bind an added, unbound device; the caller holds its lock. With only == null every
     * registered driver is tried in registration order (a faux device tries only its own).
     */
    Attach attach(Device dev, Driver only) {
        if (dev.state != Device.State.ADDED || dev.hasBinding()) {
            return new Attach(Outcome.SKIPPED, List.of());
        }
        List<Driver> candidates;
        if (dev.fauxDriver != null) {
            candidates = List.of(dev.fauxDriver);
        } else if (only != null) {
            candidates = List.of(only);
        } else {
            candidates = drivers();
        }
        List<Throwable> errors = new ArrayList<>();
        boolean matched = false;
        boolean wasDeferred = false;
        for (Driver d : candidates) {
            if (!matchesSafely(d, dev)) {
                continue;
            }
            matched = true;
            if (!claim(dev, d)) {
                continue;
            }
            Outcome o = dev.probeLocked(d);
            switch (o) {
                case BOUND:
                    forgetDeferred(dev);
                    emit(BIND, dev, d.name(), "");
                    retryPending = true;
                    return new Attach(Outcome.BOUND, List.of());
                case DEFERRED:
                    wasDeferred = true;
                    synchronized (lock) {
                        deferred.add(dev);
                    }
                    emit(DEFER, dev, d.name(), String.valueOf(dev.lastProbeError().map(Throwable::getMessage).orElse("")));
                    break;
                default:
                    Throwable t = dev.lastProbeError().orElse(null);
                    errors.add(t);
                    emit(PROBE_FAIL, dev, d.name(), String.valueOf(t));
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

    private boolean matchesSafely(Driver d, Device dev) {
        try {
            return d.matches(dev);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "matches() of driver '" + d.name() + "' threw for device '"
                    + dev.name() + "'; treated as no match", e);
            return false;
        }
    }

    void enterLock() {
        heldLocks.get()[0]++;
    }

    void exitLock() {
        heldLocks.get()[0]--;
    }

    /*
     * Runs pending deferred-probe retries, unless this thread still holds a device lock (then the
     * outermost operation runs them). Each round retries every deferred device once; a new round runs
     * only if something bound, so the loop ends.
     */
    void afterOperation() {
        if (heldLocks.get()[0] != 0) {
            return;
        }
        while (retryPending) {
            retryPending = false;
            List<Device> retry;
            synchronized (lock) {
                retry = new ArrayList<>(deferred);
                deferred.clear();
            }
            if (retry.isEmpty()) {
                return;
            }
            for (Device dev : retry) {
                dev.lockDevice();
                try {
                    attach(dev, null);
                } finally {
                    dev.unlockDevice();
                }
            }
            // a bind in this round (or elsewhere meanwhile) set retryPending again: another round
        }
    }
}
