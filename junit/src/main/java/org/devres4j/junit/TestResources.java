package org.devres4j.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.devres4j.core.Handle;
import org.devres4j.core.LeakDetector;
import org.devres4j.core.Managed;
import org.devres4j.core.ReleaseFailedException;
import org.devres4j.core.ResourceList;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;

/**
 * One test's resources: KUnit's test-managed resources for Java. {@link DevresExtension} gives each
 * test its own, as a parameter of the test method or of a {@code @BeforeEach} method.
 *
 * <p><b>Lifetime:</b> everything registered here lives until the test ends — passed, failed or aborted
 * — and is then released exactly once; a device added here is deleted and its reference dropped, a
 * driver registered here is unregistered. After that the list is closed: a late add (from a thread the
 * test left running) runs at once and fails. <b>Order:</b> newest first, the reverse of registration,
 * all kinds together (a device added after a driver is deleted before the driver goes); then the leak
 * check: every object tracked by {@link #leakDetector()} must have been closed, every device added
 * here must be freed, and no leak may have been reported while the test ran. <b>Concurrency:</b>
 * safe from the test's threads; actions run on the thread that ends the test, never under a lock.
 *
 * <pre>{@code
 * @ExtendWith(DevresExtension.class)
 * class PortTest {
 *     @Test
 *     void readsAfterProbe(TestResources res) {
 *         Bus bus = new Bus("test");
 *         res.registerDriver(bus, new PortDriver());
 *         Device port = res.addDevice(bus, "port0");   // deleted and put when the test ends
 *         res.addAction("dump-trace", () -> System.out.println(trace));
 *     }
 * }
 * }</pre>
 */
public final class TestResources {

    /** A cleanup step: KUnit's {@code kunit_action_t}, which may throw. */
    @FunctionalInterface
    public interface Action {
        /**
         * Cleans up.
         *
         * @throws Exception a failure; it fails the test, and every other action still runs
         */
        void run() throws Exception;
    }

    private final String testName;
    private final ResourceList<TestResources> list;
    private final LeakDetector leaks;
    private final List<Device> devices = new ArrayList<>();

    TestResources(String testName) {
        this.testName = testName;
        this.list = ResourceList.create(this, "test '" + testName + "'");
        this.leaks = LeakDetector.create("test-scoped object of '" + testName + "'", LeakDetector.Mode.DEBUG);
    }

    /** @return the test's display name */
    public String testName() {
        return testName;
    }

    /**
     * Registers an action run when the test ends (KUnit's {@code kunit_add_action}).
     *
     * @param name   the name failures print
     * @param action the action
     * @return its handle, for {@link #removeAction} and {@link #releaseAction}
     * @throws IllegalStateException if the test already ended; the action ran at once
     */
    public Handle addAction(String name, Action action) {
        Objects.requireNonNull(name, "addAction on " + list.ownerName() + ": the name must not be null");
        Objects.requireNonNull(action, "addAction '" + name + "' on " + list.ownerName() + ": the action must not be null");
        return list.addOrReset(name, t -> action.run());
    }

    /**
     * Drops an action without running it (KUnit's {@code kunit_remove_action}).
     *
     * @param handle what {@link #addAction} returned
     * @throws IllegalArgumentException if it is not this test's
     * @throws IllegalStateException    if it already ran or was removed
     */
    public void removeAction(Handle handle) {
        list.remove(handle);
    }

    /**
     * Runs an action now and drops it (KUnit's {@code kunit_release_action}).
     *
     * @param handle what {@link #addAction} returned
     * @throws ReleaseFailedException if the action threw
     */
    public void releaseAction(Handle handle) {
        list.release(handle);
    }

