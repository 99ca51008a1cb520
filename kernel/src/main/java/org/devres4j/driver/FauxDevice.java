package org.devres4j.driver;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A virtual device with no real driver, in the spirit of Linux 6.14's faux bus: the right home for the
 * "fake platform device" of seed 003. It is bound, at creation, to a private driver that only runs the
 * optional probe and remove callbacks, so its devres list is released at {@link #destroy()} under every
 * {@link DriverModelPolicy} — the reference loop of seed 003 cannot form.
 *
 * <p><b>Lifetime:</b> {@link #create} makes, adds and binds the device (probe callback); if the probe
 * fails nothing is left behind and create throws. {@link #destroy()} = {@code del} (remove callback, then
 * the devres list) + {@code put} of the creator's reference. The device cannot be bound, unbound or
 * deleted by hand ({@link Device#unbind()} and {@link Device#del()} refuse with a clear error); other
 * drivers never match it. Deleting its parent deletes it too; {@code destroy} then only drops the
 * creator's reference.
 *
 * <p><b>Order:</b> remove callback, then devres newest first, then the device is freed when no other
 * reference is held. <b>Concurrency:</b> as for {@link Device}; {@code destroy} succeeds once, a second
 * call is refused.
 */
public final class FauxDevice {
    private final Device device;
    private final AtomicBoolean destroyed = new AtomicBoolean();

    private FauxDevice(Device device) {
        this.device = device;
    }

    /**
     * Creates a faux device without a parent.
     *
     * @param bus    the bus it appears on
     * @param name   the device name, unique on the bus
     * @param probe  runs once at creation; may be null
     * @param remove runs once at destroy; may be null
     * @return the created, bound device
     * @throws DeviceExistsException if the bus already has a device of this name
     * @throws ProbeFailedException  if the probe callback threw (nothing is left behind)
     */
    public static FauxDevice create(Bus bus, String name, FauxProbe probe, FauxRemove remove) {
        return create(bus, name, null, probe, remove);
    }

    /**
     * Creates a faux device under a parent.
     *
     * @param bus    the bus it appears on
     * @param name   the device name, unique on the bus
     * @param parent the parent device, or null
     * @param probe  runs once at creation; may be null
     * @param remove runs once at destroy; may be null
     * @return the created, bound device
     * @throws DeviceExistsException if the bus already has a device of this name
     * @throws ProbeFailedException  if the probe callback threw (nothing is left behind)
     */
    public static FauxDevice create(Bus bus, String name, Device parent, FauxProbe probe, FauxRemove remove) {
        java.util.Objects.requireNonNull(bus, "FauxDevice.create: the bus must not be null");
        Device dev = bus.create(name, parent, new FauxDriver(Device.requireName(name), probe, remove));
        try {
            dev.add();
        } catch (RuntimeException e) {
            dev.put();
            throw e;
        }
        if (!dev.isBound()) {
            Throwable cause = dev.lastProbeError().orElse(null);
            dev.delDevice();
            dev.put();
            throw new ProbeFailedException("faux device '" + name + "' not created: its probe callback failed "
                    + "(everything it registered was released)", cause);
        }
        return new FauxDevice(dev);
    }

    /** @return the underlying device */
    public Device device() {
        return device;
    }

    /** @return the device name */
    public String name() {
        return device.name();
    }

    /** @return whether {@link #destroy()} was called */
    public boolean isDestroyed() {
        return destroyed.get();
    }

    /**
     * Destroys the faux device: {@code del} (remove callback, devres list) then {@code put}. If the
     * device was already deleted with its parent ({@code del} of a parent deletes its children), only
     * the {@code put} is left to do. {@link Device#del()} on {@link #device()} is refused: this is the
     * one way to end a faux device.
     *
     * @throws IllegalStateException   if it was already destroyed
     * @throws DeviceTeardownException after completing, if the remove callback or a devres action threw
     */
    public void destroy() {
        if (!destroyed.compareAndSet(false, true)) {
            throw new IllegalStateException("destroy of faux device '" + device.name()
                    + "' refused: it was already destroyed — a faux device is destroyed once");
        }
        DeviceTeardownException failure = null;
        try {
            delUnlessDeleted();
        } catch (DeviceTeardownException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            destroyed.set(false); // nothing was done: a later destroy may try again
            throw e;
        }
        try {
            device.put();
        } catch (DeviceTeardownException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /*
     * del, unless the parent's del already deleted the device. A del of the parent that is still running
     * holds this device's lock, so delDevice waits for it and then finds the device deleted.
     */
    private void delUnlessDeleted() {
        try {
            device.delDevice();
        } catch (IllegalStateException e) {
            if (!device.isDeleted()) {
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return "FauxDevice[" + device.name() + (destroyed.get() ? ", destroyed" : "") + "]";
    }
}
