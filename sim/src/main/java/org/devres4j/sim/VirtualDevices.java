package org.devres4j.sim;

import org.devres4j.driver.Device;
import org.devres4j.driver.FauxDevice;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmDriver;
import org.devres4j.drm.DrmFeature;

/**
 * Virtual devices with no driver of their own that hold a DRM device (vkms-style, seed 003):
 * <ul>
 *   <li>{@code holder=devm fix=none}: the DRM device is allocated the devm way on a device that no
 *       driver is bound to — its devres list holds the DRM device, the DRM device holds the device.
 *       Under the 2020 policy {@code device_del} never releases that list: a reference loop.</li>
 *   <li>{@code fix=group}: the creator opens a devres group around the allocation and releases the
 *       group itself before deleting the device.</li>
 *   <li>{@code fix=faux}: a faux device, whose destroy unbinds and releases everything.</li>
 *   <li>{@code holder=plain}: the creator owns the reference and drops it before deleting.</li>
 * </ul>
 *
 * <p><b>Lifetime:</b> a virtual device lives from its {@code virtual} step to its {@code destroy} step or
 * the world shutdown. <b>Order:</b> destroy releases the creator's group (if any), then deletes.
 * <b>Concurrency:</b> on the world's thread.
 */
final class VirtualDevices {

    private VirtualDevices() {
    }

    /** A virtual device and how to destroy it. */
    interface Virtual {
        String name();

        Device device();

        DrmDevice card();

        void destroy();
    }

    static Virtual create(World world, String name, String holder, String fix) {
        DrmDriver driver = DrmDriver.builder("vdrm").features(DrmFeature.MODESET).trace(world.drmTrace()).build();
        world.log.emit("VIRTUAL", new Event.Owner(Event.OwnerKind.DEVICE, name), 0, Event.Effect.NONE,
                "holder " + holder, "fix " + fix);
        if (fix.equals("faux")) {
            DrmDevice[] card = new DrmDevice[1];
            FauxDevice faux = FauxDevice.create(world.platform.bus(), name,
                    b -> card[0] = DrmDevice.devmAlloc(driver, b), b -> { });
            world.virtualCards.add(card[0]);
            return new Virtual() {
                public String name() {
                    return name;
                }

                public Device device() {
                    return faux.device();
                }

                public DrmDevice card() {
                    return card[0];
                }

                public void destroy() {
                    faux.destroy();
                }
            };
        }
        Device dev = world.platform.bus().newDevice(name);
        dev.add();   // a name still registered throws DeviceExistsException: the world reports it
        Object group = fix.equals("group") ? dev.devres().openGroup() : null;
        DrmDevice card = DrmDevice.alloc(driver, dev, d -> new Object());
        world.virtualCards.add(card);
        boolean devm = holder.equals("devm");
        if (devm) {
            // devm_drm_dev_alloc on a device no driver is bound to: only device_del could release it
            dev.devres().add("devm_drm_dev_init_release " + card.name(), d -> card.put());
        }
        if (group != null) {
            dev.devres().closeGroup(group);
        }
        return new Virtual() {
            public String name() {
                return name;
            }

            public Device device() {
                return dev;
            }

            public DrmDevice card() {
                return card;
            }

            public void destroy() {
                if (group != null) {
                    dev.devres().releaseGroup(group);
                }
                if (!devm) {
                    card.put();
                }
                dev.del();
                dev.put();
            }
        };
    }
}
