package org.devres4j.drm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.devres4j.driver.Device;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.uapi.Namespace;

/**
 * The two ends of a {@link DrmDevice}'s life, {@code drm_drv.c}'s: its allocation ({@code drm_dev_alloc},
 * {@code devm_drm_dev_alloc}) — parent reference, minors from the parent's bus's namespace ({@code drm_minor_alloc}:
 * the primary's, and the render node's for a driver with {@link DrmFeature#RENDER}), the drmm action
 * that gives both back (added first, so it runs last), the containing object, and for the devm form the
 * devres action that drops the driver's reference at unbind — and its release at the last put.
 *
 * <p><b>Lifetime:</b> a failed allocation step unwinds everything before it (the device's own put runs its
 * drmm list). The release runs exactly once and always completes: names withdrawn if still registered,
 * driver release hook, drmm list closed for good, final free — a failure of any step is collected and thrown
 * after the final free. <b>Order:</b> allocation: parent get → minor → render minor → the device → its release action →
 * container → devm action, each step first asking the driver's {@link FaultHook}; release: RELEASE →
 * DRIVER-RELEASE → drmm REL newest first → FREE, always last. <b>Concurrency:</b> stateless; runs on the
 * allocating thread, and on the thread of the last put.
 */
final class DrmLifetime {
    private static final System.Logger LOG = System.getLogger("org.devres4j.drm");

    private DrmLifetime() {
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
                d.finalFreeOwner().set(c == null ? d : c);
            }
            if (devm) {
                faults.check("drm-alloc: devm action");
                parent.devres().addOrReset("devm_drm_dev_init_release " + d.name(), dev -> d.put());
            }
        } catch (RuntimeException | Error e) {
            d.emit(DrmEvents.ALLOC_FAIL, d.name(), String.valueOf(e));
            if (!d.ref().isReleased()) {
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

    static void release(DrmDevice d) {
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
        d.emit(DrmEvents.FREE, d.markFreed(), "final free");
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
