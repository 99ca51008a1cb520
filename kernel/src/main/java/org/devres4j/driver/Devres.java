package org.devres4j.driver;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.devres4j.core.DataRelease;
import org.devres4j.core.Group;
import org.devres4j.core.Handle;
import org.devres4j.core.LeakReport;
import org.devres4j.core.Managed;
import org.devres4j.core.ManagedBuffer;
import org.devres4j.core.Release;
import org.devres4j.core.ResourceList;

/**
 * A device's devres list: resources tied to the binding of a driver to a {@link Device}, typed so that
 * only actions written for a {@code Device} (or a supertype) compile — a {@code Release<DrmDevice>}
 * cannot be added here.
 *
 * <p><b>Lifetime (when the list is released):</b> when a probe fails or defers; at every unbind, right
 * after the driver's {@code remove()}; at {@link Device#del()} again (also for a device that never had a
 * driver — except under {@link DriverModelPolicy#LEGACY_2020}); and once more at the last
 * {@link Device#put()}, after which the list is closed for good and every add is refused. The list is
 * reused by the next probe. Users never release the whole list themselves: the driver core does.
 *
 * <p><b>Order:</b> newest first (LIFO); a group releases as a unit.
 *
 * <p><b>Concurrency:</b> every method is thread-safe and never runs an action under a lock. An add made
 * while a release is running lands in the next release. A failing action never stops the others; the
 * driver core reports every failure with the device and the action name.
 *
 * <p><b>Strict mode:</b> with {@link Bus#setStrictDevres(boolean)} on, every add (action, value, buffer,
 * group) to a device without a binding (no probe running, not bound) is refused with an
 * {@link IllegalStateException} — Rust-for-Linux's rule that only a bound device takes devres.
 * {@code addOrReset} then runs the action at once before throwing. Off by default, as upstream C.
 */
public final class Devres {
    private final Device device;
    private final ResourceList<Device> list;

    Devres(Device device, ResourceList<Device> list) {
        this.device = device;
        this.list = list;
    }

    /** @return the device that owns this list */
    public Device device() {
        return device;
    }

    // ------------------------------------------------------------------ actions

    /**
     * Adds an action named by {@link Release#name()} ({@code devm_add_action}).
     *
     * @param action the action
     * @return its handle
     * @throws IllegalStateException in strict mode on an unbound device; ListClosedException after the last put
     */
    public Handle add(Release<? super Device> action) {
        admit("add");
        return list.add(action);
    }

    /**
     * Adds a named action ({@code devm_add_action}).
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @return its handle
     * @throws IllegalStateException in strict mode on an unbound device; ListClosedException after the last put
     */
    public Handle add(String name, Release<? super Device> action) {
        admit("add of '" + name + "'");
        return list.add(name, action);
    }

    /**
     * Adds an action with data, findable by the pair (action, data).
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @param data   its data
     * @param <D>    the data type
     * @return its handle
     */
    public <D> Handle add(String name, DataRelease<? super Device, D> action, D data) {
        admit("add of '" + name + "'");
        return list.add(name, action, data);
    }

    /**
     * Adds an action, or runs it at once and throws if it cannot be added ({@code devm_add_action_or_reset}).
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @return its handle
     */
    public Handle addOrReset(String name, Release<? super Device> action) {
        Objects.requireNonNull(action, "addOrReset on device '" + device.name() + "': the action must not be null");
        RuntimeException refused = refusal("addOrReset of '" + name + "'");
        if (refused != null) {
            runNow(action, refused);
            throw refused;
        }
        return list.addOrReset(name, action);
    }

    /**
     * The (action, data) form of {@link #addOrReset(String, Release)}.
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @param data   its data
     * @param <D>    the data type
     * @return its handle
     */
    public <D> Handle addOrReset(String name, DataRelease<? super Device, D> action, D data) {
        Objects.requireNonNull(action, "addOrReset on device '" + device.name() + "': the action must not be null");
        RuntimeException refused = refusal("addOrReset of '" + name + "'");
        if (refused != null) {
            runNow(owner -> action.release(owner, data), refused);
            throw refused;
        }
        return list.addOrReset(name, action, data);
    }

    private void runNow(Release<? super Device> action, RuntimeException refused) {
        try {
            action.release(device);
        } catch (Exception e) {
            refused.addSuppressed(e);
        }
    }

    /**
     * Drops a resource without running it ({@code devm_remove_action}).
     *
     * @param handle a live handle of this list
     */
    public void remove(Handle handle) {
        list.remove(handle);
    }

