package org.devres4j.sim;

import java.util.List;

import org.devres4j.driver.Device;
import org.devres4j.hw.model.AddressSpace;
import org.devres4j.hw.model.AddressSpaceFullException;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;

/**
 * The world's hot-plug controller and the bus's sysfs files that add and take away devices — the two kinds
 * of removal Linux has, and the rescan that undoes one of them:
 * <ul>
 *   <li>{@code plug}: hardware appears in a slot (an MMIO range, an IRQ line) and a device is added for it,
 *       which probes the matching driver;</li>
 *   <li>{@code unplug}: a surprise removal — the device is deleted and its hardware is gone, so a rescan finds
 *       nothing;</li>
 *   <li>{@code remove}: sysfs {@code remove} ({@code device_unregister} with the hardware still there) — the
 *       device is deleted and its reference dropped, the slot keeps its ranges, lines and registers;</li>
 *   <li>{@code rescan}: the bus scans its hardware ({@code pci_rescan_bus}): a slot whose device was removed
 *       gets a new device of the same name, which adopts the same hardware under new address assignments
 *       and probes; then every unbound device is probed again.</li>
 * </ul>
 * Each runs the core's release of the bindings it ends as {@code World.releasingBinding} does (hardware
 * accesses meanwhile are the binding's own teardown, not a race) and tells userspace with a uevent.
 *
 * <p><b>Lifetime:</b> one per world, from its construction to the world's close. <b>Order:</b> operations in
 * step order; a rescan makes its devices in slot order. <b>Concurrency:</b> single-threaded, like the world.
 */
final class HotPlug {

    private final World world;

    HotPlug(World world) {
        this.world = world;
    }

    void plug(String name, long mmio) {
        Devices devices = world.devices;
        Device old = devices.get(name);
        if (old != null && devices.isPlugged(name)) {
            String removed = devices.removedAt(name);
            throw new ScenarioStepException("device '" + name + "' is already plugged (since " + devices.pluggedAt(name) + ")"
                    + (removed == null ? "" : "; its device was removed at " + removed + ": rescan adds it again"));
        }
        if (mmio <= 0 || mmio > World.MAX_MMIO) {
            throw new ScenarioStepException("plug " + name + ": mmio size " + mmio + " is out of range: 1 to 0x"
                    + Long.toHexString(World.MAX_MMIO));
        }
        Device dev = world.platform.bus().newDevice(name);
        org.devres4j.hw.model.Plug p;
        try {
            p = world.hw.plug(dev, mmio);
        } catch (AddressSpaceFullException full) { // the hardware model's own answer: nothing was assigned
            dev.put(); // the device was never added: this frees it, and the world is as it was
            throw new ScenarioStepException("plug " + name + ": the simulated address space (0x"
                    + Long.toHexString(AddressSpace.BASE) + " to 0x" + Long.toHexString(1L << full.addressBits())
                    + ") has no room for mmio=0x" + Long.toHexString(full.size()) + " next to the plugged devices", full);
        }
        devices.put(name, dev, world.log.here());
        int n = devices.plugged(name, world.log.here());
        Owner hardware = new Owner(OwnerKind.HARDWARE, name);
        world.log.emit("PLUG", hardware, n, Effect.BEGIN, "mmio " + p.ranges().get(0) + " irq " + p.irqs().get(0), "");
        if (!world.addDevice(name, dev::add) || !dev.isRegistered()) {
            // the bus refused the device (a name still taken): the hardware goes back, nothing stays
            world.hw.unplug(dev);
            world.kernel("put " + name, dev::put);
            devices.plugUndone(name);
            if (old != null) {
                devices.put(name, old, world.log.here());
            } else {
                devices.remove(name);
            }
            world.log.emit("PLUG", hardware, n, Effect.END, "refused by the bus", "");
            return;
        }
        world.reportProbeFailure(dev);
    }

    /** Checks what an unplug needs: plugged hardware. */
    Device checkUnplug(String name) {
        Device dev = world.devices.require(name);
        if (!world.devices.isPlugged(name)) {
            throw new ScenarioStepException("device '" + name + "' is not plugged");
        }
        return dev;
    }

    /** A surprise removal: the device (if it is still on the bus) is deleted, and the hardware goes. */
    void unplug(String name) {
        Device dev = checkUnplug(name);
        boolean onBus = world.devices.removedAt(name) == null;
        world.log.emit("UNPLUG", new Owner(OwnerKind.HARDWARE, name), world.devices.plugNumber(name), Effect.END, "",
                onBus ? "surprise removal" : "the hardware of a removed device goes: a rescan no longer finds it");
        if (onBus) {
            // the bus core removes the device (driver remove, devres), then gives its resources back
            world.releasingBinding(List.of(name), "device_del " + name, dev::del);
            world.kernel("put " + name, dev::put);
        }
        world.hw.unplug(dev);
        world.devices.unplugged(name, world.log.here());
        world.sanitizer.forgetEndedBindings(name);
        if (onBus) {
            world.userspace().uevent(name, "remove");
        }
    }

    /** Checks what a sysfs remove needs: the device of plugged hardware, on the bus. */
    Device checkRemove(String name) {
        Device dev = world.devices.require(name);
        if (!world.devices.isPlugged(name)) {
            throw new ScenarioStepException("remove " + name + ": device '" + name + "' has no hardware on the bus"
                    + (world.devices.unpluggedAt(name) != null ? " (it was unplugged at " + world.devices.unpluggedAt(name) + ")"
                    : " (a virtual device is destroyed with destroy)"));
        }
        return world.devices.requireOnBus(name, "remove " + name);
    }

    /**
     * Sysfs {@code remove}: {@code device_unregister} — driver {@code remove()}, the devres list, the name
     * withdrawn, the bus's and the creator's references dropped — with the hardware still present.
     */
    void remove(String name) {
        Device dev = checkRemove(name);
        world.log.emit("REMOVE", new Owner(OwnerKind.DEVICE, name), 0, Effect.NONE, "sysfs remove",
                "device_unregister; the hardware stays for a rescan");
        world.releasingBinding(List.of(name), "device_unregister " + name, dev::unregister);
        world.devices.removed(name, world.log.here());
        world.sanitizer.forgetEndedBindings(name);
        world.userspace().uevent(name, "remove");
    }

    /**
     * {@code pci_rescan_bus}: a new device for every slot whose device was removed (probed as it is added), then
     * every unbound device probed again.
     */
    void rescan() {
        List<Device> made = world.kernelCall("rescan", () -> world.platform.bus().rescan(), List.of());
        for (Device d : made) {
            world.devices.rescanned(d.name(), d, world.log.here());
            world.log.emit("RESCAN", new Owner(OwnerKind.DEVICE, d.name()), 0, Effect.NONE, "found " + d.name(),
                    "present hardware without a device: a new device, probed" + d.driver().map(x -> ", bound to "
                            + x.name()).orElse(", unbound"));
            world.reportProbeFailure(d);
        }
    }
}
