package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.devres4j.driver.Device;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmMinorType;
import org.devres4j.drm.DrmNode;

/**
 * What the scenario queries read of a world: whether a device is on its bus, bound, and to which driver
 * ({@code expect device}); which nodes a device's DRM device has published, with their names and so their
 * minors ({@code expect node}). Each answer is null when the query holds, else what the world looks like
 * instead, for the failed expectation's message. A device name the run never plugged or created is a failed
 * query (a typo must not pass as {@code absent}).
 *
 * <p><b>Lifetime:</b> a view of its world, made for a check. <b>Order:</b> not applicable. <b>Concurrency:</b>
 * on the world's thread.
 */
final class Queries {

    private final World world;

    Queries(World world) {
        this.world = world;
    }

    /**
     * @param name   a device name
     * @param state  {@code absent} (no device of that name on the bus), {@code present} (on the bus),
     *               {@code unbound} or {@code bound}
     * @param driver with {@code bound}: the driver it must be bound to, or null for any
     * @return null if it holds, else what is so instead
     */
    String device(String name, String state, String driver) {
        if (world.devices.firstSeen(name) == null) {
            return "no device '" + name + "' was ever plugged or created";
        }
        Optional<Device> d = world.platform.bus().device(name);
        boolean holds = switch (state) {
            case "absent" -> d.isEmpty();
            case "present" -> d.isPresent();
            case "unbound" -> d.isPresent() && !d.get().isBound();
            case "bound" -> d.isPresent() && d.get().isBound()
                    && (driver == null || d.get().driver().map(x -> x.name().equals(driver)).orElse(false));
            default -> throw new IllegalArgumentException("expect device: no state '" + state + "'");
        };
        if (holds) {
            return null;
        }
        String bus = world.platform.bus().name();
        if (d.isEmpty()) {
            String removed = world.devices.removedAt(name);
            String unplugged = world.devices.unpluggedAt(name);
            return name + " is absent from bus " + bus + (removed != null ? " (removed at " + removed + "; its hardware is present)"
                    : unplugged != null ? " (unplugged at " + unplugged + ")" : "");
        }
        return name + " is on bus " + bus + ", " + d.get().driver().map(x -> "bound to " + x.name()).orElse("unbound");
    }

    /**
     * @param device a device name
     * @param type   {@code primary} or {@code render}
     * @param node   the node name it must have (e.g. {@code card1}, {@code renderD129}), or {@code none}
     * @return null if it holds, else which node the device has instead
     */
    String node(String device, String type, String node) {
        if (world.devices.firstSeen(device) == null) {
            return "no device '" + device + "' was ever plugged or created";
        }
        DrmMinorType t = type.equals("render") ? DrmMinorType.RENDER : DrmMinorType.PRIMARY;
        DrmDevice card = registeredCard(device);
        Optional<DrmNode> has = card == null ? Optional.empty() : card.node(t);
        boolean published = has.isPresent() && world.ns.owner(has.get().devPath()).filter(card.name()::equals).isPresent();
        boolean holds = node.equals("none") ? has.isEmpty() : published && has.get().name().equals(node);
        if (holds) {
            return null;
        }
        if (card == null) {
            return device + " has no registered DRM device, so no " + type + " node";
        }
        return has.map(n -> device + "'s " + type + " node is " + n.name() + " (" + card.name() + ", minor " + n.minor()
                + (published ? ", " + n.devPath() : ", not published") + ")")
                .orElse(card.name() + " of " + device + " has no " + type + " node");
    }

    /** @return the newest registered DRM device whose parent has this name, or null */
    private DrmDevice registeredCard(String device) {
        List<DrmDevice> cards = new ArrayList<>();
        for (SimDriver d : world.allDrivers()) {
            cards.addAll(d.cards());
        }
        cards.addAll(world.virtualCards);
        DrmDevice newest = null;
        for (DrmDevice c : cards) {
            if (c != null && !c.isFreed() && c.isRegistered() && c.parent().name().equals(device)) {
                newest = c;   // a driver lists its DRM devices oldest first
            }
        }
        return newest;
    }
}
