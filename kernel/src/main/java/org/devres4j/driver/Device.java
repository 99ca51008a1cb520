package org.devres4j.driver;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.devres4j.core.ManagedResources;
import org.devres4j.core.ReleaseFailedException;
import org.devres4j.core.ResourceList;
import org.devres4j.core.UseAfterFreeException;

/**
 * A device on a {@link Bus}: named (unique per bus while added), reference-counted, with a parent and a
 * devres list — the model's {@code struct device}.
 *
 * <p><b>Lifetime:</b> {@link Bus#newDevice} creates it with one reference (the creator's); it holds a
 * reference on its parent until it is freed. {@link #add()} registers it (the bus takes a reference) and
 * probes matching drivers; {@link #del()} unregisters it (children first, then unbind if bound, then the
 * devres list) and drops the bus's reference; the last {@link #put()} releases the devres list once more,
 * closes it, frees the device and drops the reference on the parent. A device is added at most once; a
 * deleted device cannot be added, bound or given children again. The usual end is {@link #unregister()}
 * ({@code device_unregister}: {@code del()} then {@code put()} in one call) — also the model of a sysfs
 * {@code remove} (the hardware stays present and a bus {@link Bus#rescan()} makes a new device for it) and, with
 * the hardware gone too, of a surprise removal. A root device ({@link Bus#registerRootDevice}) is one no driver
 * binds; driver data ({@link #setDriverData}) lives until the driver core clears it at the end of a binding.
 *
 * <p><b>Order (what runs when):</b>
 * <ul>
 * <li>probe fails or defers → the devres list, newest first (not under
 *     {@link DriverModelPolicy#RELEASE_AT_DELETION_ONLY});</li>
 * <li>unbind ({@link #unbind()}, {@link Bus#unregisterDriver}, {@code del}) → driver {@code remove()},
 *     then the devres list (not under {@link DriverModelPolicy#RELEASE_AT_DELETION_ONLY});</li>
 * <li>{@code del} → children ({@code del}, newest first) → unbind if bound → the devres list again
 *     (under {@link DriverModelPolicy#CURRENT} and {@link DriverModelPolicy#RELEASE_AT_DELETION_ONLY},
 *     also for a device that never had a driver; not under {@link DriverModelPolicy#LEGACY_2020}) → name
 *     withdrawn → the bus's reference dropped;</li>
 * <li>last put → the devres list once more (for anything added late), list closed, device freed, parent put;</li>
 * <li>{@link #unregister()} → {@code del}, then the caller's put.</li>
 * </ul>
 *
 * <p><b>Concurrency:</b> a per-device lock (the kernel's {@code device_lock}) serialises add, probe,
 * bind, unbind and del of one device; probe, remove and the devres releases of those steps run with it
 * held. Locks are taken parent before child: a callback must not bind, unbind or delete an ancestor of
 * its device. {@code get}/{@code put} are lock-free; the last put runs its release on the calling
 * thread. Queries are lock-free snapshots.
 *
 * <p><b>Failures:</b> a driver {@code remove()} or a devres action that throws does not stop the
 * teardown: the operation completes, then a {@link DeviceTeardownException} lists every failure with the
 * device and the action name (they also appear as {@code FAIL} lines in the bus trace). Bad input — a
 * deleted device used, binding twice, a second add, a put below zero — is an
 * {@link IllegalStateException} naming the device and the rule, and changes nothing; a freed device used
 * again is the typed {@link UseAfterFreeException}. The binding steps themselves (match, probe, deferred
 * probe, unbind) are the bus's driver core's ({@code dd.c}); this class is the device's own life
 * ({@code core.c}).
 */
public final class Device {

    enum State { NEW, ADDED, DELETING, DELETED }

    private final Bus bus;
    private final String name;
    private final Device parent;
    private final DeviceRefs refs;
    private final ResourceList<Device> list;
    private final ReentrantLock lock = new ReentrantLock();
    private final Attachment attachment = new Attachment();
    /** Non-null for a faux device: its only driver. */
    final Driver fauxDriver;
    /** True for a root device ({@code root_device_register}): no driver ever binds it. */
    final boolean root;

    /* written under the bus lock (and this device's lock where one is held) */
    volatile State state = State.NEW;
    private volatile boolean freed;

    Device(Bus bus, String name, Device parent, Driver fauxDriver, boolean root) {
        this.bus = bus;
        this.name = name;
        this.parent = parent;
        this.fauxDriver = fauxDriver;
        this.root = root;
        this.refs = new DeviceRefs(name, () -> DeviceTeardown.release(this));
        this.list = ResourceList.builder(this, name).listener(bus::onDevresEvent).admission(Devres.STRICT).create();
    }

    /** @return the device's name */
    public String name() {
        return name;
    }

    /** @return the bus the device belongs to */
    public Bus bus() {
        return bus;
    }

