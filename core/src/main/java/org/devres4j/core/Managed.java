package org.devres4j.core;

/**
 * A value owned by a {@link ResourceList}: the kernel's {@code devm_kzalloc} / {@code drmm_kzalloc}.
 *
 * <p><b>Lifetime:</b> the value lives exactly as long as its place on the owner's list. The moment the
 * list starts releasing it the value is poisoned — before its destructor runs: {@link #get()} throws a
 * {@link UseAfterReleaseException} naming the value, the owner, where it was allocated and where and why
 * it was released, as KASAN does for a use-after-free. That holds for the destructor's own code too,
 * which receives the value as its argument and has no need to read it through here. <b>Order:</b> it is released in LIFO order with the list's other
 * resources. <b>Concurrency:</b> {@code get()} is safe from any thread; it does not stop a
 * concurrent release, exactly as holding a pointer does not stop {@code kfree}.
 *
 * @param <T> the value type
 */
public interface Managed<T> extends Handle {

    /**
     * Returns the value.
     *
     * @return the value
     * @throws UseAfterReleaseException if the owner's list already released it
     */
    T get();

    /** @return the owner's name, as the list reports it */
    String ownerName();
}
