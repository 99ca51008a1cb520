package org.devres4j.driver;

import org.devres4j.core.ManagedResources;

/**
 * The capability a driver holds while it is bound to a device — Rust-for-Linux's {@code Device<Bound>}.
 * Hardware that devres manages (MMIO mappings, IRQ lines) is reached through it.
 *
 * <p><b>Lifetime:</b> created when a probe starts; valid through the probe, while bound, and through
 * {@link Driver#remove} and the devres release that follows it; invalid from then on — also when the
 * probe failed or was deferred. Every method except {@link #name()}, {@link #isValid()} and
 * {@code toString()} then throws an {@link IllegalStateException} naming the device and the rule.
 * A new binding of the same device gets a new {@code BoundDevice}.
 *
 * <p><b>Order:</b> invalidated at the end of its binding, after the devres list of the binding was
 * released (under {@link DriverModelPolicy#RELEASE_AT_DELETION_ONLY} the list is not released then: the
 * binding ends anyway and its resources stay on the device's list).
 *
 * <p><b>Concurrency:</b> validity is a volatile flag, safe to check from any thread; checking it does
 * not stop a concurrent unbind (hold the device's binding only from probe/remove or from code the
 * unbind waits for). Hardware front-ends go further: they accept a {@code BoundDevice} only on the
 * thread that is running its probe, remove or devres release ({@link #isActiveOnCurrentThread()}); any
 * other code — an ioctl, a worker, a timer — reaches hardware through an enter/exit section.
 */
public final class BoundDevice {
    private final Device device;
    private final Driver driver;
    private volatile boolean valid = true;

    BoundDevice(Device device, Driver driver) {
        this.device = device;
        this.driver = driver;
    }

    /**
     * @return the device
     * @throws IllegalStateException if the binding ended
     */
    public Device device() {
        requireValid("device()");
        return device;
    }

    /**
     * @return the device's devres front-end
     * @throws IllegalStateException if the binding ended
     */
    public ManagedResources<Device> devres() {
        requireValid("devres()");
        return device.devres();
    }

    /**
     * @return the driver of this binding
     * @throws IllegalStateException if the binding ended
     */
    public Driver driver() {
        requireValid("driver()");
        return driver;
    }

    /** @return the device's name (allowed after the binding ended, for messages) */
    public String name() {
        return device.name();
    }

    /** @return whether the binding is still in force */
    public boolean isValid() {
        return valid;
    }

    /**
     * @return whether the binding is in force and the calling thread is running its probe, its remove or
     *         a devres release of its device (the driver core holds the device's lock for those steps) —
     *         the only places where the binding alone licenses hardware access
     */
    public boolean isActiveOnCurrentThread() {
        return valid && device.isLockedByCurrentThread();
    }

    /**
     * Throws unless the binding is in force. Hardware front-ends call this before every access.
     *
     * @param what the operation, for the message
     * @throws IllegalStateException naming the device, the driver and the rule
     */
    public void requireValid(String what) {
        if (!valid) {
            throw new IllegalStateException(what + " on the bound device '" + device.name() + "' (driver '"
                    + driver.name() + "') refused: that binding has ended — a BoundDevice may be used only "
                    + "between probe and the end of its unbind");
        }
    }

    void invalidate() {
        valid = false;
    }

    @Override
    public String toString() {
        return "BoundDevice[" + device.name() + " <- " + driver.name() + (valid ? "" : ", ended") + "]";
    }
}
