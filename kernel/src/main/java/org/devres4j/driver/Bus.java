package org.devres4j.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.devres4j.core.LeakReport;
import org.devres4j.core.ReleaseFailure;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.TraceListener;
import org.devres4j.core.Tracing;
import org.devres4j.kernel.internal.TraceFanOut;
import org.devres4j.uapi.Namespace;

/**
 * A bus: its devices, its drivers, and the userspace {@link Namespace} its devices publish in — the part
 * of Linux's {@code drivers/base} ({@code bus.c}, with the binding rules of {@code dd.c}) that the seeds
 * depend on.
 *
 * <p><b>Lifetime:</b> a bus lives as long as its users keep it. Everything it needs is handed to it when
 * it is made — its name and its namespace ({@link #Bus(String, Namespace)}; {@link #Bus(String)} makes an
 * in-memory one; {@link #Bus(String, Namespace, BusScan)} adds the hardware its rescan scans) — and nothing
 * is shared between buses: two buses made apart share no device, driver, name or minor. It tracks every
 * device it created until that device is freed ({@link #liveDevices()}, {@link #leakReport()}), every added
 * device by name ({@link #device(String)}), and its registered drivers. Besides the devices made with
 * {@link #newDevice}, it makes root devices ({@link #registerRootDevice}, which no driver binds) and, at a
 * {@link #rescan()}, a new device for present hardware whose device was removed ({@code pci_rescan_bus}).
 * Binding by hand goes through {@link Device#bind()}, {@link Device#bind(Driver)}
 * ({@code device_driver_attach}) or the sysfs-style {@link #bind(String, String)} / {@link #unbind(String, String)},
 * each with the kernel's errnos.
 *
 * <p><b>Order:</b> a device is bound to at most one driver. Adding a device tries every registered driver
 * in registration order; registering a driver tries it on every added, unbound device in add order; the
 * first driver whose {@link Driver#matches(Device)} says yes and whose probe succeeds is bound. A probe that
 * throws leaves the device unbound with its devres list released; a probe that throws
 * {@link ProbeDeferredException} also puts the device onto the deferred list, retried after every
 * successful bind and on {@link #rescan()}. Releases follow {@link Device}: probe failure → devres; unbind →
 * {@code remove()} then devres; {@code del} → children, unbind, devres again; last put → devres once more,
 * then free — under the default {@link DriverModelPolicy}; {@link #setPolicy} switches to the policies that
 * show seed 003's and seed 000's bugs.
 *
 * <p><b>Concurrency:</b> every method is thread-safe. The bus's table lock guards only its tables and is
 * never held while a driver, an action or a listener runs. Per-device work (probe, unbind, del) runs under
 * the device's lock (see {@link Device}); bus operations that touch many devices lock them one at a time.
 * Deferred retries run when an operation ends and no operation of the bus holds a device lock, on the
 * thread of the last such operation, with no lock held.
 *
 * <p><b>Trace:</b> every bind, unbind, probe failure, deferral, device add/del/free, and every devres event
 * (ADD / REL / DEL / FAIL) of the bus's devices is one {@link TraceEvent}, delivered in order to the
 * listeners of {@link #addTraceListener} — always — and to core {@link Tracing} when it is enabled. Bus
 * verbs: {@code BIND}, {@code UNBIND}, {@code PROBE-FAIL}, {@code DEFER}, {@code DEVICE-ADD},
 * {@code DEVICE-DEL}, {@code DEVICE-FREE}; the event's owner is the device, its name the driver (or the
 * device for device events). A listener that throws never stops what emitted the event (an unbind, a
 * release, a last put): it is logged, recorded in {@link #traceFailures()} and skipped.
 */
public final class Bus {

    static final String BIND = "BIND";
    static final String UNBIND = "UNBIND";
    static final String PROBE_FAIL = "PROBE-FAIL";
    static final String DEFER = "DEFER";
    static final String DEVICE_ADD = "DEVICE-ADD";
    static final String DEVICE_DEL = "DEVICE-DEL";
    static final String DEVICE_FREE = "DEVICE-FREE";

    private final String name;
    private final Namespace namespace;
    private final BusScan scan;
    private final DriverCore core;
    private final TraceFanOut trace;
    private final BusTables tables;
    private volatile DriverModelPolicy policy = DriverModelPolicy.CURRENT;
    private volatile boolean strictDevres;

    /**
     * Creates an empty bus with an in-memory namespace of its own.
     *
     * @param name the bus name (e.g. {@code "platform"})
     */
    public Bus(String name) {
        this(name, Namespace.inMemory(Objects.requireNonNull(name, "Bus: the name must not be null")));
    }

    /**
     * Creates an empty bus whose devices publish their userspace names in the given namespace (a
     * simulator's sysfs and /dev, say).
     *
     * @param name      the bus name (e.g. {@code "platform"})
     * @param namespace where its devices' nodes, sysfs entries and minors live
     */
    public Bus(String name, Namespace namespace) {
        this(name, namespace, BusScan.NONE);
    }

