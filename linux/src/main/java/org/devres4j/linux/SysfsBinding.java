package org.devres4j.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;
import org.devres4j.core.Gate;
import org.devres4j.core.ManagedResources;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;

/**
 * What a {@link SysfsDriver} holds while it is bound to a real device: the device, its devres list, and the
 * binding's gate, through which every read of the device's attribute files goes.
 *
 * <p><b>Lifetime:</b> made when a probe starts, valid through the probe, while bound, and through
 * {@code remove()} and the devres release after it. The gate is shut — every read in flight finished, every
 * later read refused — before {@code remove()} runs, whether the device was unplugged by the kernel or the
 * driver was unbound, and when a probe fails; so resources on the devres list (the open attribute files) are
 * never released under a reader. <b>Order:</b> gate shut → {@code remove()} → devres newest first.
 * <b>Concurrency:</b> {@link #openAttribute} and {@link #devres()} are for the probe (the driver core's
 * thread); attributes may then be read from any thread.
 */
public final class SysfsBinding {

    /** How long a probe waits for an attribute file of a device that is still being made. */
    static final long ATTRIBUTE_WAIT_NANOS = 1_000_000_000L;

    private final SysfsDevice device;
    private final BoundDevice bound;
    private final Gate gate;

    SysfsBinding(SysfsDevice device, BoundDevice bound) {
        this.device = device;
        this.bound = bound;
        this.gate = Gate.create(device.name());
    }

    /** @return the device */
    public SysfsDevice device() {
        return device;
    }

    /**
     * @return the device's devres list, for what the driver wants released at unbind
     * @throws IllegalStateException if the binding has ended
     */
    public ManagedResources<Device> devres() {
        return bound.devres();
    }

    /** @return whether the binding is still in force */
    public boolean isValid() {
        return bound.isValid();
    }

    /** @return whether the gate is shut (the device unplugged or the driver unbinding) */
    public boolean isShut() {
        return gate.isShut();
    }

    Gate gate() {
        return gate;
    }

    /**
     * Opens one of the device's attribute files for the life of the binding: its close goes on the devres
     * list (so it runs after {@code remove()}, newest first with the rest).
     *
     * @param attribute the path relative to the device directory, e.g. {@code statistics/rx_packets}
     * @return the open attribute
     * @throws IllegalArgumentException if the path is absolute, empty or contains {@code ..}
     * @throws IllegalStateException    if the binding has ended
     * @throws IOException              if the file cannot be opened, or the directory now belongs to another
     *                                  device of the same name. A file that does not exist yet while the
     *                                  device's directory is there (the kernel is still making the device, as
     *                                  a rescan can see) is waited for, at most 1 s
     */
    public Attribute openAttribute(String attribute) throws IOException {
        ManagedResources<Device> devres = bound.devres();
        Path path = resolve(device, attribute);
        Attribute a = openWhileMade(attribute, path);
        OptionalLong ino = Sysfs.inode(device.directory());
        if (ino.isEmpty() || ino.getAsLong() != device.inode()) {
            a.close();
            throw new IOException("openAttribute '" + attribute + "' of device '" + device.name() + "': the device "
                    + "is gone (its directory was removed or now belongs to another device of that name)");
        }
        devres.addOrReset("close " + attribute, d -> a.close());
        return a;
    }

    /*
     * A device found by a sysfs rescan (or the coldplug enumeration) may still be being made: the kernel
     * creates a device's directory before its attribute files. A missing file is waited for while the
     * directory is there with the same inode, at most ATTRIBUTE_WAIT; a removal ends the wait at once.
     */
    private Attribute openWhileMade(String attribute, Path path) throws IOException {
        long deadline = System.nanoTime() + ATTRIBUTE_WAIT_NANOS;
        while (true) {
            try {
                return new Attribute(this, attribute, path, device.inode());
            } catch (java.io.FileNotFoundException e) {
                OptionalLong ino = Sysfs.inode(device.directory());
                if (ino.isEmpty() || ino.getAsLong() != device.inode() || System.nanoTime() > deadline) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }
    }

    static Path resolve(SysfsDevice device, String attribute) {
        Objects.requireNonNull(attribute, "attribute of device '" + device.name() + "': the name must not be null");
        Path rel = Path.of(attribute);
        if (attribute.isBlank() || rel.isAbsolute() || rel.normalize().startsWith("..") || attribute.contains("..")) {
            throw new IllegalArgumentException("attribute '" + attribute + "' of device '" + device.name()
                    + "' is refused: it must be a relative path inside the device directory (no '..')");
        }
        return device.directory().resolve(rel);
    }

    @Override
    public String toString() {
        return "SysfsBinding[" + device.name() + (gate.isShut() ? ", shut" : "") + (bound.isValid() ? "" : ", ended") + "]";
    }
}
