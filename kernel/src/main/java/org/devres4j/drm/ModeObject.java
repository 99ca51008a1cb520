package org.devres4j.drm;

import org.devres4j.core.UseAfterFreeException;

/**
 * A KMS object (connector, encoder, CRTC, plane) of a {@link DrmDevice}, created with the
 * {@code drmm_*_init} helpers of {@link Kms}.
 *
 * <p><b>Lifetime:</b> software: it lives on the device's drmm list until the last put, so it
 * outlives unplug and keeps answering userspace (seed 001); its cleanup runs with the drmm list and
 * every use after it is refused with a {@link UseAfterFreeException}. Its id is its device's (ids count up
 * per device, as the kernel's mode-object idr does). <b>Order:</b> cleaned up newest first with the rest of
 * the list. <b>Concurrency:</b> thread-safe.
 */
public abstract sealed class ModeObject permits Connector, Encoder, Crtc, Plane {
    private final DrmDevice device;
    private final String name;
    private final int id;
    private volatile boolean cleanedUp;

    ModeObject(DrmDevice device, String name) {
        this.device = device;
        this.name = name;
        this.id = device.modes().nextId();
    }

    /** @return the device */
    public DrmDevice device() {
        return device;
    }

    /** @return the name, e.g. {@code "Virtual-1"} */
    public String name() {
        return name;
    }

    /** @return the object id userspace sees */
    public int id() {
        return id;
    }

    /** @return whether its cleanup ran (the device was released) */
    public boolean isCleanedUp() {
        return cleanedUp;
    }

    void cleanup() {
        cleanedUp = true;
        device.modes().remove(this);
    }

    void checkLive(String op) {
        if (cleanedUp) {
            throw new UseAfterFreeException(kind() + " '" + name + "' of " + device.name(), op, op + " on " + kind() + " '" + name
                    + "' of " + device.name() + " refused: it was cleaned up with the drmm list at the device's last put");
        }
    }

    abstract String kind();

    @Override
    public String toString() {
        return kind() + " " + name + " #" + id + " of " + device.name() + (cleanedUp ? " (cleaned up)" : "");
    }
}
