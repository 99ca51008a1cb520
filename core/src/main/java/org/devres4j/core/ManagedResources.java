package org.devres4j.core;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a driver sees of its owner's resource list: every per-resource operation — add, addOrReset,
 * remove, release, lookups, managed values and buffers, groups, queries — and none of the owner's
 * whole-list ones. The owner holds the wider {@link ResourceList} view of the same object (release
 * everything, close for good, leak report); devres hands drivers a {@code ManagedResources<Device>},
 * drmm a {@code ManagedResources<DrmDevice>}.
 *
 * <p><b>Lifetime:</b> each resource is released exactly once — by {@link #release(Handle)}, by a group
 * release, or when the owner releases the whole list (unbind, last put) — unless it is removed first,
 * in which case it never runs. The owner decides when the list is released; a driver never releases
 * the whole list. Once the owner closed the list for good every add is refused with a
 * {@link ListClosedException} ({@code addOrReset} runs the action at once); an owner may also refuse
 * adds in some states through its {@link AdmissionPolicy}.
 *
 * <p><b>Order:</b> releases run newest first (LIFO), the reverse of registration; a group releases
 * everything added from its open marker to its close marker, nested groups included.
 *
 * <p><b>Concurrency:</b> every method is thread-safe; no action, name, supplier, destructor or
 * listener runs under the list's lock, so actions may call back into the list. An add that happens
 * while a release is running lands in the next release. A failing action never stops the others.
 *
 * <p><b>Cost:</b> an add is one allocation (24 bytes for a plain action) and one CAS; releasing or
 * removing one resource by its handle is O(1) whatever the list's size; lookups by pair, match, name or
 * group walk the list newest first, as the kernel's do. Registration numbers (the {@code #n} of traces and
 * reports) are given to adds made while someone listens — a per-list listener, global tracing, a JFR
 * recording — or in debug mode; other resources have none.
 *
 * <p>The owner type parameter is what makes the seeds' classic mix-up a compile error: the list of a
 * {@code Device} takes only {@code Release<? super Device>}. Bad input — null, an unknown or foreign
 * handle, a double release, an unknown group, a size out of range — is refused with an exception
 * naming the owner and the rule, and leaves the list exactly as it was.
 *
 * @param <O> the owner type
 */
public interface ManagedResources<O> {

    /** @return the owner */
    O owner();

    /** @return the owner's name as traces and reports print it */
    String ownerName();

    // ------------------------------------------------------------------ actions

    /**
     * Adds an action named by {@link Release#name()} (the kernel's {@code devm_add_action}).
     *
     * @param action the action
     * @return its handle
     * @throws ListClosedException if the list was closed for good
     */
    Handle add(Release<? super O> action);

    /**
     * Adds a release action and keeps no handle for it: the kernel's {@code devm_add_action} when the
     * caller never removes the action again — the cheapest add.
     *
     * <p><b>Lifetime:</b> the action is released exactly once, by the next whole-list release or by the
     * release of a group it was added in; if the list was closed for good it is refused, as {@link #add(Release)}
     * refuses it, and never runs. It cannot be released or removed on its own: there is no handle, and a
     * plain {@link Release} carries no data to find it by ({@link #find}, {@link #remove(DataRelease, Object)}
     * and the match lookups never see it). Use {@link #add(Release)} for an action you may take back.
     *
     * <p><b>Order:</b> LIFO with every other add of the list: it runs before everything added before it and
     * after everything added after it.
     *
     * <p><b>Concurrency:</b> as the list's kind — any thread on a shared list, the owner thread only on a
     * confined one. On a shared list, and on any list while it is traced (a listener, global tracing, a JFR
     * recording or debug stacks), this is exactly {@link #add(Release)} with the handle dropped, so traces,
     * registration numbers and stacks stay one per action. A confined list that nobody traces stores the
     * action in a slot of a block of up to 16 actions at the head of the list instead of a 24-byte node of
     * its own: about 7 bytes per action. {@link #size()}, {@link #names()} and leak reports count and list
     * such actions one by one, named by {@link Release#name()}.
     *
     * @param action the action
     * @throws ListClosedException if the list was closed for good
     * @throws ListConfinementException if the list is confined and this is not its owner thread
     */
    void addAction(Release<? super O> action);

