package org.devres4j.hw;

import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;

/**
 * A driver's mapping of one device MMIO range: what {@link Io#devmIoremap} (or the unmanaged
 * {@link Io#ioremap}) returns. The registers are not reachable from the mapping itself, only through
 * a view that states why the access is safe — this is how the right lifetime becomes the easy one to
 * type:
 * <ul>
 *   <li>{@link #access(Guard)} — inside an enter/exit section ({@code try (var s = drm.enter())});
 *   <li>{@link #access(BoundDevice)} — in the bound-device context that probe and remove receive:
 *       only on the thread running that binding's probe, remove or devres release; a stashed
 *       {@code BoundDevice} used anywhere else (an ioctl, a worker) is refused;
 *   <li>{@link #unguardedAccess()} — the one named escape hatch (Rust's {@code unsafe}), for the
 *       buggy variants the demo shows; every access through it is reported as
 *       {@link AccessContext#UNGUARDED}.
 * </ul>
 *
 * <p><b>Lifetime:</b> mapped until {@link #unmap()}, which a devm mapping runs at unbind (the
 * hardware rule of seed 004). A view checks its guard and the mapping on every access: an access
 * through a guard that no longer holds, or a bound device that is no longer bound, is refused; an
 * access after unmap is reported and then refused. <b>Order:</b> every access is reported to the
 * hardware's {@link AccessObservers} before it reaches the raw mapping, which receives the access's
 * {@link AccessContext} as an argument. <b>Concurrency:</b> views are safe from any
 * thread; a guard view only works on the thread that holds the guard, a bound view only on the thread
 * running its binding's probe, remove or devres release.
 */
public final class IoMapping {
    private final Hardware hardware;
    private final AccessObservers observers;
    private final Device device;
    private final MmioRange range;
    private final RawMmio raw;
    private final String name;
    private volatile boolean mapped = true;
    private volatile String unmappedBy;
    private final Mmio unguarded = new UnguardedView();

    IoMapping(Hardware hardware, Device device, MmioRange range, RawMmio raw) {
        this.hardware = hardware;
        this.observers = hardware.observers();
        this.device = device;
        this.range = range;
        this.raw = raw;
        this.name = device.name() + ":" + range.name();
    }

    /** @return the mapping's name, {@code device:range} */
    public String name() {
        return name;
    }

    /** @return the device the mapping was made for */
    public Device device() {
        return device;
    }

    /** @return the mapped range */
    public MmioRange range() {
        return range;
    }

    /** @return whether it is still mapped */
    public boolean isMapped() {
        return mapped;
    }

    /**
     * A view for accesses inside an enter/exit section.
     *
     * @param guard the section (checked on every access)
     * @return the view
     */
    public Mmio access(Guard guard) {
        if (guard == null) {
            throw nullGuard();
        }
        return new GuardView(guard);
    }

    /**
     * One register read inside an enter/exit section, with no view object: the same checks, report
     * and refusals as {@code access(guard).read32(offset)}. For hot paths (an ioctl reading one
     * register): on JDK 17, C2 removes the section object only when it is not stored in a view, so
     * this form makes a guarded read allocate nothing of its own (measured by {@code DrmBench -prof gc}).
     *
     * @param guard  the section, which must hold on this thread
     * @param offset the register's byte offset in the range
     * @return the value read
     * @throws NullPointerException     if the guard is null, naming the mapping
     * @throws IllegalStateException    if the guard does not hold on this thread, or after unmap
     * @throws IndexOutOfBoundsException if the offset is outside the range or not 4-byte aligned
     */
    public int read32(Guard guard, long offset) {
        checkHolds(guard);
        admit(offset, false, 0, AccessContext.GUARDED, guard);
        return raw.read32(offset, AccessContext.GUARDED);
    }

    /**
     * One register write inside an enter/exit section, with no view object: the same checks, report
     * and refusals as {@code access(guard).write32(offset, value)} (see {@link #read32(Guard, long)}).
     *
     * @param guard  the section, which must hold on this thread
     * @param offset the register's byte offset in the range
     * @param value  the value to write
     * @throws NullPointerException     if the guard is null, naming the mapping
     * @throws IllegalStateException    if the guard does not hold on this thread, or after unmap
     * @throws IndexOutOfBoundsException if the offset is outside the range or not 4-byte aligned
     */
    public void write32(Guard guard, long offset, int value) {
        checkHolds(guard);
        admit(offset, true, value, AccessContext.GUARDED, guard);
        raw.write32(offset, value, AccessContext.GUARDED);
    }

    /**
     * A view for accesses in a driver's probe/remove, through the bound-device capability. Every
     * access is refused unless the calling thread is running that binding's probe, remove or devres
     * release ({@link BoundDevice#isActiveOnCurrentThread()}) — outside them, use {@link #access(Guard)}.
     *
     * @param bound the binding (checked on every access)
     * @return the view
     */
    public Mmio access(BoundDevice bound) {
        if (bound == null) {
            throw new NullPointerException("IoMapping.access: the bound device of '" + name + "' must not be null");
        }
        return new BoundView(bound);
    }

    /**
     * The escape hatch: a view with no guard at all. Every access is reported as
     * {@link AccessContext#UNGUARDED}, which the sanitizer flags; it exists so that the buggy variants
     * can make the access the seeds warn about.
     *
     * @return the view (one per mapping: it holds no state of its own)
     */
    public Mmio unguardedAccess() {
        return unguarded;
    }

