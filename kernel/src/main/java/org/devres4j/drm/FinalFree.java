package org.devres4j.drm;

/**
 * The owner of a {@link DrmDevice}'s final free ({@code drmm_add_final_kfree}): the containing object that is
 * freed last, after the whole drmm list — set by the allocation's container factory, by a devm allocation
 * (the device itself), or by {@link DrmDevice#addFinalFree}.
 *
 * <p><b>Lifetime:</b> set at most once; dropped at the final free, which happens once and marks the device freed
 * ({@link #isDone()}): nothing of the device runs after it. <b>Order:</b> the final free comes after every drmm
 * action. <b>Concurrency:</b> volatile fields; {@link #add} runs under the device's lock.
 */
final class FinalFree {
    private final DrmDevice drm;
    private volatile Object container;
    private volatile boolean set;
    private volatile String description;
    private volatile boolean done;

    FinalFree(DrmDevice drm) {
        this.drm = drm;
    }

    /* under the device's lock: the one owner, refused if there is one */
    void add(Object c, Object deviceLock) {
        synchronized (deviceLock) {
            if (set) {
                throw new IllegalStateException("addFinalFree on " + drm.name() + " refused: it already has an owner for the final "
                        + "free (" + (container == drm ? description : "a " + container.getClass().getName()) + "); there is exactly one");
            }
            set(c);
        }
    }

    void set(Object c) {
        container = c;
        description = c == drm ? "DrmDevice " + drm.name() : c.getClass().getSimpleName();
        set = true;
    }

    void requireOwner() {
        if (!set) {
            throw new IllegalStateException("register of " + drm.name() + " refused: nothing owns its final free — allocate it "
                    + "with devmAlloc or with a container, or call addFinalFree first");
        }
    }

    /* refuses a null container type; not requireNonNull(type, message), which builds the message on every call */
    static void requireType(String drm, Class<?> type) {
        if (type == null) {
            throw new NullPointerException("container of " + drm + ": the type must not be null");
        }
    }

    /* the containing object as the caller's type: refused when there is none or it is of another type */
    <C> C container(Class<C> type) {
        Object c = container;
        if (c == null) {
            throw new IllegalStateException("container of " + drm.name() + ": it has none (allocated without one, no addFinalFree)");
        }
        if (!type.isInstance(c)) {
            throw new ClassCastException("container of " + drm.name() + ": it is a " + c.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(c);
    }

    /* whether the final free happened: the device is freed */
    boolean isDone() {
        return done;
    }

    /* the final free: nothing of the device runs after it; @return what was freed, for the FREE event */
    String free() {
        done = true;
        container = null;
        return set ? description : "DrmDevice " + drm.name() + " (no final-free owner)";
    }
}
