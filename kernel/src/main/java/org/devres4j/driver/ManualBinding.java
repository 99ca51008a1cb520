package org.devres4j.driver;

import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/*
 * Design — the binding changes someone asks for by hand, each with the kernel's refusals: sysfs bind and unbind
 * (bus.c's bind_store/unbind_store, Bus.bind/Bus.unbind), a bind by match (Device.bind()), and
 * device_driver_attach (Device.bind(Driver)). Each checks under the device's lock, then hands the work to the
 * bus's DriverCore (dd.c).
 *
 * Lifetime: stateless. Order: refusals before anything changes, in the kernel's order (not added, then a driver
 * already attached); the probe or unbind after them. Concurrency: each call holds the device's lock from its
 * checks to the end of its probe or unbind; failures are thrown after the lock is dropped.
 */
final class ManualBinding {

    private ManualBinding() {
    }

    /* bind_store: the device added here, the driver registered here and matching it; then device_driver_attach. */
    static void bindByNames(Bus bus, String driverName, String deviceName) {
        Driver drv = requireDriver(bus, "bind", driverName, deviceName);
        Device dev = requireDevice(bus, "bind", driverName, deviceName);
        String what = "bind of '" + deviceName + "' to driver '" + driverName + "' on bus '" + bus.name() + "'";
        boolean matches;
        try {
            matches = drv.matches(dev);
        } catch (RuntimeException e) {
            throw new ErrnoException(Errno.ENODEV, what + " refused: the driver's matches() threw " + e + " (nothing changed)");
        }
        if (!matches) {
            throw new ErrnoException(Errno.ENODEV, what + " refused: the driver does not match the device (nothing changed)");
        }
        attach(dev, drv);
    }

    /* unbind_store: the device must be bound to that driver. */
    static void unbindByNames(Bus bus, String driverName, String deviceName) {
        Driver drv = requireDriver(bus, "unbind", driverName, deviceName);
        Device dev = requireDevice(bus, "unbind", driverName, deviceName);
        unbind(dev, drv);
    }

    private static Driver requireDriver(Bus bus, String op, String driverName, String deviceName) {
        java.util.Objects.requireNonNull(driverName, op + " on bus '" + bus.name() + "': the driver name must not be null");
        java.util.Objects.requireNonNull(deviceName, op + " on bus '" + bus.name() + "': the device name must not be null");
        return bus.driver(driverName).orElseThrow(() -> new ErrnoException(Errno.ENODEV, op + " of '" + deviceName
                + "' with driver '" + driverName + "' on bus '" + bus.name() + "' refused: no driver of that name is registered"));
    }

    private static Device requireDevice(Bus bus, String op, String driverName, String deviceName) {
        return bus.device(deviceName).orElseThrow(() -> new ErrnoException(Errno.ENODEV, op + " of '" + deviceName
                + "' with driver '" + driverName + "' on bus '" + bus.name() + "' refused: the bus has no added device of that name"));
    }

    /* Device.bind(): every registered driver that matches, in registration order. */
    static void bindByMatch(Device dev) {
        DriverCore.Attach result;
        dev.lockDevice();
        try {
            dev.requireNotFreed("bind");
            dev.requireBindable("bind");
            dev.requireAdded("bind");
            if (dev.hasDriver()) {
                Driver d = dev.attachment().driver;
                throw new IllegalStateException("bind of device '" + dev.name() + "' refused: it is already bound to driver '"
                        + (d == null ? "?" : d.name()) + "' — a device is bound to at most one driver; unbind it first");
            }
            result = dev.bus().core().attach(dev, null);
        } finally {
            dev.unlockDevice();
        }
        if (result.outcome() == DriverCore.Outcome.NO_MATCH) {
            throw new NoMatchingDriverException(dev.name(), "bind of device '" + dev.name() + "' refused: no registered driver "
                    + "matches it (bus '" + dev.bus().name() + "'; sysfs bind answers ENODEV) — register a matching driver "
                    + "first; the device stays added and unbound");
        }
        if (result.outcome() == DriverCore.Outcome.FAILED) {
            throw probeFailed(dev, "the probe of every matching driver failed", result);
        }
    }

