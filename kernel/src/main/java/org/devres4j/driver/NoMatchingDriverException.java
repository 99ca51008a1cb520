package org.devres4j.driver;

/**
 * Thrown by {@link Device#bind()} when no driver registered on the device's bus matches it — what a
 * write to sysfs {@code bind} answers with {@code ENODEV} in Linux. Nothing changed: the device stays
 * added and unbound, and a later {@code bind()} (after a matching driver is registered) may succeed.
 *
 * <p><b>Lifetime:</b> a value describing one refused bind. <b>Order:</b> thrown after the device's
 * lock was dropped, when every registered driver was asked and none matched. <b>Concurrency:</b>
 * immutable.
 */
public final class NoMatchingDriverException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String deviceName;

    /**
     * Creates the error.
     *
     * @param deviceName the device that found no driver
     * @param message    names the device, its bus and the rule
     */
    NoMatchingDriverException(String deviceName, String message) {
        super(message);
        this.deviceName = deviceName;
    }

    /** @return the name of the device that found no driver */
    public String deviceName() {
        return deviceName;
    }
}
