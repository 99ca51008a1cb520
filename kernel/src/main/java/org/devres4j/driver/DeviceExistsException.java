package org.devres4j.driver;

/**
 * Thrown by {@link Device#add()} when its bus already has a registered device of that name: the
 * kernel's {@code -EEXIST} ("don't try to register things with the same name", seed 004). The device
 * and bus names are fields, so callers (the simulator's sanitizer) decide from them, not from the text.
 *
 * <p><b>Lifetime:</b> nothing changed — the device stays unadded and the bus keeps the old one.
 * <b>Order:</b> a name is taken from {@code add} until the end of {@code del}. <b>Concurrency:</b>
 * immutable.
 */
public final class DeviceExistsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String deviceName;
    private final String busName;

    /**
     * Creates the error.
     *
     * @param deviceName the name that is taken
     * @param busName    the bus it is taken on
     * @param message    names the device, the bus and the rule
     */
    public DeviceExistsException(String deviceName, String busName, String message) {
        super(message);
        this.deviceName = java.util.Objects.requireNonNull(deviceName, "deviceName");
        this.busName = java.util.Objects.requireNonNull(busName, "busName");
    }

    /** @return the device name that was already taken */
    public String deviceName() {
        return deviceName;
    }

    /** @return the bus on which it is taken */
    public String busName() {
        return busName;
    }
}
