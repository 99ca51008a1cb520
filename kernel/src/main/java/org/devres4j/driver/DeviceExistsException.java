package org.devres4j.driver;

/**
 * Thrown by {@link Device#add()} when its bus already has a registered device of that name: the
 * kernel's {@code -EEXIST} ("don't try to register things with the same name", seed 004).
 *
 * <p><b>Lifetime:</b> nothing changed — the device stays unadded and the bus keeps the old one.
 * <b>Order:</b> a name is taken from {@code add} until the end of {@code del}. <b>Concurrency:</b> a
 * value.
 */
public final class DeviceExistsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message names the device, the bus and the rule
     */
    public DeviceExistsException(String message) {
        super(message);
    }
}
