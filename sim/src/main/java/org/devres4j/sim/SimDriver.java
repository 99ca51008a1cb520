package org.devres4j.sim;

import java.util.List;
import java.util.Optional;

import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;

/**
 * A driver the world can load ({@code load NAME variant=V}): the kernel driver, plus how userspace
 * reaches the devices it drives, plus what the sanitizer must know about its objects.
 *
 * <p><b>Lifetime:</b> from its {@code load} step; after {@code unload} the world keeps it while its
 * objects may still live. <b>Order:</b> not applicable. <b>Concurrency:</b> on the world's thread.
 */
interface SimDriver {

    /** @return the driver name, e.g. {@code vgpu} */
    String name();

    /** @return the variant, e.g. {@code fixed} or {@code devm-connector-state} */
    String variant();

    /** @return the kernel driver to register on the bus */
    Driver driver();

    /**
     * Opens a device node of a device this driver drives.
     *
     * @param device the device
     * @param node   which node: the primary node, or the render node
     * @return the file, or empty if the driver has no registered instance on this device (userspace sees ENODEV)
     * @throws org.devres4j.uapi.ErrnoException as userspace would see it (ENOENT for a node the device has not)
     */
    Optional<UserFile> open(Device device, org.devres4j.drm.DrmMinorType node);

    /** @return objects of this driver still alive: what a leak check looks at */
    List<LiveObject> liveObjects();

    /** @return every DRM device this driver allocated (freed ones included) */
    List<org.devres4j.drm.DrmDevice> cards();

    /** An object still alive and the objects it holds references on. */
    record LiveObject(String name, String what, List<String> holds, String allocated, String shouldHave) {
    }
}
