package org.devres4j.hw;

/**
 * The sanitizer hook: sees every register access made through an {@link IoMapping} view of one
 * {@link Hardware}, with its {@link AccessContext}, before it reaches the hardware. Registered on the
 * hardware itself ({@code hardware.observers().add(observer)}), so it sees the accesses to that
 * hardware's devices on whatever thread they are made — and nothing of another hardware's.
 *
 * <p><b>Lifetime:</b> registered until the handle {@link AccessObservers#add} returned is closed.
 * <b>Order:</b> an access is reported before it is performed; one thread's accesses arrive in program
 * order. <b>Concurrency:</b> called on the accessing thread, possibly from many threads at once; must be
 * thread-safe and must not access hardware itself.
 */
@FunctionalInterface
public interface AccessObserver {

    /**
     * Called once per access.
     *
     * @param access the access
     */
    void onAccess(MmioAccess access);
}
