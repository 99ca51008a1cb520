package org.devres4j.driver;

/**
 * A driver: probes devices it matches and tears them down again.
 *
 * <p><b>Lifetime:</b> a driver is bound to a device from a successful {@link #probe} until the unbind
 * (explicit {@link Device#unbind()}, {@link Bus#unregisterDriver}, or {@link Device#del()}). The
 * {@link BoundDevice} it receives is valid exactly that long. Everything the probe registers on the
 * device's devres list is released after {@link #remove} returns — or at once, if the probe throws.
 *
 * <p><b>Order:</b> at unbind the bus calls {@code remove()} first, then releases the devres list newest
 * first. A device is bound to at most one driver; drivers are tried in registration order and the first
 * successful probe wins.
 *
 * <p><b>Concurrency:</b> {@code probe} and {@code remove} run with the device's lock held (like the
 * kernel's {@code device_lock}), so for one device they never overlap each other, another probe, an
 * unbind or a {@code del}. Different devices may probe in parallel on different threads. A probe or
 * remove must not call {@code bind}/{@code unbind}/{@code del} on an ancestor of its device (locks are
 * taken parent before child), nor register or unregister drivers (that locks other devices). It may add
 * child devices: they are probed at once, and deferred retries wait until the outermost operation ends.
 *
 * <p><b>Matching:</b> by name. The default {@link #matches(Device)} accepts a device whose name equals
 * the driver's name, or is the driver's name followed by a digit, {@code '.'}, {@code '-'} or
 * {@code ':'} (driver {@code vgpu} matches {@code vgpu}, {@code vgpu0}, {@code vgpu.1}, {@code vgpu-a}
 * but not {@code vgpux}). Override it for anything else.
 */
public interface Driver {

    /** @return the driver's name, unique on a bus */
    String name();

    /**
     * Whether this driver handles the device. See the class Javadoc for the default rule.
     *
     * @param device a registered, unbound device
     * @return true to have {@link #probe} called
     */
    default boolean matches(Device device) {
        return nameMatches(name(), device.name());
    }

    /**
     * The default matching rule by name (see the class Javadoc), for whoever needs it without a driver
     * object (a simulated machine picking the chip behind a device, say).
     *
     * @param driverName a driver name
     * @param deviceName a device name
     * @return whether the default rule matches them
     */
    static boolean nameMatches(String driverName, String deviceName) {
        if (deviceName.equals(driverName)) {
            return true;
        }
        if (!deviceName.startsWith(driverName) || deviceName.length() == driverName.length()) {
            return false;
        }
        char c = deviceName.charAt(driverName.length());
        return Character.isDigit(c) || c == '.' || c == '-' || c == ':';
    }

    /**
     * Binds the device: acquire hardware and register its release on {@code dev.devres()}.
     *
     * @param dev the binding; valid until the unbind ends
     * @throws ProbeDeferredException to be retried later (a dependency is missing)
     * @throws Exception              any failure: the device stays unbound, its devres list is released
     */
    void probe(BoundDevice dev) throws Exception;

    /**
     * Unbinds the device; the devres list is released right after this returns (or throws).
     *
     * @param dev the binding, still valid during this call
     * @throws Exception a failure is reported with the device and the driver; the unbind completes anyway
     */
    default void remove(BoundDevice dev) throws Exception {
    }
}