    /**
     * Creates an empty bus on hardware that its {@link #rescan()} scans: devices the scan reports present
     * without a device on the bus (after a sysfs-style remove, {@link Device#unregister()}) get a new device.
     *
     * @param name      the bus name (e.g. {@code "pci"})
     * @param namespace where its devices' nodes, sysfs entries and minors live
     * @param scan      what a rescan reads from the hardware ({@link BusScan#NONE}: nothing)
     */
    public Bus(String name, Namespace namespace, BusScan scan) {
        this.name = Objects.requireNonNull(name, "Bus: the name must not be null");
        this.namespace = Objects.requireNonNull(namespace, "Bus '" + name + "': the namespace must not be null");
        this.scan = Objects.requireNonNull(scan, "Bus '" + name + "': the scan must not be null (BusScan.NONE for none)");
        this.tables = new BusTables(name);
        this.core = new DriverCore(this);
        this.trace = new TraceFanOut("bus '" + name + "'", "org.devres4j.driver");
    }

    /** @return the bus name */
    public String name() {
        return name;
    }

    /** @return the namespace this bus's devices publish their userspace names in */
    public Namespace namespace() {
        return namespace;
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
        return create(name, parent, null, false);
    }

    /**
     * Creates and adds a root device ({@code root_device_register}): a device at the top of the device tree
     * ({@code /sys/devices/<name>}) that no driver ever binds — the parent for a group of virtual devices, or
     * a test's device (KUnit). The bus only gives it a name, a namespace and its tracking: drivers never match
     * it and {@link Device#bind()} refuses it.
     *
     * <p><b>Lifetime:</b> added now; the caller owns its one reference. {@link Device#unregister()}
     * ({@code root_device_unregister}) deletes it — its devres list is released then (under
     * {@link DriverModelPolicy#CURRENT}; under {@link DriverModelPolicy#LEGACY_2020} only at the last put) — and
     * drops that reference. <b>Order:</b> as any device: children are deleted first. <b>Concurrency:</b>
     * thread-safe.
     *
     * @param name the device name, unique on the bus while added
     * @return the added root device
     * @throws DeviceExistsException if the bus already has a device of this name (nothing is kept)
     */
    public Device registerRootDevice(String name) {
        Device d = create(name, null, null, true);
        try {
            d.add();
        } catch (RuntimeException e) {
            d.put();
            throw e;
        }
        return d;
    }

    Device create(String name, Device parent, Driver fauxDriver) {
        return create(name, parent, fauxDriver, false);
    }

    private Device create(String name, Device parent, Driver fauxDriver, boolean root) {
        Device.requireName(name);
        if (parent != null) {
            if (parent.bus() != this) {
                throw new IllegalArgumentException("newDevice '" + name + "' refused: its parent '" + parent.name()
                        + "' is on bus '" + parent.bus().name() + "', not on '" + this.name + "'");
            }
            if (parent.isDeleted() || parent.isFreed()) {
                String gone = parent.isFreed() ? "freed" : "deleted";
                throw new IllegalStateException("newDevice '" + name + "' refused: its parent '" + parent.name()
                        + "' was " + gone + " — a " + gone + " device cannot take children");
            }
            parent.get();
        }
        Device d = new Device(this, name, parent, fauxDriver, root);
        tables.track(d);
        return d;
    }

    /**
     * @param name a device name
     * @return the added (not deleted) device of that name
     */
    public Optional<Device> device(String name) {
        return tables.device(name);
    }

    /** @return the added devices, in add order */
    public List<Device> devices() {
        return tables.devices();
    }

    /** @return every device created on this bus and not yet freed (added, deleted or never added) */
    public List<Device> liveDevices() {
        return tables.liveDevices();
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
        tables.addDriver(driver, dn);
        for (Device dev : devices()) {
            if (dev.fauxDriver == null && !dev.isBound()) {
                core.attachLocked(dev, driver);
            }
        }
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
        List<Device> boundTo = tables.removeDriver(driver);
        Failures failures = new Failures();
        core.detachAll(driver, boundTo, failures);
        failures.throwIfAny("unregisterDriver '" + driver.name() + "' on bus '" + name + "'");
    }

    /** @return the registered drivers, in registration order */
    public List<Driver> drivers() {
        return tables.drivers();
    }

    /**
     * @param driverName a driver name
     * @return the registered driver of that name
     */
    public Optional<Driver> driver(String driverName) {
        return tables.driver(driverName);
    }

