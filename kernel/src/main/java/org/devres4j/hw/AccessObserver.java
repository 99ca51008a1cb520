package org.devres4j.hw;

/**
 * The sanitizer hook: sees every register access made through an {@link IoMapping} view, with its
 * {@link AccessContext}, before it reaches the hardware.
 *
 * <p><b>Lifetime:</b> registered until the returned handle is closed. <b>Order:</b> an access is
 * reported before it is performed; one thread's accesses arrive in program order. <b>Concurrency:</b>
 * called on the accessing thread, possibly from many threads at once; must be thread-safe and must
 * not access hardware itself.
 */
@FunctionalInterface
public interface AccessObserver {

    /**
     * Called once per access.
     *
     * @param access the access
     */
    void onAccess(MmioAccess access);

    /**
     * Registers an observer for every access in this JVM.
     *
     * @param observer the observer
     * @return closing it unregisters the observer
     */
    static AutoCloseable register(AccessObserver observer) {
        return ObserverRegistry.add(observer);
    }
}
