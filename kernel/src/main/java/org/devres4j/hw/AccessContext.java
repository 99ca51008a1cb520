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

    private static final ThreadLocal<AccessContext> CURRENT = new ThreadLocal<>();

    /**
     * @return the context of the access this thread is making right now through a view, or null
     *         outside any access
     */
    public static AccessContext current() {
        return CURRENT.get();
    }

    static AccessContext swap(AccessContext ctx) {
        AccessContext old = CURRENT.get();
        if (ctx == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(ctx);
        }
        return old;
    }
}