    /** @return the parent, if any */
    public Optional<Device> parent() {
        return Optional.ofNullable(parent);
    }

    /**
     * The device's devres list as drivers see it: resources tied to the binding of a driver to this
     * device, typed so that only actions written for a {@code Device} (or a supertype) compile — a
     * {@code Release<DrmDevice>} cannot be added here.
     *
     * <p><b>Lifetime (when the list is released):</b> when a probe fails or defers; at every unbind, right
     * after the driver's {@code remove()}; at {@link #del()} again (also for a device that never had a
     * driver — except under {@link DriverModelPolicy#LEGACY_2020}); and once more at the last
     * {@link #put()}, after which the list is closed for good and every add is refused. The list is reused
     * by the next probe. Under {@link DriverModelPolicy#RELEASE_AT_DELETION_ONLY} (seed 000's rejected
     * "option 2") probe failure and unbind do not release it: only {@code del} and the last put do. Users
     * never release the whole list themselves: the driver core does. <b>Order:</b> newest first (LIFO); a
     * group releases as a unit. <b>Concurrency:</b> every method is thread-safe and never runs an action
     * under a lock; an add made while a release is running lands in the next release.
     *
     * <p>{@code add} is {@code devm_add_action}, {@code addOrReset} {@code devm_add_action_or_reset},
     * {@code release} {@code devm_release_action}, {@code remove} {@code devm_remove_action},
     * {@code contains} {@code devm_is_action_added}, {@code alloc}/{@code allocBytes}/{@code allocArray}
     * {@code devm_kzalloc}/{@code devm_kcalloc}, {@code openGroup} {@code devres_open_group}. With
     * {@link Bus#setStrictDevres(boolean)} on, every add to a device without a binding is refused
     * (Rust-for-Linux's {@code Device<Bound>}); {@code addOrReset} then runs the action at once.
     *
     * @return the device's devres list, driver's view
     */
    public ManagedResources<Device> devres() {
        return list;
    }