    /**
     * Adds a named action.
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @return its handle
     * @throws ListClosedException if the list was closed for good
     */
    Handle add(String name, Release<? super O> action);

    /**
     * Adds an action with a data argument, findable again by the pair (action, data).
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @param data   its data (may be null)
     * @param <D>    the data type
     * @return its handle
     * @throws ListClosedException if the list was closed for good
     */
    <D> Handle add(String name, DataRelease<? super O, D> action, D data);

    /**
     * Adds an action, or — if the list cannot take it because it was closed for good — runs the
     * action at once and throws (the kernel's {@code devm_add_action_or_reset}).
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @return its handle
     * @throws ListClosedException after running the action, if the list was closed; a failure of
     *                             the action itself is attached as suppressed
     */
    Handle addOrReset(String name, Release<? super O> action);

    /**
     * The pair form of {@link #addOrReset(String, Release)}.
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @param data   its data
     * @param <D>    the data type
     * @return its handle
     * @throws ListClosedException after running the action, if the list was closed
     */
    <D> Handle addOrReset(String name, DataRelease<? super O, D> action, D data);

    /**
     * Drops a resource without running it (the kernel's {@code devm_remove_action}).
     *
     * @param handle a live handle of this list
     * @throws IllegalArgumentException if the handle belongs to another list
     * @throws IllegalStateException    if it was already released or removed
     */
    void remove(Handle handle);

    /**
     * Runs a resource's action now, then drops it (the kernel's {@code devm_release_action}).
     *
     * @param handle a live handle of this list
     * @throws IllegalArgumentException if the handle belongs to another list
     * @throws IllegalStateException    if it was already released or removed
     * @throws ReleaseFailedException   if the action threw (it is dropped all the same)
     */
    void release(Handle handle);

    /**
     * Whether a handle is live on this list (the kernel's {@code devm_is_action_added}).
     *
     * @param handle any handle
     * @return true if it is on this list
     */
    boolean contains(Handle handle);

    /**
     * Finds the newest live resource added with exactly this (action, data) pair.
     *
     * @param action the action, compared by identity
     * @param data   the data, compared by identity
     * @param <D>    the data type
     * @return its handle, if any
     */
    <D> Optional<Handle> find(DataRelease<? super O, D> action, D data);

    /**
     * Drops the newest resource added with this pair, without running it.
     *
     * @param action the action
     * @param data   the data
     * @param <D>    the data type
     * @throws IllegalArgumentException if no such pair is on the list
     */
    <D> void remove(DataRelease<? super O, D> action, D data);

    /**
     * Runs the newest resource added with this pair now, with its data, then drops it.
     *
     * @param action the action
     * @param data   the data
     * @param <D>    the data type
     * @throws IllegalArgumentException if no such pair is on the list
     * @throws ReleaseFailedException   if the action threw
     */
    <D> void release(DataRelease<? super O, D> action, D data);

    // ------------------------------------------------------------------ lookups by match (devres.c)

    /**
     * Finds the newest resource added with {@code action} (by identity) whose data {@code match} accepts,
     * and returns its data — the kernel's {@code devres_find}. The resource stays on the list.
     *
     * <p>{@code match} runs outside the list's lock, newest resource first; it may run more than once for
     * one call (when the list changed meanwhile) and must have no side effects. A null {@code match}
     * accepts every resource of the action, as in the kernel. A resource whose data is null is found, but
     * reads as empty: use non-null data with this family.
     *
     * @param action the action the resource was added with
     * @param match  accepts the data of the resource wanted; null accepts any
     * @param <D>    the data type
     * @return the data of the newest matching resource, or empty
     * @throws NullPointerException if {@code action} is null, naming the owner
     */
    <D> Optional<D> findMatch(DataRelease<? super O, D> action, Predicate<? super D> match);

