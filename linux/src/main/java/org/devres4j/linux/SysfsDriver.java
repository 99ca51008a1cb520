package org.devres4j.linux;

/**
 * A Java driver for real kernel devices mirrored by a {@link SysfsBus}.
 *
 * <p><b>Lifetime:</b> bound to a device from a successful {@link #probe} until the kernel removes the device
 * (a surprise unplug), the driver is unregistered, or the bus closes. Everything the probe puts on
 * {@link SysfsBinding#devres()} — the attribute files it opened first of all — is released after
 * {@link #remove} returns, newest first; or at once if the probe throws.
 *
 * <p><b>Order:</b> at the end of a binding the gate is shut first (no read is in flight, every later read
 * is refused), then {@code remove()}, then the devres list newest first.
 *
 * <p><b>Concurrency:</b> probe and remove run on the driver core's thread for the device (the bus's event
 * thread, or the thread registering the driver), never at the same time for one device. Attribute reads may
 * come from any thread and race the unplug safely.
 */
public interface SysfsDriver {

    /** @return the driver's name, unique on a bus */
    String name();

    /**
     * Whether this driver handles the device.
     *
     * @param device a present, unbound device
     * @return true to have {@link #probe} called
     */
    boolean matches(SysfsDevice device);

    /**
     * Binds the device: open its attributes and register what must be released on the binding's devres list.
     *
     * @param binding the binding; valid until its unbind ends
     * @throws Exception any failure: the device stays unbound, its devres list is released
     */
    void probe(SysfsBinding binding) throws Exception;

    /**
     * Unbinds the device. The gate is already shut; the devres list is released right after this returns.
     *
     * @param binding the binding, still valid during this call
     * @throws Exception reported by the bus; the unbind completes anyway
     */
    default void remove(SysfsBinding binding) throws Exception {
    }
}