    /* device_driver_attach: this driver only, no match asked. */
    static void attach(Device dev, Driver driver) {
        java.util.Objects.requireNonNull(driver, "bind of device '" + dev.name() + "': the driver must not be null");
        String what = "bind of device '" + dev.name() + "' to driver '" + driver.name() + "'";
        DriverCore.Attach result;
        dev.lockDevice();
        try {
            dev.requireNotFreed("bind");
            if (dev.isFaux() || dev.isRoot()) {
                throw new ErrnoException(Errno.ENODEV, what + " refused: it is a " + (dev.isFaux() ? "faux" : "root")
                        + " device, which no other driver binds (nothing changed)");
            }
            if (!dev.isRegistered()) {
                throw new ErrnoException(Errno.ENODEV, what + " refused: the device is not added ("
                        + (dev.isDeleted() ? "it was deleted" : "it was never added") + "); nothing changed");
            }
            if (dev.hasDriver()) {
                Driver d = dev.attachment().driver;
                throw new ErrnoException(Errno.EBUSY, what + " refused: it already has driver '" + (d == null ? "?" : d.name())
                        + "' — a device is bound to at most one driver; unbind it first (nothing changed)");
            }
            if (!dev.bus().drivers().contains(driver)) {
                throw new ErrnoException(Errno.ENODEV, what + " refused: that driver is not registered on bus '"
                        + dev.bus().name() + "' (nothing changed)");
            }
            result = dev.bus().core().attachExplicit(dev, driver);
        } finally {
            dev.unlockDevice();
        }
        switch (result.outcome()) {
            case BOUND:
                return;
            case DEFERRED:
                throw new ErrnoException(Errno.EAGAIN, what + ": the probe deferred — the device is on the deferred-probe "
                        + "list and is tried again after the next successful bind or rescan");
            case FAILED:
                throw probeFailed(dev, "the probe of driver '" + driver.name() + "' failed", result);
            default:
                throw new ErrnoException(Errno.ENODEV, what + " refused: the driver was unregistered meanwhile (nothing changed)");
        }
    }

    private static ProbeFailedException probeFailed(Device dev, String why, DriverCore.Attach result) {
        DriverModelPolicy policy = dev.bus().policy();
        String list = policy.releasesAtUnbind() ? "its devres list was released"
                : "its devres list was kept (policy " + policy + ": released only at del)";
        ProbeFailedException e = new ProbeFailedException("bind of device '" + dev.name() + "' failed: " + why
                + "; the device is unbound and " + list, result.errors().get(0));
        for (int i = 1; i < result.errors().size(); i++) {
            e.addSuppressed(result.errors().get(i));
        }
        return e;
    }

    /*
     * Device.unbind() (expected == null) or sysfs unbind of a given driver (expected != null: the device must be
     * bound to it, else ENODEV, as unbind_store answers).
     */
    static void unbind(Device dev, Driver expected) {
        Failures failures = new Failures();
        dev.lockDevice();
        try {
            dev.requireNotFreed("unbind");
            if (expected != null) {
                Attachment a = dev.attachment();
                if (!dev.isRegistered() || !a.bound || a.driver != expected) {
                    throw new ErrnoException(Errno.ENODEV, "unbind of device '" + dev.name() + "' from driver '" + expected.name()
                            + "' refused: the device is not bound to that driver (nothing changed)");
                }
            }
            dev.requireBindable("unbind");
            dev.requireAdded("unbind");
            Attachment a = dev.attachment();
            if (!a.bound) {
                throw new IllegalStateException("unbind of device '" + dev.name() + "' refused: it is not bound to a driver");
            }
            if (a.unbinding) {
                throw new IllegalStateException("unbind of device '" + dev.name() + "' refused: its unbind is already running "
                        + "(called from remove() or a devres action) — a binding ends once");
            }
            dev.bus().core().unbind(dev, failures, "unbind", dev.bus().policy());
        } finally {
            dev.unlockDevice();
        }
        failures.throwIfAny("unbind of device '" + dev.name() + "'");
    }
}
