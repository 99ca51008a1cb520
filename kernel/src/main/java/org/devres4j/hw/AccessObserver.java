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
        return ObserverRegistry.add(null, observer);
    }

    /**
     * Registers an observer for the accesses through mappings of one {@link Hardware} only, whatever
     * thread makes them (a worker thread of a driver included): how a simulated world watches its own
     * devices without seeing another world's.
     *
     * @param hardware the hardware whose mappings' accesses the observer sees
     * @param observer the observer
     * @return closing it unregisters the observer
     * @throws NullPointerException if either is null
     */
    static AutoCloseable register(Hardware hardware, AccessObserver observer) {
        if (hardware == null) {
            throw new NullPointerException("AccessObserver.register: the hardware must not be null "
                    + "(use register(observer) to see every access)");
        }
        return ObserverRegistry.add(hardware, observer);
    }

    /**
     * @param hardware a hardware
     * @return whether an access through a mapping of it would be reported to an observer right now
     */
    static boolean observed(Hardware hardware) {
        return ObserverRegistry.wants(hardware);
    }
}
