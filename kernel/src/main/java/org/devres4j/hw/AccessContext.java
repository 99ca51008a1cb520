package org.devres4j.hw;

/**
 * Where a hardware access happened, as far as lifetime safety goes.
 *
 * <p><b>Lifetime:</b> values. <b>Order:</b> none. <b>Concurrency:</b> {@link #current()} is per
 * thread: while a view forwards an access to the raw {@link Mmio}, the raw implementation (the
 * simulator) can ask which context the access came from.
 */
public enum AccessContext {
    /** Inside an enter/exit section of the device ({@code drm_dev_enter}): safe against unplug. */
    GUARDED,
    /** In the bound-device context a driver's probe or remove receives: the hardware is still bound. */
    BOUND,
    /** Through {@link IoMapping#unguardedAccess()}: nothing keeps the hardware present — a bug to flag. */
    UNGUARDED;

    /** Per thread, one slot: the context of the access in progress (null outside any access). */
    private static final ThreadLocal<AccessContext[]> CURRENT = ThreadLocal.withInitial(() -> new AccessContext[1]);

    /**
     * @return the context of the access this thread is making right now through a view, or null
     *         outside any access
     */
    public static AccessContext current() {
        return CURRENT.get()[0];
    }

    /**
     * The calling thread's slot, for a view to set around an access and restore afterwards: one
     * thread-local lookup per access, no allocation.
     */
    static AccessContext[] slot() {
        return CURRENT.get();
    }
}
