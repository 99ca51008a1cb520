package org.devres4j.sim;

import java.util.List;
import java.util.Optional;

import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;
import org.devres4j.drm.Bridge;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmMinorType;

/**
 * A panel driver (devices {@code panel0} ...) that provides a display bridge the DRM device of
 * another driver links (seed 000). Variant {@code refcounted-bridge} creates a refcounted bridge and
 * drops only its own reference at unbind; {@code devm-bridge} allocates the bridge with devm on the
 * panel's own device, so it dies at the panel's unbind while the DRM device still links it.
 *
 * <p><b>Lifetime:</b> one per {@code load panel}; a refcounted bridge lives until its last put.
 * <b>Order:</b> the bridge is published at probe and withdrawn at unbind. <b>Concurrency:</b> on the
 * world's thread.
 */
final class PanelDriver extends SelfDriver {

    /** @return the variants a script can load */
    static List<String> variants() {
        return List.of("refcounted-bridge", "devm-bridge");
    }

    private final List<Bridge> refcounted = new java.util.ArrayList<>();

    PanelDriver(String variant, World world) {
        super("panel", variant.equals("fixed") ? "refcounted-bridge" : variant, variants(), world);
    }

    @Override
    public void probe(BoundDevice bound) {
        Bridge bridge;
        if (variant().equals("devm-bridge")) {
            bridge = Bridge.devmAlloc(bound, "panel-bridge");   // BUG: state dies at the panel's unbind
            world.advice.put(bound.name(), "refcounted — an object another device links must live until its last put "
                    + "(Bridge.create + attach), not die with its provider's binding");
        } else {
            bridge = Bridge.create("panel-bridge", b -> world.log.world("BRIDGE", b.name() + " destroyed", "last put"));
            bound.devres().add("bridge-put panel-bridge (provider)", d -> bridge.put());
            refcounted.add(bridge);
        }
        world.bridges.add(bridge);
        bound.devres().add("bridge remove panel-bridge", d -> world.bridges.remove(bridge));
    }

    @Override
    public Optional<UserFile> open(Device device, DrmMinorType node) {
        return Optional.empty();
    }

    @Override
    public List<LiveObject> liveObjects() {
        List<LiveObject> out = new java.util.ArrayList<>();
        for (Bridge b : refcounted) {
            if (!b.isDestroyed()) {
                out.add(new LiveObject(b.name(), "bridge " + b.name() + " (refcount " + b.refCount() + ")", List.of(),
                        "", "refcounted: destroyed at the last put, after the provider and every DRM device let go"));
            }
        }
        return out;
    }

    @Override
    public List<DrmDevice> cards() {
        return List.of();
    }
}
