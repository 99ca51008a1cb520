package org.devres4j.sim;

import java.util.List;

import org.devres4j.driver.Device;
import org.devres4j.driver.NoMatchingDriverException;
import org.devres4j.driver.ProbeFailedException;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/**
 * The sysfs files that bind and unbind a device: its own {@code bind}/{@code unbind} (by match) and a
 * driver's {@code bind}/{@code unbind} files ({@code bind_store}, {@code unbind_store}: by name, with the
 * kernel's errnos). Each write's outcome is the step's result.
 *
 * <p><b>Lifetime:</b> one per world. <b>Order:</b> operations in step order. <b>Concurrency:</b>
 * single-threaded, like the world.
 */
final class Binding {

    private final World w;

    Binding(World world) {
        this.w = world;
    }

    /**
     * Sysfs unbind: by the device's own file ({@code driver} null: the device must be on the bus and bound) or
     * by the driver's {@code unbind} file ({@code unbind_store}: ENODEV unless the device is bound to that
     * driver). The driver's {@code remove()}, then the devres list; the ended binding is checked and userspace
     * hears an {@code unbind} uevent.
     *
     * @return the unbind, its preconditions checked now (it runs when the caller says: at once or in a race)
     * @throws ScenarioStepException if it cannot run as written
     */
    Race.Removal unbindRemoval(String name, String driver) {
        Device dev = driver == null ? w.devices.requireOnBus(name, "unbind " + name) : w.devices.require(name);
        if (driver == null && !dev.isBound()) {
            throw new ScenarioStepException("device '" + name + "' is not bound to a driver");
        }
        return new Race.Removal("unbind", name, () -> {
            String was = dev.driver().map(d -> d.name()).orElse("?");
            boolean bound = dev.isBound();
            w.releasingBinding(List.of(name), "unbind " + name, () -> sysfsWrite("unbind " + name, () -> {
                if (driver == null) {
                    dev.unbind();
                } else {
                    w.platform.bus().unbind(driver, name);
                }
            }));
            if (bound && !dev.isBound()) {
                w.sanitizer.checkEndedBinding(dev, "driver " + was);
                w.userspace().uevent(name, "unbind");
            }
        });
    }

    /**
     * Sysfs bind: by match ({@code driver} null: the device must be on the bus and unbound; ENODEV when no
     * loaded driver matches) or through the named driver's {@code bind} file ({@code bind_store}: the kernel's
     * errnos — ENODEV for no such driver or device or no match, EBUSY when already bound, EAGAIN when the probe
     * deferred, the probe's errno when it failed). A bind by match that leaves the device unbound (every
     * matching probe failed or deferred) answers ENODEV.
     */
    void bind(String name, String driver) {
        Device dev = driver == null ? w.devices.requireOnBus(name, "bind " + name) : w.devices.require(name);
        if (driver == null && dev.isBound()) {
            throw new ScenarioStepException("device '" + name + "' is already bound to "
                    + dev.driver().map(d -> d.name()).orElse("?"));
        }
        if (driver != null) {
            sysfsWrite("bind " + name, () -> w.platform.bus().bind(driver, name));
            if (w.userspace().last().status() == CallResult.Status.ERRNO) {
                w.log.emit("BIND", new Owner(OwnerKind.DEVICE, name), 0, Effect.NONE, "-> " + w.userspace().last(),
                        "driver " + driver);
            }
            Device now = w.platform.bus().device(name).orElse(dev);
            w.reportProbeFailure(now);
            return;
        }
        boolean[] noMatch = {false};
        w.kernel("bind " + name, () -> {
            try {
                dev.bind();
            } catch (NoMatchingDriverException e) {
                noMatch[0] = true;
            }
        });
        Owner owner = new Owner(OwnerKind.DEVICE, name);
        if (noMatch[0]) {
            w.userspace().result(CallResult.errno(Errno.ENODEV.name()));   // sysfs bind with no driver that matches
            w.log.emit("BIND", owner, 0, Effect.NONE, "-> ENODEV", "no loaded driver matches");
            return;
        }
        if (!dev.isBound()) {
            w.userspace().result(CallResult.errno(Errno.ENODEV.name()));   // every matching probe failed or deferred
        }
        w.reportProbeFailure(dev);
    }

    /**
     * A write to a sysfs file: an errno is the step's result; a failed probe answers its own errno (ENODEV if it
     * has none: the probe failure itself is reported when the caller looks at the device); any other failure
     * is a fault the sanitizer examines.
     */
    private void sysfsWrite(String what, Runnable op) {
        try {
            op.run();
        } catch (ErrnoException e) {
            w.userspace().result(CallResult.errno(e.errno().name()));
        } catch (ProbeFailedException e) {
            // the probe's own errno, as bind_store answers it; a probe that failed otherwise: ENODEV
            w.userspace().result(CallResult.errno(e.getCause() instanceof ErrnoException x ? x.errno().name()
                    : Errno.ENODEV.name()));
        } catch (RuntimeException e) {
            w.sanitizer.fault("KERNEL", what + " failed", e);
            w.userspace().result(CallResult.FAULT);
        }
    }
}
