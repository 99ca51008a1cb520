package org.devres4j.driver;

import org.devres4j.core.ManagedResources;
import org.devres4j.core.ResourceList;

/**
 * A device's devres list: resources tied to the binding of a driver to a {@link Device}, typed so that
 * only actions written for a {@code Device} (or a supertype) compile — a {@code Release<DrmDevice>}
 * cannot be added here.
 *
 * <p><b>Lifetime (when the list is released):</b> when a probe fails or defers; at every unbind, right
 * after the driver's {@code remove()}; at {@link Device#del()} again (also for a device that never had a
 * driver — except under {@link DriverModelPolicy#LEGACY_2020}); and once more at the last
 * {@link Device#put()}, after which the list is closed for good and every add is refused. The list is
 * reused by the next probe. Under {@link DriverModelPolicy#RELEASE_AT_DELETION_ONLY} (seed 000's rejected
 * "option 2") probe failure and unbind do not release it: only {@code del} and the last put do. Users
 * never release the whole list themselves: the driver core does.
 *
 * <p><b>Order:</b> newest first (LIFO); a group releases as a unit.
 *
 * <p><b>Concurrency:</b> every method is thread-safe and never runs an action under a lock. An add made
 * while a release is running lands in the next release. A failing action never stops the others; the
 * driver core reports every failure with the device and the action name.
 *
 * <p><b>Operations:</b> every per-resource operation comes from {@link ManagedResources} ({@code add} is
 * {@code devm_add_action}, {@code addOrReset} is {@code devm_add_action_or_reset}, {@code release} is
 * {@code devm_release_action}, {@code remove} is {@code devm_remove_action}, {@code contains} is
 * {@code devm_is_action_added}, {@code alloc}/{@code allocBytes}/{@code allocArray} are
 * {@code devm_kzalloc}/{@code devm_kcalloc}, {@code openGroup} is {@code devres_open_group}).
 *
 * <p><b>Strict mode:</b> with {@link Bus#setStrictDevres(boolean)} on, every add (action, value, buffer,
 * group) to a device without a binding (no probe running, not bound) is refused with an
 * {@link IllegalStateException} — Rust-for-Linux's rule that only a bound device takes devres.
 * {@code addOrReset} then runs the action at once before throwing. Off by default, as upstream C.
 */
public final class Devres extends ManagedResources<Device> {
    private final Device device;

    Devres(Device device, ResourceList<Device> list) {
        super(list);
        this.device = device;
    }

    /** @return the device that owns this list */
    public Device device() {
        return device;
    }

    /**
     * Strict mode: refuses every add while the device has no binding.
     *
     * @param op what is being added
     * @return null to admit, or the {@link IllegalStateException} of strict mode
     */
    @Override
    protected RuntimeException admit(String op) {
        if (device.bus().isStrictDevres() && !device.hasBinding()) {
            return new IllegalStateException("devres " + op + " on device '" + device.name()
                    + "' refused: strict devres mode is on and the device is not bound to a driver — only a "
                    + "bound device takes devres (Rust-for-Linux Device<Bound>)");
        }
        return null;
    }

    @Override
    public String toString() {
        return "Devres[" + device.name() + ", " + size() + " live]";
    }
}