    /**
     * Finds the newest resource matching as {@link #findMatch}, or — if none matches — adds
     * {@code (name, action, data)}, atomically: of two racing calls with matching data, one adds and the
     * other finds it (the kernel's {@code devres_get}; the data not added is simply not used).
     *
     * @param name   the name traces and reports print, if it is added
     * @param action the action
     * @param data   the data to add if none matches
     * @param match  accepts the data of an existing resource; null accepts any
     * @param <D>    the data type
     * @return the data of the matching resource found, or {@code data} itself if it was added
     * @throws ListClosedException if none matched and the list was closed for good
     */
    <D> D findOrAdd(String name, DataRelease<? super O, D> action, D data, Predicate<? super D> match);

    /**
     * Takes the newest matching resource off the list without running it and hands its data back: the
     * caller owns it from then on and must clean it up (the kernel's {@code devres_remove}). Traced as
     * DEL.
     *
     * @param action the action the resource was added with
     * @param match  accepts the data of the resource wanted; null accepts any
     * @param <D>    the data type
     * @return the data taken off the list, or empty if none matched (nothing changes)
     */
    <D> Optional<D> removeMatch(DataRelease<? super O, D> action, Predicate<? super D> match);

    /**
     * Takes the newest matching resource off the list and drops it: its action never runs (the kernel's
     * {@code devres_destroy}). Traced as DEL.
     *
     * @param action the action the resource was added with
     * @param match  accepts the data of the resource wanted; null accepts any
     * @param <D>    the data type
     * @return true if one was destroyed, false if none matched ({@code -ENOENT}; nothing changes)
     */
    <D> boolean destroyMatch(DataRelease<? super O, D> action, Predicate<? super D> match);

    /**
     * Takes the newest matching resource off the list and runs its action now, with its data (the
     * kernel's {@code devres_release}).
     *
     * @param action the action the resource was added with
     * @param match  accepts the data of the resource wanted; null accepts any
     * @param <D>    the data type
     * @return true if one was released, false if none matched ({@code -ENOENT}; nothing changes)
     * @throws ReleaseFailedException if the action threw (the resource is gone all the same)
     */
    <D> boolean releaseMatch(DataRelease<? super O, D> action, Predicate<? super D> match);

    // ------------------------------------------------------------------ named resources (KUnit)

    /**
     * Adds a named resource: an action whose name is unique among the named resources of this list
     * (KUnit's named resources). Plain adds with the same name do not count.
     *
     * @param name   the unique name
     * @param action the action
     * @return its handle
     * @throws ResourceExistsException if a named resource of that name is on the list ({@code -EEXIST});
     *                                 nothing is added
     * @throws ListClosedException     if the list was closed for good
     */
    Handle addNamed(String name, Release<? super O> action);

    /**
     * Finds the named resource of that name.
     *
     * @param name the name
     * @return its handle, if it is on the list
     */
    Optional<Handle> findNamed(String name);

    /**
     * Takes the named resource of that name off the list and runs its action now.
     *
     * @param name the name
     * @return true if it was released, false if no named resource has that name ({@code -ENOENT})
     * @throws ReleaseFailedException if the action threw (the resource is gone all the same)
     */
    boolean releaseNamed(String name);

    /**
     * Takes the named resource of that name off the list without running its action (KUnit's
     * {@code kunit_destroy_named_resource} for a resource that is not shared).
     *
     * @param name the name
     * @return true if it was destroyed, false if no named resource has that name ({@code -ENOENT})
     */
    boolean destroyNamed(String name);

    // ------------------------------------------------------------------ shared resources (KUnit)

    /**
     * Adds a value that others may hold beyond its place on the list (KUnit's reference-counted
     * resource): the list holds one reference; {@link SharedResource#get()} and {@link SharedResource#put()}
     * take and drop more. The list drops its reference when it releases the resource, and also when it
     * removes it ({@code remove}) — the free runs exactly once, at the last put, on that put's thread.
     * The caller holds no reference from this call.
     *
     * @param name  the name traces and reports print
     * @param value the value
     * @param free  runs once, at the last put (may be null)
     * @param <T>   the value type
     * @return the shared resource
     * @throws ListClosedException if the list was closed for good (nothing is added, free does not run)
     */
    <T> SharedResource<T> addShared(String name, T value, Consumer<? super T> free);