    /**
     * Unmaps ({@code iounmap}). Views refuse every later access.
     *
     * @throws IllegalStateException if already unmapped, naming the mapping
     */
    public void unmap() {
        synchronized (this) {
            if (!mapped) {
                throw new IllegalStateException("unmap of '" + name + "' refused: it was already unmapped (" + unmappedBy
                        + "); a mapping is unmapped exactly once");
            }
            mapped = false;
            unmappedBy = "unmapped on thread " + Thread.currentThread().getName();
        }
        hardware.unmap(raw);
    }

    @Override
    public String toString() {
        return "IoMapping " + name + (mapped ? "" : " (unmapped)");
    }

    /*
     * The checks every access makes, views and the direct guarded forms alike. The licence is what
     * made the access legal (a Guard, or a View naming its own); it is described only when an observer
     * is registered, so the common path neither allocates nor lets the licence escape.
     */
    private void checkHolds(Guard guard) {
        if (guard == null) {
            throw nullGuard();
        }
        if (!guard.holds()) {
            throw refused(guard);
        }
    }

    private void admit(long offset, boolean write, int value, AccessContext context, Object licence) {
        Mmio.checkOffset(name, range.size(), offset);
        boolean live = mapped;
        if (observers.isObserved()) {
            report(offset, write, value, live, context, licence);
        }
        if (!live) {
            throw afterUnmap(offset, write, context);
        }
    }

    private void report(long offset, boolean write, int value, boolean live, AccessContext context, Object licence) {
        String licenceName = licence instanceof Guard g ? g.describe() : ((View) licence).guardName();
        observers.report(new MmioAccess(name, device.name(), offset, write, write ? value : 0, context, live, licenceName));
    }

    private NullPointerException nullGuard() {
        return new NullPointerException("IoMapping.access: the guard of '" + name + "' must not be null");
    }

    private IllegalStateException refused(Guard guard) {
        return new IllegalStateException("MMIO access to '" + name + "' refused: " + guard.describe()
                + " does not hold on this thread (exited already, or entered by another thread); "
                + "hardware may only be touched inside the enter/exit section that guards it");
    }

    private IllegalStateException afterUnmap(long offset, boolean write, AccessContext context) {
        return new IllegalStateException("MMIO " + (write ? "write" : "read") + " of '" + name + "'+0x" + Long.toHexString(offset)
                + " after unmap (" + unmappedBy + ", context " + context + "): the registers are gone; "
                + "hardware must only be touched while mapped, inside enter/exit");
    }

    /*
     * The views. The access path allocates nothing of its own: the check is a virtual method, not a
     * captured lambda; the guard's description and the MmioAccess record are built only when an
     * observer is registered, and failure messages only when an access is refused.
     */
    private abstract class View implements Mmio {
        private final AccessContext context;

        View(AccessContext context) {
            this.context = context;
        }

        /** Refuses the access if the view's licence no longer holds. */
        abstract void check();

        /** @return the description of the guard, for reports */
        abstract String guardName();

        @Override
        public String name() {
            return name;
        }

        @Override
        public long base() {
            return range.base();
        }

        @Override
        public long size() {
            return range.size();
        }

        @Override
        public int read32(long offset) {
            before(offset, false, 0);
            return raw.read32(offset, context);
        }

        @Override
        public void write32(long offset, int value) {
            before(offset, true, value);
            raw.write32(offset, value, context);
        }

        private void before(long offset, boolean write, int value) {
            check();
            admit(offset, write, value, context, this);
        }

        @Override
        public String toString() {
            return "Mmio view of " + name + " [" + context + "]";
        }
    }

    private final class GuardView extends View {
        private final Guard guard;

        GuardView(Guard guard) {
            super(AccessContext.GUARDED);
            this.guard = guard;
        }

        @Override
        void check() {
            checkHolds(guard);
        }

        @Override
        String guardName() {
            return guard.describe();
        }
    }

    private final class BoundView extends View {
        private final BoundDevice bound;

        BoundView(BoundDevice bound) {
            super(AccessContext.BOUND);
            this.bound = bound;
        }

        @Override
        void check() {
            if (!bound.isActiveOnCurrentThread()) {
                throw refused();
            }
        }

        private IllegalStateException refused() {
            if (!bound.isValid()) {
                return new IllegalStateException("MMIO access to '" + name + "' refused: the binding of " + bound.name()
                        + " has ended; a BoundDevice is only a licence to touch hardware while the driver is bound");
            }
            return new IllegalStateException("MMIO access to '" + name + "' refused: the bound device " + bound.name()
                    + " licenses hardware only on the thread running its probe, remove or devres release (thread '"
                    + Thread.currentThread().getName() + "' is not); anywhere else — an ioctl, a worker, a timer — "
                    + "enter/exit is required: access(guard) inside a DrmDevice.enter() section");
        }

        @Override
        String guardName() {
            return "bound device " + bound.name();
        }
    }

    private final class UnguardedView extends View {
        UnguardedView() {
            super(AccessContext.UNGUARDED);
        }

        @Override
        void check() {
        }

        @Override
        String guardName() {
            return "unguardedAccess()";
        }
    }
}
