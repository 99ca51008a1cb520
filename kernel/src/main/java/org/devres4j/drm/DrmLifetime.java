package org.devres4j.drm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.devres4j.core.RefCount;
import org.devres4j.core.UseAfterFreeException;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.uapi.Namespace;

/**
 * The life of a {@link DrmDevice}, {@code drm_drv.c}'s: its allocation ({@code drm_dev_alloc},
 * {@code devm_drm_dev_alloc}) — parent reference, minors from the parent's bus's namespace ({@code drm_minor_alloc}:
 * the primary's, and the render node's for a driver with {@link DrmFeature#RENDER}), the drmm action
 * that gives both back (added first, so it runs last), the containing object, and for the devm form the
 * devres action that drops the driver's reference at unbind — its reference count ({@code drm_dev_get/put}'s kref),
 * and its release at the last put, ending with the final free ({@link FinalFree}).
 *
 * <p><b>Lifetime:</b> one per device, from its allocation to its final free. A failed allocation step unwinds
 * everything before it (the device's own put runs its drmm list). The release runs exactly once and always
 * completes: names withdrawn if still registered, driver release hook, drmm list closed for good, final free — a
 * failure of any step is collected and thrown after the final free. After it, every use that checks
 * ({@link #checkAlive}) is refused with a {@link UseAfterFreeException}. <b>Order:</b> allocation: parent get →
 * minor → render minor → the device → its release action → container → devm action, each step first asking the
 * driver's {@link FaultHook}; release: RELEASE → DRIVER-RELEASE → drmm REL newest first → FREE, always last.
 * <b>Concurrency:</b> the count is a core {@link RefCount} (lock-free); allocation runs on the allocating thread,
 * the release on the thread of the last put.
 */
final class DrmLifetime {
    private static final System.Logger LOG = System.getLogger("org.devres4j.drm");

    private final DrmDevice drm;
    private final RefCount ref;
    private final FinalFree finalFree;

    DrmLifetime(DrmDevice drm) {
        this.drm = drm;
        this.ref = RefCount.create(drm.name(), () -> release(drm));
        this.finalFree = new FinalFree(drm);
    }

    RefCount ref() {
        return ref;
    }

    FinalFree finalFree() {
        return finalFree;
    }

    /* a reference unless the device was already released (kref_get_unless_zero) */
    boolean tryGet() {
        return !finalFree.isDone() && ref.tryGet();
    }

    boolean isFreed() {
        return finalFree.isDone();
    }

    /* refuses any use of a released device, naming the operation */
    void checkAlive(String op) {
        if (finalFree.isDone() || ref.isReleased()) {
            throw new UseAfterFreeException(drm.name(), op, op + " on " + drm.name() + " refused: the device was released at its "
                    + "last put (final free done); nothing may use a DRM device after its last reference is gone — hold a "
                    + "reference (get/put) to keep it");
        }
    }

    static DrmDevice createDevm(DrmDriver driver, BoundDevice parent, Function<DrmDevice, ?> container) {
        Objects.requireNonNull(parent, "DrmDevice.devmAlloc: the bound parent must not be null");
        Objects.requireNonNull(container, "DrmDevice.devmAlloc: the container factory must not be null");
        parent.requireValid("DrmDevice.devmAlloc");
        return create(driver, parent.device(), true, container);
    }

    /* devm_drm_dev_alloc on the parent device: it must have a driver attached (probing or bound) */
    static DrmDevice createDevm(DrmDriver driver, Device parent, Function<DrmDevice, ?> container) {
        Objects.requireNonNull(parent, "DrmDevice.devmAlloc: the parent device must not be null");
        Objects.requireNonNull(container, "DrmDevice.devmAlloc: the container factory must not be null");
        if (!parent.hasDriver()) {
            throw new IllegalStateException("DrmDevice.devmAlloc on '" + parent.name() + "' refused: the parent has no driver "
                    + "attached (not probing, not bound) — devm_drm_dev_alloc ties the DRM device's reference to a binding "
                    + "of the parent; allocate it from the parent's probe (nothing was allocated)");
        }
        return create(driver, parent, true, container);
    }

