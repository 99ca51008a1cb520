package org.devres4j.core;

/**
 * A value on a {@link ResourceList} that others may hold beyond its removal from the list: KUnit's
 * reference-counted resource ({@code kunit_get_resource} / {@code kunit_put_resource}). Made by
 * {@link ManagedResources#addShared}.
 *
 * <p><b>Lifetime:</b> the list holds one reference from the add; whoever wants to keep the value beyond
 * the list takes one with {@link #get()} (or {@link #tryGet()}) and gives it back with {@link #put()}.
 * The list drops its own reference when it releases the resource (a release by handle, a group release,
 * a whole-list release) or when it removes it ({@code remove}, {@code destroy} — unlike a plain action,
 * a shared resource's removal drops the list's reference, as {@code kunit_remove_resource} does). The
 * free runs exactly once, at the last put, on the thread of that put — maybe inside the list's release,
 * maybe long after it. After the free every {@link #value()} throws a {@link UseAfterFreeException} and
 * every {@link #get()} an {@link IllegalReferenceCountException}; nothing revives it.
 *
 * <p><b>Order:</b> on the list it takes its place in the LIFO order like any resource; its free may come
 * later than its turn if someone still holds a reference. <b>Concurrency:</b> get, put and value are
 * lock-free and safe from any thread; only the last put runs the free.
 *
 * @param <T> the value type
 */
public interface SharedResource<T> extends Handle, RefCount {

    /**
     * The value, while it has not been freed.
     *
     * @return the value
     * @throws UseAfterFreeException if the last reference was dropped and the free ran
     */
    T value();

    /** @return whether it is on its list; it may outlive that while someone holds a reference */
    @Override
    boolean isLive();

    /** @return the name traces and reports print */
    @Override
    String name();
}
