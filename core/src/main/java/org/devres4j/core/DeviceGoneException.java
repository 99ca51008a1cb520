package org.devres4j.core;

import java.util.Objects;

/**
 * Thrown by a call through an {@link Unpluggable} once its device is gone: the one exception an
 * application catches to learn that the hardware behind a handle was unplugged (the kernel's
 * {@code ENODEV} after {@code drm_dev_unplug}).
 *
 * <p><b>Lifetime:</b> from the moment {@link Unpluggable#unplug()} starts, every new call, open,
 * transfer and hardware registration is refused with this exception, for good; a call that was already
 * inside and then failed (typically woken by the wake hook) fails with it too, carrying what the
 * handle threw as its cause. Software state stays readable until the last client closes.
 * <b>Order:</b> a refused call touched nothing: the state is as it was. <b>Concurrency:</b> immutable.
 */
public class DeviceGoneException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String deviceName;
    private final String operation;

    /**
     * Creates the refusal.
     *
     * @param deviceName the device as errors name it (e.g. {@code "ttyUSB0"})
     * @param operation  what was refused (e.g. {@code "call"}, {@code "open"})
     * @param cause      what the handle threw when an in-flight call was cut short, or null
     */
    public DeviceGoneException(String deviceName, String operation, Throwable cause) {
        super(message(deviceName, operation, cause), cause);
        this.deviceName = deviceName;
        this.operation = operation;
    }

    private static String message(String deviceName, String operation, Throwable cause) {
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(operation, "operation");
        if (cause == null) {
            return operation + " on '" + deviceName + "' refused: the device was unplugged — no call reaches its"
                    + " hardware once unplug() has started (software state stays until the last client closes)";
        }
        return operation + " on '" + deviceName + "' failed: the device was unplugged while the call was in"
                + " flight (the handle threw " + cause.getClass().getSimpleName() + ")";
    }

    /** @return the device that is gone, as errors name it */
    public String deviceName() {
        return deviceName;
    }

    /** @return the refused (or cut-short) operation */
    public String operation() {
        return operation;
    }
}