    /** @return the device's devres list, owner's view: whole-list releases and the leak report (driver core only) */
    ResourceList<Device> devresList() {
        return list;
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers the device on its bus (the kernel's {@code device_add}), then probes the drivers that
     * match it. A probe failure does not make {@code add} fail (see the bus trace, {@link #lastProbeError()}).
     *
     * @throws DeviceExistsException if the bus already has a device of this name
     * @throws IllegalStateException if the device was already added, was deleted or freed, or its parent is
     *                               not added
     */
    public void add() {
        lockDevice();
        try {
            requireNotFreed("add");
            refs.takeBus();
            try {
                bus.tables().register(this);
            } catch (RuntimeException e) {
                DeviceTeardown.giveBusReferenceBack(this, e);
                throw e;
            }
            bus.emit(Bus.DEVICE_ADD, this, name, "");
            bus.core().attach(this, null);
        } finally {
            unlockDevice();
        }
    }

    /**
     * Unregisters the device (the kernel's {@code device_del}): deletes its added children first (newest
     * first), unbinds it if bound, releases the devres list again (see {@link DriverModelPolicy}), withdraws
     * its name and drops the bus's reference — which frees the device if no one else holds one.
     *
     * @throws IllegalStateException      if the device was never added, or already deleted, or freed, or is
     *                                    a faux device (a faux device is destroyed with {@link FauxDevice#destroy()})
     * @throws DeviceTeardownException    after completing, if a remove() or devres action threw
     */
    public void del() {
        if (fauxDriver != null) {
            throw new IllegalStateException("del of device '" + name + "' refused: it is a faux device — a faux device "
                    + "is destroyed with FauxDevice.destroy(), which also drops its creator's reference (nothing changed)");
        }
        delDevice();
    }

    /* del without the faux check: for FauxDevice.create/destroy. */
    void delDevice() {
        DeviceTeardown.del(this);
    }

    /**
     * Unregisters the device and drops the caller's reference in one call (the kernel's {@code device_unregister}:
     * {@code device_del}, then {@code put_device}). It is what a sysfs {@code remove} does — the hardware stays
     * present, and a later {@link Bus#rescan()} finds it and makes a new device of the same name — and what the
     * driver core does for a surprise removal, where the hardware is gone as well. A root device ends with it
     * ({@code root_device_unregister}).
     *
     * <p><b>Lifetime:</b> {@link #del()} (children, unbind, devres, name withdrawn, the bus's reference dropped),
     * then the caller's reference: if no one else holds one, the device is freed (the devres list once more,
     * the parent put). <b>Order:</b> the put comes after the del completed, also when a teardown step failed.
     * <b>Concurrency:</b> as {@code del}; the caller's reference is claimed before the del starts, so a concurrent
     * put cannot take it, and given back if the del is refused.
     *
     * @throws IllegalStateException   if the device was never added or already deleted, is a faux device, or the
     *                                 only reference left is the bus's (the caller holds none); nothing changes
     * @throws UseAfterFreeException   if the device was freed
     * @throws DeviceTeardownException after completing the del and the put, if a remove() or devres action threw
     */
    public void unregister() {
        if (fauxDriver != null) {
            throw new IllegalStateException("unregister of device '" + name + "' refused: it is a faux device — a faux "
                    + "device is destroyed with FauxDevice.destroy() (nothing changed)");
        }
        DeviceTeardown.unregister(this);
    }

    // ------------------------------------------------------------------ references

    /**
     * Takes a reference ({@code get_device}). Allowed on a deleted device that is not yet freed.
     *
     * @throws UseAfterFreeException if the device was already freed
     */
    public void get() {
        refs.get();
    }

    /**
     * Drops a reference ({@code put_device}); the last one releases the devres list once more, closes it,
     * frees the device and drops its reference on the parent.
     *
     * @throws IllegalStateException   if no reference is left (count stays 0), or if the only one left is the
     *                                 bus's reference of an added device (only {@code del} drops that)
     * @throws DeviceTeardownException after freeing, if a devres action threw
     */
    public void put() {
        refs.claimPut("put");
        Failures failures = new Failures();
        refs.drop(failures);
        failures.throwIfAny("last put of device '" + name + "'");
    }

    /** @return the current reference count (0 once freed) */
    public int refCount() {
        return refs.count();
    }

    // ------------------------------------------------------------------ binding

    /**
     * Probes the matching drivers now, like writing the device's name to sysfs {@code bind}. If a probe
     * defers, the device goes onto the deferred list and this returns normally (unbound).
     *
     * @throws NoMatchingDriverException if no registered driver matches it (sysfs: ENODEV); nothing changes
     * @throws IllegalStateException if the device is not added, was deleted, is already bound (binding
     *                               twice), or is a faux or root device
     * @throws ProbeFailedException  if every matching driver's probe failed
     */
    public void bind() {
        ManualBinding.bindByMatch(this);
    }

    /**
     * Binds the device to this driver now (the kernel's {@code device_driver_attach}): the driver's probe runs
     * under the device's lock, without asking {@link Driver#matches} — the caller chose the driver (sysfs
     * {@code bind}, {@link Bus#bind(String, String)}, checks the match first). A success is a binding like any
     * other: it ends at unbind, driver unregistration or {@code del}.
     *
     * <p><b>Lifetime:</b> a probe that fails or defers releases what it registered on the devres list (as
     * every probe). <b>Order:</b> the refusals are checked in the kernel's order — device not added or deleted,
     * then a driver already attached — before the probe runs. <b>Concurrency:</b> serialised with every other
     * binding change of the device by its lock.
     *
     * @param driver a driver registered on this device's bus
     * @throws org.devres4j.uapi.ErrnoException {@code ENODEV} if the device is not added (never added, deleted),
     *                               is a faux or root device, or the driver is not registered on its bus;
     *                               {@code EBUSY} if it already has a driver (bound, probing or unbinding);
     *                               {@code EAGAIN} if the probe deferred (the device is on the deferred list) —
     *                               nothing changed in the first two cases
     * @throws ProbeFailedException  if the probe failed (the device stays unbound)
     * @throws UseAfterFreeException if the device was freed
     */
    public void bind(Driver driver) {
        ManualBinding.attach(this, driver);
    }

    /**
     * Unbinds the device from its driver, like writing its name to sysfs {@code unbind}: the driver's
     * {@code remove()}, then the devres list, newest first, then its driver data is cleared. The device stays
     * added and can be bound again.
     *
     * @throws IllegalStateException   if the device is not bound, not added, deleted, freed, or a faux device
     * @throws DeviceTeardownException after completing, if remove() or a devres action threw
     */
    public void unbind() {
        ManualBinding.unbind(this, null);
    }

    // ------------------------------------------------------------------ driver data

    /**
     * Sets the device's driver data ({@code dev_set_drvdata}): what a driver keeps with the device — usually its
     * private structure, set in probe and read back in remove or a callback.
     *
     * <p><b>Lifetime:</b> until set again, or until the driver core clears it: after an unbind's devres release
     * (so a devres action still reads it) and after a failed or deferred probe's — the kernel's
     * {@code device_unbind_cleanup}. A device no driver binds keeps it until it is freed. <b>Order:</b> none.
     * <b>Concurrency:</b> a volatile reference: a set is seen by every later get.
     *
     * @param data the data, or null to clear it
     * @throws UseAfterFreeException if the device was freed
     */
    public void setDriverData(Object data) {
        requireNotFreed("setDriverData");
        attachment.driverData = data;
    }

    /** @return the device's driver data ({@code dev_get_drvdata}), empty if none is set or it was cleared */
    public Optional<Object> driverData() {
        return Optional.ofNullable(attachment.driverData);
    }

    /**
     * The driver data, typed.
     *
     * @param type the type it was set with (or a supertype)
     * @param <T>  that type
     * @return the data, empty if none is set or it was cleared
     * @throws ClassCastException naming the device, the type asked for and the type held
     */
    public <T> Optional<T> driverData(Class<T> type) {
        Objects.requireNonNull(type, "driverData of device '" + name + "': the type must not be null");
        Object d = attachment.driverData;
        if (d != null && !type.isInstance(d)) {
            throw new ClassCastException("driverData of device '" + name + "': it holds a " + d.getClass().getName()
                    + ", not a " + type.getName());
        }
        return Optional.ofNullable(type.cast(d));
    }

    /* The devres list's release at one release point; failures are collected, never stop the caller. */
    void releaseList(Failures failures, String reason) {
        try {
            list.releaseAll(reason);
        } catch (ReleaseFailedException e) {
            failures.addRelease(e);
        }
    }

    // ------------------------------------------------------------------ queries

    /** @return whether the device is added and not yet deleted */
    public boolean isRegistered() {
        return state == State.ADDED;
    }

    /** @return whether {@link #del()} started (or finished) for this device */
    public boolean isDeleted() {
        return state == State.DELETING || state == State.DELETED;
    }

    /** @return whether the last reference was dropped */
    public boolean isFreed() {
        return freed;
    }

    /**
     * @return whether a driver is attached: its probe is running, it is bound, or its unbind is running (the
     *         kernel's {@code dev->driver != NULL}) — what a devm allocation on the device needs
     */
    public boolean hasDriver() {
        return attachment.binding != null;
    }

    /** @return whether this is a root device ({@link Bus#registerRootDevice}): no driver ever binds it */
    public boolean isRoot() {
        return root;
    }

    /** @return whether a driver is bound (its probe succeeded and its unbind has not finished) */
    public boolean isBound() {
        return attachment.bound;
    }

    /** @return whether the device is on its bus's deferred-probe list */
    public boolean isProbeDeferred() {
        return bus.core().isDeferred(this);
    }

    /** @return whether this is the device of a {@link FauxDevice} */
    public boolean isFaux() {
        return fauxDriver != null;
    }

    /** @return the bound driver, if any */
    public Optional<Driver> driver() {
        return attachment.bound ? Optional.ofNullable(attachment.driver) : Optional.empty();
    }

    /** @return the failure of the latest probe attempt, cleared by a successful probe */
    public Optional<Throwable> lastProbeError() {
        return Optional.ofNullable(attachment.lastProbeError);
    }

    @Override
    public String toString() {
        Driver d = attachment.driver;
        return "Device[" + name + ", " + state + (attachment.bound && d != null ? ", bound to " + d.name() : "")
                + (freed ? ", freed" : ", refs=" + refs.count()) + "]";
    }

    // ------------------------------------------------------------------ internal

    Attachment attachment() {
        return attachment;
    }

    DeviceRefs refs() {
        return refs;
    }

    /* the release's mark: every later use is refused with a UseAfterFreeException */
    void markFreed() {
        freed = true;
    }

    ReentrantLock lock() {
        return lock;
    }

    boolean hasBinding() {
        return hasDriver();
    }

    /* Whether the calling thread runs a step of this device's driver core (probe, remove, devres release). */
    boolean isLockedByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    void lockDevice() {
        bus.core().lock(this);
    }

    void unlockDevice() {
        bus.core().unlock(this);
    }

    void requireNotFreed(String op) {
        if (freed) {
            throw new UseAfterFreeException("device '" + name + "'", op, op + " of device '" + name + "' refused: the "
                    + "device was freed (its last reference was dropped) — a freed device cannot be used");
        }
    }

    void requireBindable(String op) {
        if (fauxDriver != null) {
            throw new IllegalStateException(op + " of device '" + name + "' refused: it is a faux device, which "
                    + "cannot be bound or unbound by hand — use FauxDevice.destroy()");
        }
        if (root) {
            throw new IllegalStateException(op + " of device '" + name + "' refused: it is a root device "
                    + "(root_device_register), which no driver binds — unregister() ends it");
        }
    }

    void requireAdded(String op) {
        State s = state;
        if (s == State.NEW) {
            throw new IllegalStateException(op + " of device '" + name + "' refused: it was never added — add() it first");
        }
        if (s != State.ADDED) {
            throw new IllegalStateException(op + " of device '" + name + "' refused: it was deleted — a deleted device "
                    + "cannot be used again");
        }
    }

    static String requireName(String name) {
        Objects.requireNonNull(name, "newDevice: the device name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("newDevice: the device name must not be blank");
        }
        return name;
    }
}
