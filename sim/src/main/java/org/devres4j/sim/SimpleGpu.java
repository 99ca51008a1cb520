package org.devres4j.sim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.devres4j.core.Managed;
import org.devres4j.core.ResourceList;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;
import org.devres4j.drm.Bridge;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmDriver;
import org.devres4j.drm.DrmFeature;
import org.devres4j.drm.DrmMinorType;

/**
 * A small DRM driver built inside the simulator on the public kernel API, for the scenarios the
 * reference driver has no variant for (driver name {@code simple}, devices {@code simple0} ...):
 * <ul>
 *   <li>{@code fixed}: private data freed by the final free, resources on devres, a linked bridge
 *       (if a panel provides one) held by reference;</li>
 *   <li>{@code free-in-release}: the private data is freed in the driver's release hook, which runs
 *       before the drmm list — a drmm action then reads freed memory (seed 002's final free).</li>
 * </ul>
 * Seed 000's "option 2" (devres released only at device deletion) is not a driver variant: it is the
 * driver-model policy {@code release-at-deletion} of the whole bus, under which the {@code fixed} driver's
 * devres piles up over unbind/rebind cycles (scenario 7).
 *
 * <p><b>Lifetime:</b> one per {@code load simple}; its DRM devices live until their last put.
 * <b>Order:</b> drmm actions released newest first, then the final free. <b>Concurrency:</b> on the
 * world's thread.
 */
final class SimpleGpu extends SelfDriver {

    /** @return the variants a script can load */
    static List<String> variants() {
        return List.of("fixed", "free-in-release");
    }

    /** The driver's private data (a field of the containing object in C). */
    static final class PrivateData {
        int frames;
        boolean finished;
    }

    /** The containing object. */
    static final class Priv {
        final DrmDevice drm;
        ResourceList<DrmDevice> privList;
        Supplier<PrivateData> data;
        Bridge bridge;

        Priv(DrmDevice drm) {
            this.drm = drm;
        }
    }

    private final DrmDriver drmDriver;
    private final List<DrmDevice> cards = new ArrayList<>();
    private final Map<DrmDevice, Priv> privs = new IdentityHashMap<>();

    SimpleGpu(String variant, World world) {
        super("simple", refuseRemoved(variant), variants(), world);
        DrmDriver.Builder b = DrmDriver.builder("simple").features(DrmFeature.MODESET)
                .ioctl(0, "SIMPLE_VERSION", (f, arg) -> 1)
                .ioctl(1, "SIMPLE_MODESET", (f, arg) -> modeset(f.device()))
                .ioctl(2, "SIMPLE_FRAMES", (f, arg) -> privs.get(f.device()).data.get().frames)
                .trace(world.drmTrace());
        if (variant().equals("free-in-release")) {
            // BUG: the containing object's data is freed in the release hook, before the drmm list runs
            b.release(d -> privs.get(d).privList.releaseAll("kfree in the driver's release hook"));
        }
        this.drmDriver = b.build();
    }

    /* Seed 000's option 2 was once a variant here; say where it went rather than list the variants. */
    private static String refuseRemoved(String variant) {
        if (variant.equals("release-at-delete")) {
            throw new ScenarioStepException("simple has no variant 'release-at-delete' any more: seed 000's option 2 is "
                    + "the driver-model policy now — write 'policy release-at-deletion' and load simple (variant fixed)");
        }
        return variant;
    }

    @Override
    public void probe(BoundDevice bound) {
        DrmDevice drm = DrmDevice.devmAlloc(drmDriver, bound, Priv::new);
        Priv p = drm.container(Priv.class);
        privs.put(drm, p);
        cards.add(drm);
        if (variant().equals("free-in-release")) {
            p.privList = ResourceList.create(drm, drm.name() + " private data", world.listTrace());
            Managed<PrivateData> m = p.privList.alloc("simple private data", PrivateData::new);
            p.data = m::get;
            world.advice.put(drm.name() + " private data", "the final free (drmm_add_final_kfree, the "
                    + "container of DrmDevice.alloc): the containing object is freed after every drmm action");
        } else {
            PrivateData data = new PrivateData();
            p.data = () -> data;   // part of the containing object: freed by the final free, last
        }
        drm.managed().add("simple fini (reads private data)", d -> p.data.get().finished = true);
        bound.devres().alloc("simple scanout state", PrivateData::new);
        bound.devres().add("simple vblank timer", d -> { });
        Optional<Bridge> bridge = world.bridges.find("panel-bridge");
        bridge.ifPresent(br -> {
            br.attach(drm);   // the DRM device holds its own reference until its last put
            br.put();         // drop the one find() took for us
            p.bridge = br;
        });
        drm.register();
        bound.devres().add("drm_dev_unplug " + drm.name(), d -> drm.unplug());
    }

    private long modeset(DrmDevice drm) {
        Priv p = privs.get(drm);
        p.data.get().frames++;
        if (p.bridge == null) {
            return 0;
        }
        p.bridge.enable();
        return 1;
    }

    @Override
    public Optional<UserFile> open(Device device, DrmMinorType node) {
        return DrmUserFile.openNewest(cards, device, node, Map.of());
    }

    @Override
    public List<LiveObject> liveObjects() {
        List<LiveObject> out = new ArrayList<>();
        for (DrmDevice d : cards) {
            if (!d.isFreed()) {
                out.add(LeakCheck.card(d));
            }
        }
        return out;
    }

    @Override
    public List<DrmDevice> cards() {
        return cards;
    }
}