    static DrmDevice create(DrmDriver driver, Device parent, boolean devm, Function<DrmDevice, ?> container) {
        Objects.requireNonNull(driver, "DrmDevice.alloc: the driver must not be null");
        Objects.requireNonNull(parent, "DrmDevice.alloc: the parent device must not be null");
        FaultHook faults = driver.faults();
        faults.check("drm-alloc: parent get");
        parent.get();
        Namespace ns = parent.bus().namespace();
        String owner = driver.name() + "@" + parent.name();
        int minor;
        int renderMinor = -1;
        try {
            faults.check("drm-alloc: minor");
            minor = allocMinor(ns, DrmMinorType.PRIMARY, owner);
        } catch (RuntimeException e) {
            parent.put();
            throw e;
        }
        if (driver.has(DrmFeature.RENDER)) {
            try {
                faults.check("drm-alloc: render minor");
                renderMinor = allocMinor(ns, DrmMinorType.RENDER, owner);
            } catch (RuntimeException e) {
                ns.freeMinor(minor);
                parent.put();
                throw e;
            }
        }
        DrmDevice d = new DrmDevice(driver, parent, ns, minor, renderMinor, devm);
        d.emit(DrmEvents.ALLOC, driver.name(), "on " + parent.name() + (devm ? " (devm)" : ""));
        d.list().add("drm_dev_init_release", dev -> initRelease(dev));
        try {
            faults.check("drm-alloc: container");
            if (container != null) {
                Object c = container.apply(d);
                d.life().finalFree().set(c == null ? d : c);
            }
            if (devm) {
                faults.check("drm-alloc: devm action");
                parent.devres().addOrReset("devm_drm_dev_init_release " + d.name(), dev -> d.put());
            }
        } catch (RuntimeException | Error e) {
            d.emit(DrmEvents.ALLOC_FAIL, d.name(), String.valueOf(e));
            if (!d.life().ref().isReleased()) {
                try {
                    d.put();
                } catch (RuntimeException inner) {
                    e.addSuppressed(inner);
                }
            }
            throw e;
        }
        return d;
    }


    /* drm_minor_alloc: the lowest free minor of the type's range, else of the shared extended range */
    private static int allocMinor(Namespace ns, DrmMinorType type, String owner) {
        try {
            return ns.allocMinor(owner, type.first(), type.last());
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOSPC) {
                throw e;
            }
            return ns.allocMinor(owner, DrmMinorType.EXTENDED_FIRST, DrmMinorType.EXTENDED_LAST);
        }
    }

    /* the device's first drmm action, so its last: the minors and the parent reference go back */
    private static void initRelease(DrmDevice d) {
        for (DrmNode n : d.nodes()) {
            d.namespace().freeMinor(n.minor());
        }
        d.parent().put();
    }

    private static void release(DrmDevice d) {
        d.emit(DrmEvents.RELEASE, d.name(), "last put");
        List<Throwable> failures = new ArrayList<>();
        if (d.isRegistered()) {
            LOG.log(System.Logger.Level.WARNING, d.name() + " reached its last put while still registered; withdrawing its names now");
            try {
                d.unregister();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        DrmDriver driver = d.driver();
        driver.release().ifPresent(hook -> {
            try {
                hook.accept(d);
            } catch (RuntimeException | Error e) {
                failures.add(e);
            }
            d.emit(DrmEvents.DRIVER_RELEASE, driver.name(), "");
        });
        try {
            d.list().releaseAllAndClose("last put of " + d.name());
        } catch (RuntimeException e) {
            failures.add(e);
        }
        d.emit(DrmEvents.FREE, d.life().finalFree().free(), "final free");
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            for (int i = 1; i < failures.size(); i++) {
                first.addSuppressed(failures.get(i));
            }
            if (first instanceof RuntimeException re) {
                throw re;
            }
            throw (Error) first;
        }
    }
}