    // ------------------------------------------------------------------ managed values

    /**
     * Allocates a value owned by this list (the kernel's {@code devm_kzalloc}); it is poisoned when
     * the list releases it.
     *
     * @param name     the name reports print
     * @param supplier creates the value; called once, outside the lock
     * @param <T>      the value type
     * @return the managed value
     * @throws ListClosedException if the list was closed for good (the supplier is not called)
     */
    <T> Managed<T> alloc(String name, Supplier<? extends T> supplier);

    /**
     * Allocates a value with a destructor that runs when the list releases it.
     *
     * @param name       the name reports print
     * @param supplier   creates the value
     * @param destructor runs once at release
     * @param <T>        the value type
     * @return the managed value
     * @throws ListClosedException if the list was closed for good
     */
    <T> Managed<T> alloc(String name, Supplier<? extends T> supplier, Consumer<? super T> destructor);

    /**
     * Allocates a zero-filled buffer (the kernel's {@code devm_kzalloc(dev, size)}).
     *
     * @param name the name reports print
     * @param size the size in bytes, 1 to {@link #MAX_BUFFER}
     * @return the buffer
     * @throws IllegalArgumentException if the size is zero, negative or too large
     */
    ManagedBuffer allocBytes(String name, long size);

    /**
     * Allocates a zero-filled array of {@code count} elements of {@code elementSize} bytes (the
     * kernel's {@code devm_kcalloc}), refusing a product that overflows as {@code kmalloc_array} does.
     *
     * @param name        the name reports print
     * @param count       the number of elements, at least 1
     * @param elementSize the element size, at least 1
     * @return the buffer
     * @throws IllegalArgumentException if either is zero or negative, or the product overflows
     */
    ManagedBuffer allocArray(String name, long count, long elementSize);

    /** The largest buffer {@link #allocBytes} accepts: the JVM's practical array limit. */
    long MAX_BUFFER = Integer.MAX_VALUE - 8;

    // ------------------------------------------------------------------ groups

    /**
     * Opens a group whose id is the returned group itself.
     *
     * @return the group
     * @throws ListClosedException if the list was closed for good
     */
    Group openGroup();

    /**
     * Opens a group with a caller-chosen id (the kernel's {@code devres_open_group(dev, id)}).
     *
     * @param id the id; null means the group itself
     * @return the group
     * @throws ListClosedException if the list was closed for good
     */
    Group openGroup(Object id);

    /**
     * Closes a group: resources added later are outside it.
     *
     * @param id the group's id or the {@link Group} itself; null means the newest open group
     * @throws IllegalArgumentException if no such group is on the list
     * @throws IllegalStateException    if the group was already closed
     */
    void closeGroup(Object id);

    /**
     * Dissolves a group: its markers go, its resources stay on the list.
     *
     * @param id the group's id or the group; null means the newest open group
     * @throws IllegalArgumentException if no such group is on the list
     */
    void removeGroup(Object id);

    /**
     * Releases a group: every resource from its open marker to its close marker (or to the end of the
     * list while it is open), including wholly nested groups, newest first.
     *
     * @param id the group's id or the group; null means the newest open group
     * @return the number of resources released
     * @throws IllegalArgumentException if no such group is on the list
     * @throws ReleaseFailedException   if any action threw (all of them ran)
     */
    int releaseGroup(Object id);

    // ------------------------------------------------------------------ queries

    /** @return whether the owner closed the list for good */
    boolean isClosed();

    /** @return the number of live resources (group markers not counted) */
    int size();

    /** @return whether no resources are live */
    default boolean isEmpty() {
        return size() == 0;
    }

    /** @return the names of the live resources, oldest first (for assertions and debugging) */
    List<String> names();
}