    /**
     * Closes a resource when the test ends.
     *
     * @param name     the name failures print
     * @param resource the resource (a file, a socket, an {@link org.devres4j.core.Unpluggable}, ...)
     * @param <T>      its type
     * @return the resource
     */
    public <T extends AutoCloseable> T closeAtEnd(String name, T resource) {
        Objects.requireNonNull(resource, "closeAtEnd '" + name + "' on " + list.ownerName() + ": the resource must not be null");
        addAction(name, resource::close);
        return resource;
    }

    /**
     * Allocates a value that is poisoned when the test ends (KUnit's {@code kunit_kzalloc}): a read
     * from a thread the test left behind fails loudly instead of reading stale state.
     *
     * @param name     the name reports print
     * @param supplier creates the value
     * @param <T>      its type
     * @return the managed value
     */
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier) {
        return list.alloc(name, supplier);
    }

    /**
     * A leak detector in debug mode for this test: every object tracked with it must have been closed
     * when the test ends, or the test fails with where it was allocated and what last held it.
     *
     * @return the test's detector
     */
    public LeakDetector leakDetector() {
        return leaks;
    }

    /**
     * Creates and adds a device; when the test ends it is deleted (unbinding it, releasing its devres)
     * and the reference returned here is dropped — after which it must be freed, or the leak check fails.
     * The test must not drop that reference itself.
     *
     * @param bus  the bus
     * @param name the device name
     * @return the added device
     */
    public Device addDevice(Bus bus, String name) {
        return addDevice(bus, name, null);
    }

    /**
     * Creates and adds a device with a parent; see {@link #addDevice(Bus, String)}.
     *
     * @param bus    the bus
     * @param name   the device name
     * @param parent its parent, or null
     * @return the added device
     */
    public Device addDevice(Bus bus, String name, Device parent) {
        Objects.requireNonNull(bus, "addDevice '" + name + "' on " + list.ownerName() + ": the bus must not be null");
        Device dev = bus.newDevice(name, parent);
        try {
            dev.add();
        } catch (RuntimeException e) {
            dev.put();
            throw e;
        }
        synchronized (devices) {
            devices.add(dev);
        }
        addAction("device '" + name + "'", () -> {
            try {
                if (!dev.isDeleted()) {
                    dev.del();
                }
            } finally {
                dev.put();
            }
        });
        return dev;
    }

    /**
     * Registers a driver (it probes every matching device at once) and unregisters it when the test
     * ends, unless the test did.
     *
     * @param bus    the bus
     * @param driver the driver
     * @param <D>    the driver type
     * @return the driver
     */
    public <D extends Driver> D registerDriver(Bus bus, D driver) {
        Objects.requireNonNull(bus, "registerDriver on " + list.ownerName() + ": the bus must not be null");
        bus.registerDriver(driver);
        addAction("driver '" + driver.name() + "'", () -> {
            if (bus.drivers().contains(driver)) {
                bus.unregisterDriver(driver);
            }
        });
        return driver;
    }

    /** @return the names of what is registered now, oldest first */
    public List<String> names() {
        return list.names();
    }

    // ------------------------------------------------------------------ end of test, for the extension

    /** Releases everything newest first and closes the list; returns the failure, if any. */
    ReleaseFailedException releaseAll() {
        try {
            list.releaseAllAndClose("end of " + list.ownerName());
            return null;
        } catch (ReleaseFailedException e) {
            return e;
        }
    }

    /** What the test leaked: open trackers and devices not freed, one paragraph each. */
    List<String> leakCheck() {
        List<String> out = new ArrayList<>();
        for (LeakDetector.Leak open : leaks.openTrackers()) {
            out.add(open.stillOpenReport());
        }
        List<Device> mine;
        synchronized (devices) {
            mine = List.copyOf(devices);
        }
        for (Device d : mine) {
            if (!d.isFreed()) {
                out.add("LEAK: device '" + d.name() + "' is not freed at the end of the test: reference count "
                        + d.refCount() + " after the test's own reference was dropped — a get() without its put()"
                        + (d.devres().isEmpty() ? "" : "; it still holds " + d.devres().names()));
            }
        }
        return out;
    }
}