    /**
     * Runs a resource now, then drops it ({@code devm_release_action}).
     *
     * @param handle a live handle of this list
     */
    public void release(Handle handle) {
        list.release(handle);
    }

    /**
     * @param handle any handle
     * @return whether it is live on this list ({@code devm_is_action_added})
     */
    public boolean contains(Handle handle) {
        return list.contains(handle);
    }

    /**
     * @param action the action, by identity
     * @param data   the data, by identity
     * @param <D>    the data type
     * @return the newest live resource with this pair
     */
    public <D> Optional<Handle> find(DataRelease<? super Device, D> action, D data) {
        return list.find(action, data);
    }

    /**
     * Drops the newest resource with this pair without running it.
     *
     * @param action the action
     * @param data   the data
     * @param <D>    the data type
     */
    public <D> void remove(DataRelease<? super Device, D> action, D data) {
        list.remove(action, data);
    }

    /**
     * Runs the newest resource with this pair now, then drops it.
     *
     * @param action the action
     * @param data   the data
     * @param <D>    the data type
     */
    public <D> void release(DataRelease<? super Device, D> action, D data) {
        list.release(action, data);
    }

    // ------------------------------------------------------------------ managed values

    /**
     * Allocates a value owned by the binding ({@code devm_kzalloc}); poisoned when released.
     *
     * @param name     the name reports print
     * @param supplier creates the value
     * @param <T>      the value type
     * @return the managed value
     */
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier) {
        admit("alloc of '" + name + "'");
        return list.alloc(name, supplier);
    }

    /**
     * Allocates a value with a destructor.
     *
     * @param name       the name reports print
     * @param supplier   creates the value
     * @param destructor runs once at release
     * @param <T>        the value type
     * @return the managed value
     */
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier, Consumer<? super T> destructor) {
        admit("alloc of '" + name + "'");
        return list.alloc(name, supplier, destructor);
    }

    /**
     * @param name the name reports print
     * @param size bytes, 1 to {@link ResourceList#MAX_BUFFER}
     * @return a zero-filled buffer
     */
    public ManagedBuffer allocBytes(String name, long size) {
        admit("allocBytes of '" + name + "'");
        return list.allocBytes(name, size);
    }

    /**
     * @param name        the name reports print
     * @param count       elements
     * @param elementSize bytes per element
     * @return a zero-filled buffer ({@code devm_kcalloc})
     */
    public ManagedBuffer allocArray(String name, long count, long elementSize) {
        admit("allocArray of '" + name + "'");
        return list.allocArray(name, count, elementSize);
    }

    // ------------------------------------------------------------------ groups

    /** @return a new open group ({@code devres_open_group}) */
    public Group openGroup() {
        admit("openGroup");
        return list.openGroup();
    }

    /**
     * @param id the group id; null means the group itself
     * @return a new open group
     */
    public Group openGroup(Object id) {
        admit("openGroup");
        return list.openGroup(id);
    }

    /** @param id the group or its id; null means the newest open group */
    public void closeGroup(Object id) {
        list.closeGroup(id);
    }

    /** @param id the group or its id; its markers go, its resources stay */
    public void removeGroup(Object id) {
        list.removeGroup(id);
    }

    /**
     * @param id the group or its id
     * @return the number of resources released
     */
    public int releaseGroup(Object id) {
        return list.releaseGroup(id);
    }

    // ------------------------------------------------------------------ queries

    /** @return the number of live resources */
    public int size() {
        return list.size();
    }

    /** @return whether nothing is held */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** @return the names of the live resources, oldest first */
    public List<String> names() {
        return list.names();
    }

    /** @return what the device still holds, oldest first */
    public LeakReport leakReport() {
        return list.leakReport();
    }

    /** @return whether the list was closed for good (the device was freed) */
    public boolean isClosed() {
        return list.isClosed();
    }

    @Override
    public String toString() {
        return "Devres[" + device.name() + ", " + list.size() + " live]";
    }

    // ------------------------------------------------------------------ internal

    ResourceList<Device> list() {
        return list;
    }

    private void admit(String op) {
        RuntimeException refused = refusal(op);
        if (refused != null) {
            throw refused;
        }
    }

    private RuntimeException refusal(String op) {
        if (device.bus().isStrictDevres() && !device.hasBinding()) {
            return new IllegalStateException("devres " + op + " on device '" + device.name()
                    + "' refused: strict devres mode is on and the device is not bound to a driver — only a "
                    + "bound device takes devres (Rust-for-Linux Device<Bound>)");
        }
        return null;
    }
}
