package org.devres4j.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;

/**
 * A kernel device as a {@link SysfsBus} mirrors it: its name, identity and sysfs directory, whether the
 * kernel still has it, which driver is bound, what its devres list holds, and how its reads went.
 *
 * <p><b>Lifetime:</b> from the kernel's add (or the coldplug enumeration) until the kernel's remove, when
 * the bus unplugs it and it stops being {@linkplain #isPresent() present}; the object stays readable
 * afterwards (its counters are final then). A device added again under the same name is a new object.
 * <b>Order:</b> plugged → (bound → unbound)* → unplugged. <b>Concurrency:</b> thread-safe; counters are
 * cumulative and may be read at any time.
 */
public final class SysfsDevice {

    private final KernelEvent added;
    private final Path directory;
    private final long inode;
    private final long plugOrder;
    final Device device;
    private volatile boolean present = true;
    /* non-null while a driver's probe runs and while it is bound; set and cleared by the driver adapter */
    volatile SysfsBinding binding;
    private final LongAdder reads = new LongAdder();
    private final LongAdder raced = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    SysfsDevice(KernelEvent added, Path directory, long inode, long plugOrder, Device device) {
        this.added = added;
        this.directory = directory;
        this.inode = inode;
        this.plugOrder = plugOrder;
        this.device = device;
    }

    /** @return the name, e.g. {@code veth0} */
    public String name() {
        return added.name();
    }

    /** @return the subsystem, e.g. {@code net} */
    public String subsystem() {
        return added.subsystem();
    }

    /** @return what tells it apart from an earlier device of the same name ({@code ifindex 7} for a network device) */
    public String identity() {
        return added.identity();
    }

    /** @return the path under {@code /sys}, e.g. {@code /devices/virtual/net/veth0} */
    public String devpath() {
        return added.devpath();
    }

    /** @return the properties of the event that brought it (or of its {@code uevent} file) */
    public Map<String, String> properties() {
        return added.properties();
    }

    /** @return its directory, {@code <sysfs>/class/<subsystem>/<name>} */
    public Path directory() {
        return directory;
    }

    /** @return the kernfs inode number of its directory when it was plugged */
    long inode() {
        return inode;
    }

    /** @return the order in which the bus plugged it (1, 2, ...) */
    public long plugOrder() {
        return plugOrder;
    }

    /** @return whether the kernel still has it (false once the bus unplugged it) */
    public boolean isPresent() {
        return present;
    }

    void markGone() {
        present = false;
    }

    /** @return the name of the bound driver, if one is bound */
    public Optional<String> driverName() {
        return device.driver().map(Driver::name);
    }

    /** @return the failure of the latest probe, cleared by a successful one */
    public Optional<Throwable> lastProbeError() {
        return device.lastProbeError();
    }

    /** @return the names of the resources on its devres list, oldest first (empty when unbound) */
    public List<String> devres() {
        return device.devres().names();
    }

    /**
     * Reads one of its attribute files directly, without a binding — for matching. A driver reads through
     * {@link Attribute}s instead.
     *
     * @param attribute the path relative to its directory, e.g. {@code type}
     * @return the value without its trailing newline, or empty if it cannot be read
     */
    public Optional<String> readAttribute(String attribute) {
        try {
            return Optional.of(Files.readString(SysfsBinding.resolve(this, attribute)).strip());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return reads that entered the gate */
    public long reads() {
        return reads.sum();
    }

    /** @return reads whose section met the kernel's removal (the file answered ENODEV or vanished) */
    public long racedReads() {
        return raced.sum();
    }

    /** @return reads refused because the gate was already shut */
    public long refusedReads() {
        return refused.sum();
    }

    /** @return reads the kernel answered with an error while the device was there */
    public long failedReads() {
        return failed.sum();
    }

    void countRead() {
        reads.increment();
    }

    void countRaced() {
        raced.increment();
    }

    void countRefused() {
        refused.increment();
    }

    void countFailed() {
        failed.increment();
    }

    @Override
    public String toString() {
        return "SysfsDevice[" + name() + ", " + identity() + (present ? "" : ", gone")
                + driverName().map(d -> ", bound to " + d).orElse("")
                + lastProbeError().map(e -> ", probe failed: " + e).orElse("") + "]";
    }
}
