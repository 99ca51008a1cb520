package org.devres4j.sim;

import java.util.List;
import java.util.Optional;

import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;

/**
 * A driver the world can load ({@code load NAME variant=V}): the kernel driver, plus how userspace
 * reaches the devices it drives, plus what the sanitizer must know about its objects.
 */
interface SimDriver {

    /** @return the driver name, e.g. {@code vgpu} */
    String name();

    /** @return the variant, e.g. {@code fixed} or {@code devm-connector-state} */
    String variant();

    /** @return the kernel driver to register on the bus */
    Driver driver();

    /**
     * Opens the device node of a device this driver drives.
     *
     * @return the file, or empty if the driver has no node for this device (userspace sees ENODEV)
     * @throws org.devres4j.uapi.ErrnoException as userspace would see it
     */
    Optional<UserFile> open(Device device);

    /** @return objects of this driver still alive: what a leak check looks at */
    List<LiveObject> liveObjects();

    /** @return every DRM device this driver allocated (freed ones included) */
    List<org.devres4j.drm.DrmDevice> cards();

    /** An object still alive and the objects it holds references on. */
    record LiveObject(String name, String what, List<String> holds, String allocated, String shouldHave) {
    }
}
