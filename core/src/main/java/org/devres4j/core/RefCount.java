package org.devres4j.core;

/**
 * A reference count with a release callback: the kernel's {@code kref}.
 *
 * <p><b>Lifetime:</b> starts at one reference; the put that takes it to zero runs the release
 * callback, exactly once, and the object is dead from then on. <b>Order:</b> the callback runs after
 * every other reference was given back, on the thread of the last put. <b>Concurrency:</b> get and
 * put are lock-free and safe from any thread. A put below zero, and a get on a dead object, are
 * refused with an {@link IllegalReferenceCountException} naming the object — the count is not
 * changed, so one bug does not turn into two.
 */
public interface RefCount {

    /**
     * Creates a count holding one reference.
     *
     * @param name    the name errors print
     * @param release runs once, at the last put
     * @return the count
     */
    static RefCount create(String name, Runnable release) {
        return new AtomicRefCount(name, release);
    }

    /** @return the name errors print */
    String name();

    /**
     * Takes a reference.
     *
     * @throws IllegalReferenceCountException if the count already reached zero
     */
    void get();

    /**
     * Takes a reference unless the count already reached zero ({@code kref_get_unless_zero}).
     *
     * @return whether a reference was taken
     */
    boolean tryGet();

    /**
     * Drops a reference; the last one runs the release callback.
     *
     * @return true if this put released the object
     * @throws IllegalReferenceCountException if no reference is left to drop
     */
    boolean put();

    /** @return the current count (0 once released) */
    int count();

    /** @return whether the count reached zero and the object was released */
    default boolean isReleased() {
        return count() == 0;
    }
}
