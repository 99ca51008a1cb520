package org.devres4j.core;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The base of a typed front-end over an owner's {@link ResourceList}: devres for a device, drmm for a
 * DRM device. It gives users every per-resource operation of the list — add, addOrReset, remove,
 * release, find, managed values and buffers, groups, queries — and keeps the whole-list releases
 * ({@code releaseAll}, {@code releaseAllAndClose}) for the owner's own lifecycle code.
 *
 * <p><b>Lifetime:</b> the owner decides when its list is released (unbind, last put); a front-end
 * never does. <b>Order:</b> as the list: newest first, groups as a unit. <b>Concurrency:</b> as the
 * list: every method is thread-safe and no action runs under a lock.
 *
 * <p>The owner type parameter is what makes the seeds' classic mix-up a compile error: a front-end
 * for {@code Device} takes only {@code Release<? super Device>}. A subclass may refuse adds in some
 * states (a strict devres mode, say) by overriding {@link #admit(String)}: every add, allocation and
 * group opening asks it first, and {@code addOrReset} runs the action at once when it refuses.
 *
 * @param <O> the owner type
 */
public abstract class ManagedResources<O> {

    private final ResourceList<O> list;

    /**
     * Wraps an owner's list.
     *
     * @param list the owner's list
     */
    protected ManagedResources(ResourceList<O> list) {
        if (list == null) {
            throw new NullPointerException("ManagedResources: the list must not be null");
        }
        this.list = list;
    }

    /** @return the owner's list, for the owner's lifecycle code (whole-list releases) */
    protected final ResourceList<O> list() {
        return list;
    }

    /**
     * Decides whether an add may proceed. The default admits everything.
     *
     * @param op what is being added, for the message (e.g. {@code "add of 'irq'"})
     * @return null to admit, or the exception to throw (nothing is added)
     */
    protected RuntimeException admit(String op) {
        return null;
    }

    private void requireName(String name, String op) {
        if (name == null) {
            throw new NullPointerException(op + " on '" + ownerName() + "': the name must not be null");
        }
    }

    private void require(String op) {
        RuntimeException refused = admit(op);
        if (refused != null) {
            throw refused;
        }
    }

    /** @return the owner's name, as traces and reports print it */
    public final String ownerName() {
        return list.ownerName();
    }

    /**
     * Adds an action named by {@link Release#name()}. See {@link ResourceList#add(Release)}.
     *
     * @param action the action
     * @return its handle
     */
    public Handle add(Release<? super O> action) {
        require("add");
        return list.add(action);
    }

    /**
     * Adds a named action. See {@link ResourceList#add(String, Release)}.
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @return its handle
     */
    public Handle add(String name, Release<? super O> action) {
        requireName(name, "add");
        require("add of '" + name + "'");
        return list.add(name, action);
    }

    /**
     * Adds an action with data, findable by the pair. See {@link ResourceList#add(String, DataRelease, Object)}.
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @param data   its data
     * @param <D>    the data type
     * @return its handle
     */
    public <D> Handle add(String name, DataRelease<? super O, D> action, D data) {
        requireName(name, "add");
        require("add of '" + name + "'");
        return list.add(name, action, data);
    }

    /**
     * Adds an action, or runs it at once and throws if it cannot be added (refused by {@link #admit}, or
     * the list is closed). See {@link ResourceList#addOrReset(String, Release)}.
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @return its handle
     */
    public Handle addOrReset(String name, Release<? super O> action) {
        requireName(name, "addOrReset");
        if (action == null) {
            throw new NullPointerException("addOrReset on '" + ownerName() + "': the action must not be null");
        }
        RuntimeException refused = admit("addOrReset of '" + name + "'");
        if (refused != null) {
            runNow(action, refused);
            throw refused;
        }
        return list.addOrReset(name, action);
    }

    /**
     * The pair form of {@link #addOrReset(String, Release)}.
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @param data   its data
     * @param <D>    the data type
     * @return its handle
     */
    public <D> Handle addOrReset(String name, DataRelease<? super O, D> action, D data) {
        requireName(name, "addOrReset");
        if (action == null) {
            throw new NullPointerException("addOrReset on '" + ownerName() + "': the action must not be null");
        }
        RuntimeException refused = admit("addOrReset of '" + name + "'");
        if (refused != null) {
            runNow(owner -> action.release(owner, data), refused);
            throw refused;
        }
        return list.addOrReset(name, action, data);
    }

    private void runNow(Release<? super O> action, RuntimeException refused) {
        try {
            action.release(list.owner());
        } catch (Exception e) {
            refused.addSuppressed(e);
        }
    }

    /**
     * Drops a resource without running it. See {@link ResourceList#remove(Handle)}.
     *
     * @param handle a live handle of this list
     */
    public void remove(Handle handle) {
        list.remove(handle);
    }

    /**
     * Runs a resource now, then drops it. See {@link ResourceList#release(Handle)}.
     *
     * @param handle a live handle of this list
     */
    public void release(Handle handle) {
        list.release(handle);
    }

    /**
     * Whether a handle is live on this list.
     *
     * @param handle any handle
     * @return true if it is on this list
     */
    public boolean contains(Handle handle) {
        return list.contains(handle);
    }

    /**
     * Finds the newest resource added with this pair. See {@link ResourceList#find}.
     *
     * @param action the action
     * @param data   the data
     * @param <D>    the data type
     * @return its handle, if any
     */
    public <D> Optional<Handle> find(DataRelease<? super O, D> action, D data) {
        return list.find(action, data);
    }

    /**
     * Drops the newest resource added with this pair, without running it.
     *
     * @param action the action
     * @param data   the data
     * @param <D>    the data type
     */
    public <D> void remove(DataRelease<? super O, D> action, D data) {
        list.remove(action, data);
    }

    /**
     * Runs the newest resource added with this pair now, then drops it.
     *
     * @param action the action
     * @param data   the data
     * @param <D>    the data type
     */
    public <D> void release(DataRelease<? super O, D> action, D data) {
        list.release(action, data);
    }

    /**
     * Allocates a value owned by the list. See {@link ResourceList#alloc(String, Supplier)}.
     *
     * @param name     the name reports print
     * @param supplier creates the value
     * @param <T>      the value type
     * @return the managed value
     */
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier) {
        requireName(name, "alloc");
        require("alloc of '" + name + "'");
        return list.alloc(name, supplier);
    }

    /**
     * Allocates a value with a destructor. See {@link ResourceList#alloc(String, Supplier, Consumer)}.
     *
     * @param name       the name reports print
     * @param supplier   creates the value
     * @param destructor runs once at release
     * @param <T>        the value type
     * @return the managed value
     */
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier, Consumer<? super T> destructor) {
        requireName(name, "alloc");
        require("alloc of '" + name + "'");
        return list.alloc(name, supplier, destructor);
    }

    /**
     * Allocates a zero-filled buffer. See {@link ResourceList#allocBytes(String, long)}.
     *
     * @param name the name reports print
     * @param size the size in bytes
     * @return the buffer
     */
    public ManagedBuffer allocBytes(String name, long size) {
        requireName(name, "allocBytes");
        require("allocBytes of '" + name + "'");
        return list.allocBytes(name, size);
    }

    /**
     * Allocates a zero-filled array. See {@link ResourceList#allocArray(String, long, long)}.
     *
     * @param name        the name reports print
     * @param count       the number of elements
     * @param elementSize the element size
     * @return the buffer
     */
    public ManagedBuffer allocArray(String name, long count, long elementSize) {
        requireName(name, "allocArray");
        require("allocArray of '" + name + "'");
        return list.allocArray(name, count, elementSize);
    }

    /**
     * Opens a group. See {@link ResourceList#openGroup()}.
     *
     * @return the group
     */
    public Group openGroup() {
        require("openGroup");
        return list.openGroup();
    }

    /**
     * Opens a group with an id. See {@link ResourceList#openGroup(Object)}.
     *
     * @param id the id
     * @return the group
     */
    public Group openGroup(Object id) {
        require("openGroup");
        return list.openGroup(id);
    }

    /**
     * Closes a group. See {@link ResourceList#closeGroup(Object)}.
     *
     * @param id the group's id, the group, or null for the newest open group
     */
    public void closeGroup(Object id) {
        list.closeGroup(id);
    }

    /**
     * Dissolves a group, keeping its resources. See {@link ResourceList#removeGroup(Object)}.
     *
     * @param id the group's id, the group, or null for the newest open group
     */
    public void removeGroup(Object id) {
        list.removeGroup(id);
    }

    /**
     * Releases a group. See {@link ResourceList#releaseGroup(Object)}.
     *
     * @param id the group's id, the group, or null for the newest open group
     * @return the number of resources released
     */
    public int releaseGroup(Object id) {
        return list.releaseGroup(id);
    }

    /** @return the number of live resources */
    public int size() {
        return list.size();
    }

    /** @return whether no resources are live */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** @return the live resources' names, oldest first */
    public List<String> names() {
        return list.names();
    }

    /** @return what the owner still holds, oldest first */
    public LeakReport leakReport() {
        return list.leakReport();
    }

    /** @return whether the list was closed for good */
    public boolean isClosed() {
        return list.isClosed();
    }
}