    /**
     * Binds a device to a driver by their names, as writing the device's name to the driver's sysfs {@code bind}
     * file does ({@code bind_store}): the device must be added on this bus, the driver registered here and
     * matching the device; then {@link Device#bind(Driver)} ({@code device_driver_attach}) runs its probe.
     *
     * <p><b>Lifetime / order / concurrency:</b> as {@link Device#bind(Driver)}; the lookups take the bus's table
     * lock, the probe the device's lock.
     *
     * @param driverName the driver's name
     * @param deviceName the device's name
     * @throws org.devres4j.uapi.ErrnoException {@code ENODEV} if there is no such added device or registered driver,
     *                             or the driver does not match the device; otherwise as {@link Device#bind(Driver)}
     *                             ({@code EBUSY}, {@code EAGAIN}) — nothing changed on a refusal
     * @throws ProbeFailedException if the probe failed
     */
    public void bind(String driverName, String deviceName) {
        ManualBinding.bindByNames(this, driverName, deviceName);
    }

    /**
     * Unbinds a device from a driver by their names, as writing the device's name to the driver's sysfs
     * {@code unbind} file does ({@code unbind_store}): {@link Device#unbind()} if the device is bound to that
     * driver.
     *
     * <p><b>Lifetime / order / concurrency:</b> as {@link Device#unbind()}; whether the device is bound to that
     * driver is checked under the device's lock.
     *
     * @param driverName the driver's name
     * @param deviceName the device's name
     * @throws org.devres4j.uapi.ErrnoException {@code ENODEV} if there is no such added device or registered driver,
     *                                 or the device is not bound to that driver; nothing changed
     * @throws DeviceTeardownException after completing, if remove() or a devres action threw
     */
    public void unbind(String driverName, String deviceName) {
        ManualBinding.unbindByNames(this, driverName, deviceName);
    }

    /**
     * Rescans the bus. First the hardware ({@code pci_rescan_bus}): every device the bus's {@link BusScan}
     * reports present that has no added device here — hardware whose device was removed with
     * {@link Device#unregister()}, say — gets a new device of that name, added (and so probed), in slot order;
     * the hardware model hands it the same ranges and lines. Then every added, unbound device is probed again
     * ({@code bus_rescan_devices}), deferred ones included, and deferred probes are retried until no more binds
     * happen. Probe failures are traced, not thrown.
     *
     * <p><b>Lifetime:</b> a device the scan made holds its creator's reference for the bus: a removal
     * ({@link Device#unregister()}) drops it. <b>Order:</b> new devices first, in slot order, then the rest in add
     * order. <b>Concurrency:</b> the scan is asked with no lock held; a name added meanwhile by someone else is
     * skipped.
     *
     * @return the devices the scan made, in slot order (empty without hardware to scan)
     * @throws IllegalStateException if the scan returned null or reported a null or blank name (nothing was made)
     */
    public List<Device> rescan() {
        List<String> reported = scan.presentOn(this);
        if (reported == null) {
            throw new IllegalStateException("rescan of bus '" + name + "' refused: its scan returned null, not a list of names "
                    + "(nothing was made)");
        }
        List<String> present = Collections.unmodifiableList(new ArrayList<>(reported)); // List.copyOf would refuse a null name
        for (String n : present) {
            if (n == null || n.isBlank()) {
                throw new IllegalStateException("rescan of bus '" + name + "' refused: its scan reported a " + (n == null ? "null"
                        : "blank") + " device name among " + present + " (nothing was made)");
            }
        }
        core.clearDeferred();
        List<Device> made = new ArrayList<>();
        for (String n : present) {
            if (device(n).isPresent()) {
                continue;
            }
            Device d = create(n, null, null, false);
            try {
                d.add();
                made.add(d);
            } catch (DeviceExistsException e) {
                d.put(); // added by someone else meanwhile
            }
        }
        for (Device dev : devices()) {
            if (dev.fauxDriver == null && !dev.isBound() && !made.contains(dev)) {
                core.attachLocked(dev, null);
            }
        }
        return List.copyOf(made);
    }

    /** @return the devices whose latest probe was deferred, oldest deferral first */
    public List<Device> deferredDevices() {
        return core.deferredDevices();
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
        return trace.add(listener);
    }

    /**
     * The latest failures of trace listeners (theirs or core tracing's) on this bus's events, at most
     * {@value TraceFanOut#KEPT}: each names the bus, the listener and the event. A listener's failure is
     * logged and kept here; it never stopped what emitted the event.
     *
     * @return the failures, oldest first
     */
    public List<ReleaseFailure> traceFailures() {
        return trace.failures();
    }

    @Override
    public String toString() {
        return "Bus[" + name + ", " + tables + "]";
    }

    // ================================================================== internal

    DriverCore core() {
        return core;
    }

    /* devres events of the bus's devices: the list already reported them to core Tracing */
    void onDevresEvent(TraceEvent e) {
        trace.deliver(e);
    }

    void emit(String verb, Device dev, String what, String detail) {
        trace.deliverAndTrace(new TraceEvent(verb, dev.name(), what, 0, detail));
    }

    BusTables tables() {
        return tables;
    }
}
