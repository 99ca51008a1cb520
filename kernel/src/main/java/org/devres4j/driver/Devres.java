package org.devres4j.driver;

import org.devres4j.core.AdmissionPolicy;

/**
 * Strict devres: the admission policy of every device's devres list. With
 * {@link Bus#setStrictDevres(boolean)} on, every add (action, value, buffer, group) to a device without a
 * binding (no probe running, not bound) is refused with an {@link IllegalStateException} —
 * Rust-for-Linux's rule that only a bound device takes devres. {@code addOrReset} then runs the action at
 * once before throwing. Off by default, as upstream C.
 *
 * <p><b>Lifetime:</b> one shared, stateless instance; it reads the bus's switch and the device's binding
 * at each add. <b>Order:</b> asked before anything is added. <b>Concurrency:</b> thread-safe (volatile
 * reads only).
 */
final class Devres implements AdmissionPolicy<Device> {

    static final Devres STRICT = new Devres();

    private Devres() {
    }

    @Override
    public RuntimeException refusal(Device device, String op) {
        if (device.bus().isStrictDevres() && !device.hasBinding()) {
            return new IllegalStateException("devres " + op + " on device '" + device.name()
                    + "' refused: strict devres mode is on and the device is not bound to a driver — only a "
                    + "bound device takes devres (Rust-for-Linux Device<Bound>)");
        }
        return null;
    }
}
