package org.devres4j.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/*
 * Design — the tables of one bus: Linux's subsys_private (bus.c's klist_devices and klist_drivers),
 * plus the device states that only change together with them (NEW → ADDED at device_add, → DELETING
 * at the start of device_del, → DELETED when its name is withdrawn) and the claim of a driver for a
 * device (dev->driver).
 *
 * Lifetime: as long as the bus. A device is live from its creation to its free; named from its add
 * to the end of its del; a child of its parent from its add to the end of its del.
 *
 * Order: devices by name in add order, live devices in creation order, children in add order,
 * drivers in registration order — every copy handed out keeps that order.
 *
 * Concurrency: one lock guards every table and every state transition here; it is never held while
 * a driver, an action or a listener runs, and nothing here calls out.
 */
final class BusTables {
    private final String bus;
    private final Object lock = new Object();
    /* @GuardedBy("lock") added devices by name, in add order */
    private final Map<String, Device> devices = new LinkedHashMap<>();
    /* @GuardedBy("lock") every created, not yet freed device */
    private final Set<Device> live = new LinkedHashSet<>();
    /* @GuardedBy("lock") added children of each added device, in add order */
    private final Map<Device, List<Device>> children = new LinkedHashMap<>();
    /* @GuardedBy("lock") */
    private final List<Driver> drivers = new ArrayList<>();

    BusTables(String bus) {
        this.bus = bus;
    }

    // ------------------------------------------------------------------ devices

    void track(Device dev) {
        synchronized (lock) {
            live.add(dev);
        }
    }

    void untrack(Device dev) {
        synchronized (lock) {
            live.remove(dev);
        }
    }

    Optional<Device> device(String name) {
        synchronized (lock) {
            return Optional.ofNullable(devices.get(name));
        }
    }

    List<Device> devices() {
        synchronized (lock) {
            return List.copyOf(devices.values());
        }
    }

    List<Device> liveDevices() {
        synchronized (lock) {
            return List.copyOf(live);
        }
    }

    /* device_add: the name is taken and the device is ADDED, or nothing changes */
    void register(Device dev) {
        synchronized (lock) {
            switch (dev.state) {
                case NEW:
                    break;
                case ADDED:
                    throw new IllegalStateException("add of device '" + dev.name() + "' refused: it was already added — "
                            + "a device is added once");
                default:
                    throw new IllegalStateException("add of device '" + dev.name() + "' refused: it was deleted — a "
                            + "deleted device cannot be added again; create a new one");
            }
            Device parent = dev.parent().orElse(null);
            if (parent != null && parent.state != Device.State.ADDED) {
                throw new IllegalStateException("add of device '" + dev.name() + "' refused: its parent '" + parent.name()
                        + "' is not added (" + parent.state + ") — a child is added under an added parent");
            }
            if (devices.containsKey(dev.name())) {
                throw new DeviceExistsException(dev.name(), bus, "add of device '" + dev.name() + "' refused: bus '" + bus
                        + "' already has a device named '" + dev.name() + "' (EEXIST) — names are unique per bus "
                        + "until the old device is deleted");
            }
            devices.put(dev.name(), dev);
            if (parent != null) {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(dev);
            }
            dev.state = Device.State.ADDED;
        }
    }

    /* start of del (or unregister, op): checks the state, marks DELETING, returns the added children (add order) */
    List<Device> markDeleting(Device dev, String op) {
        synchronized (lock) {
            switch (dev.state) {
                case ADDED:
                    break;
                case NEW:
                    throw new IllegalStateException(op + " of device '" + dev.name() + "' refused: it was never added");
                default:
                    throw new IllegalStateException(op + " of device '" + dev.name() + "' refused: it was already deleted — "
                            + "a device is deleted once");
            }
            dev.state = Device.State.DELETING;
            List<Device> kids = children.get(dev);
            return kids == null ? List.of() : List.copyOf(kids);
        }
    }

    /* end of del: the name is withdrawn */
    void unregister(Device dev) {
        synchronized (lock) {
            devices.remove(dev.name(), dev);
            children.remove(dev);
            dev.parent().ifPresent(p -> {
                List<Device> kids = children.get(p);
                if (kids != null) {
                    kids.remove(dev);
                }
            });
            dev.state = Device.State.DELETED;
        }
    }

    // ------------------------------------------------------------------ drivers

    /* registers a driver unless it, or one of its name, is already registered */
    void addDriver(Driver driver, String dn) {
        synchronized (lock) {
            for (Driver d : drivers) {
                if (d == driver) {
                    throw new IllegalStateException("registerDriver refused: driver '" + dn
                            + "' is already registered on bus '" + bus + "' — a driver is registered once");
                }
                if (d.name().equals(dn)) {
                    throw new IllegalStateException("registerDriver refused: bus '" + bus + "' already has a driver named '"
                            + dn + "' — driver names are unique per bus");
                }
            }
            drivers.add(driver);
        }
    }

    /* unregisters a driver; @return the live devices that had claimed it, in creation order */
    List<Device> removeDriver(Driver driver) {
        List<Device> claimedBy = new ArrayList<>();
        synchronized (lock) {
            if (!drivers.remove(driver)) {
                throw new IllegalArgumentException("unregisterDriver refused: driver '" + driver.name()
                        + "' is not registered on bus '" + bus + "'");
            }
            for (Device d : live) {
                if (d.attachment().driver == driver) {
                    claimedBy.add(d);
                }
            }
        }
        return claimedBy;
    }

    List<Driver> drivers() {
        synchronized (lock) {
            return List.copyOf(drivers);
        }
    }

    Optional<Driver> driver(String driverName) {
        synchronized (lock) {
            for (Driver d : drivers) {
                if (d.name().equals(driverName)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /* claims a driver for a device: only a registered driver (or the device's own faux driver) */
    boolean claim(Device dev, Driver d) {
        synchronized (lock) {
            Attachment a = dev.attachment();
            if (a.driver != null) {
                return false;
            }
            if (d != dev.fauxDriver && !drivers.contains(d)) {
                return false;
            }
            a.driver = d;
            return true;
        }
    }

    void unclaim(Device dev) {
        synchronized (lock) {
            dev.attachment().driver = null;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return devices.size() + " devices, " + drivers.size() + " drivers";
        }
    }
}
