package org.devres4j.drm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.devres4j.core.Gate;
import org.devres4j.core.ManagedResources;
import org.devres4j.core.RefCount;
import org.devres4j.core.ReleaseFailedException;
import org.devres4j.core.ResourceList;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.TraceListener;
import org.devres4j.core.Tracing;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;
import org.devres4j.hw.Guard;

/**
 * The userspace-facing device of the seeds ({@code struct drm_device}): refcounted, with a drmm list
 * of software resources that lives until the last user lets go, on a parent {@link Device} whose
 * hardware may go long before.
 *
 * <p><b>Lifetime:</b> allocated on a parent with one reference ({@link #alloc} — the caller owns it —
 * or {@link #devmAlloc} — a devres action on the bound parent drops it at unbind). The allocation
 * takes a reference on the parent; the first drmm action gives it back (and frees the minor), so it
 * runs last. Files and mappings hold references. The last {@link #put()} runs, in this order: the
 * driver's release hook → the drmm list, newest first, closed for good → the final free of the
 * containing object ({@link DrmEvents#FREE}); nothing of the device runs after that, and every later
 * use is refused. A failed allocation unwinds what it registered.
 *
 * <p><b>Order:</b> {@link #unplug()} marks the device unplugged, waits for every enter/exit section
 * to leave, withdraws the userspace names ({@link #unregister()}) and zaps every userspace mapping
 * to the dummy page — in that order. Hardware teardown may start when it returns.
 *
 * <p><b>Concurrency:</b> every method is thread-safe. {@link #enter()} is the cheap read side (a
 * {@link Gate} section); it fails once unplug started, and unplug waits for every section entered
 * before. Never call unplug from inside a section of the same device. Events go, on the thread
 * that causes them, to the driver's trace listener, to listeners added with
 * {@link #addTraceListener}, and to the global {@link Tracing}.
 */
public final class DrmDevice {
    /** How long {@link #unplug()} waits for enter/exit sections before it reports a missing exit. */
    public static final Duration DEFAULT_UNPLUG_WAIT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger("org.devres4j.drm");

    private final DrmDriver driver;
    private final Device parent;
    private final DrmNamespace namespace;
    private final int minor;
    private final String name;
    private final boolean devm;
    private final RefCount ref;
    private final ResourceList<DrmDevice> list;
    private final Gate gate;
    private final ThreadLocal<Held> held = ThreadLocal.withInitial(this::newHeld);
    private final List<TraceListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private static final long ANY_GENERATION = -1;
    private final List<String> published = new ArrayList<>();
    private final Set<DrmMapping> mappings = ConcurrentHashMap.newKeySet();
    private final List<ModeObject> modeObjects = new CopyOnWriteArrayList<>();
    private final AtomicInteger openFiles = new AtomicInteger();
    private final AtomicInteger fileIds = new AtomicInteger();
    private volatile boolean registered;
    /*
     * Guarded by lock: bumped by each register and each withdrawal (unregister, unplug, a failed register's
     * undo), so a register that already lost to an unregister cannot record into, or tear down, a newer one.
     */
    private long generation;
    private volatile boolean unplugged;
    private volatile boolean freed;
    private volatile Object container;
    private volatile boolean hasFinalFree;
    private volatile String containerName;
    private final String sectionName;

    private DrmDevice(DrmDriver driver, Device parent, DrmNamespace namespace, int minor, boolean devm) {
        this.driver = driver;
        this.parent = parent;
        this.namespace = namespace;
        this.minor = minor;
        this.name = "card" + minor;
        this.sectionName = "enter/exit section of " + name;
        this.devm = devm;
        driver.trace().ifPresent(listeners::add);
        this.ref = RefCount.create(name, this::releaseLast);
        this.list = ResourceList.create(this, name, this::fanOut);
        this.gate = Gate.create(name);
    }

    // ------------------------------------------------------------------ allocation

    /**
     * Allocates a DRM device on a parent; the caller owns the one reference and must {@link #put()}
     * it. Without a container it has no owner for the final free yet: call {@link #addFinalFree}
     * before {@link #register()}.
     *
     * @param driver the driver
     * @param parent the parent device (a reference is taken)
     * @return the device, refcount 1
     * @throws IllegalStateException if the parent was freed; nothing is kept
     */
    public static DrmDevice alloc(DrmDriver driver, Device parent) {
        return create(driver, parent, null, null);
    }

    /**
     * Allocates a DRM device with its containing object (the driver's private structure that embeds
     * it in C), which is freed last, after the whole drmm list.
     *
     * @param driver    the driver
     * @param parent    the parent device
     * @param container creates the containing object; it may already add drmm resources
     * @return the device, refcount 1, owned by the caller
     */
    public static DrmDevice alloc(DrmDriver driver, Device parent, Function<DrmDevice, ?> container) {
        Objects.requireNonNull(container, "DrmDevice.alloc: the container factory must not be null");
        return create(driver, parent, null, container);
    }

    /**
     * Allocates a DRM device the devm way ({@code devm_drm_dev_alloc}): an action on the bound
     * parent's devres list drops the driver's reference at unbind — maybe the last one, maybe not
     * (open files keep the device alive). The device itself is the containing object.
     *
     * @param driver the driver
     * @param parent the bound parent
     * @return the device
     */
    public static DrmDevice devmAlloc(DrmDriver driver, BoundDevice parent) {
        return devmAlloc(driver, parent, d -> d);
    }

    /**
     * The devm form with a containing object.
     *
     * @param driver    the driver
     * @param parent    the bound parent
     * @param container creates the containing object
     * @return the device
     */
    public static DrmDevice devmAlloc(DrmDriver driver, BoundDevice parent, Function<DrmDevice, ?> container) {
        Objects.requireNonNull(parent, "DrmDevice.devmAlloc: the bound parent must not be null");
        Objects.requireNonNull(container, "DrmDevice.devmAlloc: the container factory must not be null");
        parent.requireValid("DrmDevice.devmAlloc");
        return create(driver, parent.device(), parent, container);
    }

    private static DrmDevice create(DrmDriver driver, Device parent, BoundDevice bound, Function<DrmDevice, ?> container) {
        Objects.requireNonNull(driver, "DrmDevice.alloc: the driver must not be null");
        Objects.requireNonNull(parent, "DrmDevice.alloc: the parent device must not be null");
        Faults.check("drm-alloc: parent get");
        parent.get();
        DrmNamespace ns;
        int minor;
        try {
            ns = DrmNamespace.of(parent.bus());
            Faults.check("drm-alloc: minor");
            minor = ns.allocMinor(driver.name() + "@" + parent.name());
        } catch (RuntimeException e) {
            parent.put();
            throw e;
        }
        DrmDevice d = new DrmDevice(driver, parent, ns, minor, bound != null);
        d.emit(DrmEvents.ALLOC, driver.name(), "on " + parent.name() + (bound != null ? " (devm)" : ""));
        d.list.add("drm_dev_init_release", dev -> dev.initRelease());
        try {
            Faults.check("drm-alloc: container");
            if (container != null) {
                Object c = container.apply(d);
                d.setFinalFree(c == null ? d : c);
            }
            if (bound != null) {
                Faults.check("drm-alloc: devm action");
                bound.devres().addOrReset("devm_drm_dev_init_release " + d.name, dev -> d.put());
            }
        } catch (RuntimeException | Error e) {
            d.emit(DrmEvents.ALLOC_FAIL, d.name, String.valueOf(e));
            if (!d.ref.isReleased()) {
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

    private void initRelease() {
        namespace.freeMinor(minor);
        parent.put();
    }

    /**
     * Names the object freed last, after every drmm action ({@code drmm_add_final_kfree}).
     *
     * @param containingObject the object
     * @throws IllegalStateException if one is already set, or the device was freed
     */
    public void addFinalFree(Object containingObject) {
        Objects.requireNonNull(containingObject, "addFinalFree on " + name + ": the object must not be null");
        checkAlive("addFinalFree");
        synchronized (lock) {
            if (hasFinalFree) {
                throw new IllegalStateException("addFinalFree on " + name + " refused: it already has an owner for the final free ("
                        + containerName + "); there is exactly one");
            }
            setFinalFree(containingObject);
        }
    }

    private void setFinalFree(Object c) {
        container = c;
        containerName = c == this ? "DrmDevice " + name : c.getClass().getSimpleName();
        hasFinalFree = true;
    }

    // ------------------------------------------------------------------ identity

    /** @return the device's name, {@code card<minor>} */
    public String name() {
        return name;
    }

    /** @return the minor number */
    public int minor() {
        return minor;
    }

    /** @return the driver */
    public DrmDriver driver() {
        return driver;
    }

    /** @return the parent device */
    public Device parent() {
        return parent;
    }

    /** @return whether it was allocated the devm way */
    public boolean isDevmAllocated() {
        return devm;
    }

    /** @return the namespace it publishes in */
    public DrmNamespace namespace() {
        return namespace;
    }

    /**
     * The containing object.
     *
     * @param type its type
     * @param <C>  its type
     * @return the object
     * @throws IllegalStateException if the device was freed or has no containing object
     * @throws ClassCastException    if it is of another type
     */
    public <C> C container(Class<C> type) {
        checkAlive("container");
        Object c = container;
        if (c == null) {
            throw new IllegalStateException("container of " + name + ": it has none (allocated without one, no addFinalFree)");
        }
        return type.cast(c);
    }

    /**
     * The device's drmm list as drivers see it: software resources tied to this device's refcount, typed
     * so that only actions written for a {@code DrmDevice} (or a supertype) compile — a
     * {@code Release<Device>} cannot be added here, and a {@code Release<DrmDevice>} cannot be added to a
     * {@code Device}'s devres.
     *
     * <p><b>Lifetime:</b> everything here is released once, at the device's last put (after the driver's
     * release hook, before the final free), and the list is then closed for good: later adds throw
     * {@link org.devres4j.core.ListClosedException} ({@code addOrReset} runs the action first). Use it for
     * software (seed 004): data structures, KMS objects, locks, workers. Hardware and the removal of
     * userspace names belong to devres, which goes at unbind. <b>Order:</b> newest first; the allocation's
     * own teardown (parent reference, minor) was added first and runs last. <b>Concurrency:</b>
     * thread-safe; actions never run under a lock; a failing action does not stop the others.
     *
     * <p>{@code add}/{@code addOrReset} are {@code drmm_add_action(_or_reset)}, {@code release(action, data)}
     * is {@code drmm_release_action}, {@code alloc}/{@code allocBytes}/{@code allocArray} are
     * {@code drmm_kmalloc}/{@code drmm_kzalloc}/{@code drmm_kcalloc}; {@link Drmm} has the drmm-only
     * helpers (kstrdup, mutex, ordered worker).
     *
     * @return the drmm list, driver's view
     */
    public ManagedResources<DrmDevice> managed() {
        return list;
    }

    /**
     * Adds a listener for this device's events from now on.
     *
     * @param listener the listener
     */
    public void addTraceListener(TraceListener listener) {
        listeners.add(Objects.requireNonNull(listener, "addTraceListener on " + name + ": the listener must not be null"));
    }

    // ------------------------------------------------------------------ refcount

    /**
     * Takes a reference ({@code drm_dev_get}).
     *
     * @throws org.devres4j.core.IllegalReferenceCountException if the device was already released
     */
    public void get() {
        ref.get();
    }

    /**
     * Drops a reference ({@code drm_dev_put}); the last one tears the device down (see the class
     * comment for the order).
     *
     * @throws org.devres4j.core.IllegalReferenceCountException on a put with no reference left
     * @throws ReleaseFailedException                          if release actions failed (all ran, and the final free happened)
     */
    public void put() {
        ref.put();
    }

    /** @return the reference count (0 once released) */
    public int refCount() {
        return ref.count();
    }

    /** @return whether the final free happened */
    public boolean isFreed() {
        return freed;
    }

    private void releaseLast() {
        emit(DrmEvents.RELEASE, name, "last put");
        List<Throwable> failures = new ArrayList<>();
        if (registered) {
            LOG.log(System.Logger.Level.WARNING, name + " reached its last put while still registered; withdrawing its names now");
            unregister();
        }
        driver.release().ifPresent(hook -> {
            try {
                hook.accept(this);
            } catch (RuntimeException | Error e) {
                failures.add(e);
            }
            emit(DrmEvents.DRIVER_RELEASE, driver.name(), "");
        });
        try {
            list.releaseAllAndClose("last put of " + name);
        } catch (RuntimeException e) {
            failures.add(e);
        }
        freed = true;
        String what = hasFinalFree ? containerName : "DrmDevice " + name + " (no final-free owner)";
        container = null;
        emit(DrmEvents.FREE, what, "final free");
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

    void checkAlive(String op) {
        if (freed || ref.isReleased()) {
            throw released(op);
        }
    }

    private IllegalStateException released(String op) {
        return new IllegalStateException(op + " on " + name + " refused: the device was released at its last put (final free done); "
                + "nothing may use a DRM device after its last reference is gone — hold a reference (get/put) to keep it");
    }

    // ------------------------------------------------------------------ register / unplug

    /**
     * Publishes the userspace interfaces ({@code drm_dev_register}): the device node, the sysfs
     * entries and one per connector. The state is decided under the device's lock; the namespace (user
     * code) is called without it. A publish that fails withdraws what this call published; an
     * unregister or unplug racing with it wins (the names published so far are withdrawn); a register
     * that lost that way never records into, nor withdraws the names of, a newer registration.
     *
     * @throws IllegalStateException if already registered, unplugged, freed, or without an owner for
     *                               the final free
     * @throws ErrnoException        ({@link Errno#EEXIST}) if a name is taken; nothing stays published
     */
    public void register() {
        List<String> paths;
        long gen;
        synchronized (lock) {
            checkAlive("register");
            if (registered) {
                throw new IllegalStateException("register of " + name + " refused: it is already registered; "
                        + "a DRM device is registered once and unregistered (or unplugged) once");
            }
            if (unplugged) {
                throw new IllegalStateException("register of " + name + " refused: it was unplugged; an unplugged device never comes back");
            }
            if (!hasFinalFree) {
                throw new IllegalStateException("register of " + name + " refused: nothing owns its final free — allocate it with devmAlloc "
                        + "or with a container, or call addFinalFree first");
            }
            Faults.check("drm-register");
            paths = userspacePaths();
            registered = true; // decided: a concurrent register is refused from here on
            gen = ++generation;
        }
        // The namespace is the user's code: it is called without the lock.
        List<String> done = new ArrayList<>();
        try {
            for (String p : paths) {
                namespace.publish(p, name);
                if (!recordPublished(p, gen)) {
                    namespace.withdraw(p); // an unregister (or unplug) ran meanwhile and won
                    return;
                }
                done.add(p);
            }
        } catch (RuntimeException e) {
            undoRegister(e, gen);
            throw e;
        }
        for (String p : done) {
            emit(DrmEvents.PUBLISH, p, "");
        }
        emit(DrmEvents.REGISTER, name, "");
    }

    private List<String> userspacePaths() {
        List<String> paths = new ArrayList<>();
        paths.add("/dev/dri/" + name);
        paths.add(sysfsPath(parent) + "/drm/" + name);
        paths.add("/sys/class/drm/" + name);
        for (ModeObject o : modeObjects) {
            if (o instanceof Connector c && !c.isCleanedUp()) {
                paths.add("/sys/class/drm/" + name + "-" + c.name());
            }
        }
        return paths;
    }

    /*
     * @return false if this registration (generation gen) was withdrawn meanwhile — even if a newer one
     * started since (then the caller withdraws the path, which it alone owns in the namespace)
     */
    private boolean recordPublished(String path, long gen) {
        synchronized (lock) {
            if (!registered || generation != gen) {
                return false;
            }
            published.add(path);
            return true;
        }
    }

    /*
     * A publish failed: withdraw what this registration (generation gen) published, newest first — unless
     * an unregister took it meanwhile (it withdrew them; a newer registration's names are not ours).
     */
    private void undoRegister(RuntimeException failure, long gen) {
        List<String> mine = takePublished(gen);
        if (mine == null) {
            return; // an unregister ran meanwhile and withdrew them
        }
        for (String p : mine) {
            try {
                namespace.withdraw(p);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /* Flips registered off and takes the published names, newest first; null if not registered. */
    private List<String> takePublished() {
        return takePublished(ANY_GENERATION);
    }

    /*
     * As takePublished(), but only if the current registration is generation gen (ANY_GENERATION: any);
     * null otherwise. Bumps the generation, so the registration it ends can record nothing more.
     */
    private List<String> takePublished(long gen) {
        synchronized (lock) {
            if (!registered || (gen != ANY_GENERATION && generation != gen)) {
                return null;
            }
            registered = false;
            generation++;
            List<String> gone = new ArrayList<>(published);
            Collections.reverse(gone);
            published.clear();
            return gone;
        }
    }

    /**
     * Withdraws the userspace interfaces ({@code drm_dev_unregister}); open files stay open.
     * Idempotent: unplug unregisters, and a driver's own unregister afterwards does nothing.
     *
     * @return whether this call withdrew them
     */
    public boolean unregister() {
        List<String> gone = takePublished();
        if (gone == null) {
            return false;
        }
        // The namespace is the user's code: it is called without the lock; every name is tried.
        RuntimeException failure = null;
        for (String p : gone) {
            try {
                namespace.withdraw(p);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        for (String p : gone) {
            emit(DrmEvents.WITHDRAW, p, "");
        }
        emit(DrmEvents.UNREGISTER, name, "");
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    /** @return whether it is registered */
    public boolean isRegistered() {
        return registered;
    }

    /**
     * Unplugs ({@code drm_dev_unplug}), waiting at most {@link #DEFAULT_UNPLUG_WAIT} for sections.
     *
     * @throws IllegalStateException if a section did not exit in time (an enter without its exit);
     *                               the device is unplugged, unregistered and zapped all the same
     */
    public void unplug() {
        unplug(DEFAULT_UNPLUG_WAIT);
    }

    /**
     * Unplugs: marks the device unplugged, waits for every enter/exit section, unregisters, zaps
     * every userspace mapping. Idempotent: a second call only waits for the sections again.
     *
     * @param maxWait how long to wait for the sections
     * @throws IllegalStateException if sections were still inside after {@code maxWait}, naming the
     *                               device and the count (the rest of the unplug happened)
     */
    public void unplug(Duration maxWait) {
        Objects.requireNonNull(maxWait, "unplug of " + name + ": the wait must not be null");
        checkAlive("unplug");
        if (held.get().count > 0) {
            throw new IllegalStateException("unplug of " + name + " refused: the calling thread is inside " + held.get().count
                    + " of its enter/exit section(s) and would wait for itself; exit first (nothing was changed)");
        }
        boolean first;
        synchronized (lock) {
            first = !unplugged;
            unplugged = true;
        }
        if (first) {
            emit(DrmEvents.UNPLUG, name, "marked");
        }
        boolean drained = gate.shut(maxWait);
        long inside = drained ? 0 : gate.inside();
        unregister();
        int zapped = 0;
        for (DrmMapping m : mappings) {
            if (m.zap()) {
                zapped++;
            }
        }
        if (first) {
            emit(DrmEvents.ZAP, name, zapped + " mapping(s)");
        }
        if (!drained) {
            throw new IllegalStateException("unplug of " + name + ": " + inside + " enter/exit section(s) still inside after " + maxWait
                    + " — an enter() without its exit(); every successful enter must be closed (use try-with-resources). "
                    + "The device is unplugged and unregistered, but the hardware is not safe to tear down");
        }
    }

    /** @return whether unplug started */
    public boolean isUnplugged() {
        return unplugged;
    }

    /**
     * Enters a hardware section ({@code drm_dev_enter}); check {@link Section#entered()}. Use with
     * try-with-resources.
     *
     * @return the section (never null)
     * @throws IllegalStateException if the device was freed
     */
    public Section enter() {
        checkAlive("enter");
        int t = gate.tryEnter();
        return new Section(t);
    }

    /**
     * The kernel-parity form of {@link #enter()} ({@code drm_dev_enter(dev, &idx)}): no object is
     * allocated, and no {@link Guard} is returned — so registers cannot be reached with it; use it for
     * software that must not race with unplug.
     *
     * @return a token for {@link #exit(int)}, or {@link Gate#REFUSED} once unplugged
     * @throws IllegalStateException if the device was freed
     */
    public int tryEnter() {
        checkAlive("tryEnter");
        int t = gate.tryEnter();
        if (t != Gate.REFUSED) {
            held.get().count++;
        }
        return t;
    }

    /**
     * Leaves a section entered with {@link #tryEnter()} ({@code drm_dev_exit}), on the same thread.
     *
     * @param token what tryEnter returned
     * @throws IllegalArgumentException if the token is {@link Gate#REFUSED} (nothing was entered)
     * @throws IllegalStateException    if this thread holds no section of the device
     */
    public void exit(int token) {
        if (token == Gate.REFUSED) {
            throw new IllegalArgumentException("exit on " + name + " refused: the token is REFUSED — tryEnter failed, so there is nothing to exit");
        }
        Held h = held.get();
        if (h.count == 0) {
            throw new IllegalStateException("exit on " + name + " refused: this thread holds no enter/exit section of it (an exit without its enter)");
        }
        gate.exit(token);
        h.count--;
    }

    /**
     * Enters a hardware section, or fails the way an ioctl should once unplugged.
     *
     * @return an entered section
     * @throws ErrnoException with {@link Errno#ENODEV} if the device is unplugged
     */
    public Section enterOrEnodev() {
        Section s = enter();
        if (!s.entered()) {
            throw unpluggedEnodev();
        }
        return s;
    }

    private ErrnoException unpluggedEnodev() {
        return new ErrnoException(Errno.ENODEV, name + " is unplugged: its hardware is gone");
    }

    /** @return how many enter/exit sections are inside now (racy, for reports) */
    public long sectionsInside() {
        return gate.inside();
    }

    /**
     * A hardware section of this device: the {@link Guard} that lets a driver reach its registers.
     *
     * <p><b>Lifetime:</b> from a successful enter to {@link #close()}. <b>Order:</b> unplug waits for
     * it. <b>Concurrency:</b> belongs to the entering thread; close it on that thread.
     */
    public final class Section implements Guard, AutoCloseable {
        private final int token;
        private final Thread thread = Thread.currentThread();
        /**
         * The entering thread while the section is open, null once closed (or never entered). Plain,
         * not volatile: only the entering thread writes it, and another thread can never see itself
         * in it, so {@link #holds()} is false there whatever it reads.
         */
        private Thread owner;
        /** The entering thread's count of sections of this device (null if refused). */
        private final Held held;

        private Section(int token) {
            this.token = token;
            if (token != Gate.REFUSED) {
                owner = thread;
                held = DrmDevice.this.held.get();
                held.count++;
            } else {
                held = null;
            }
        }

        /** @return whether it was entered (false: the device is unplugged) */
        public boolean entered() {
            return token != Gate.REFUSED;
        }

        /** @return the device */
        public DrmDevice device() {
            return DrmDevice.this;
        }

        @Override
        public boolean holds() {
            return owner == Thread.currentThread();
        }

        @Override
        public String describe() {
            return sectionName;
        }

        /**
         * Exits ({@code drm_dev_exit}); a second close on the entering thread does nothing.
         *
         * @throws IllegalStateException on any other thread, for an entered section (open or already
         *                               closed: its state belongs to the entering thread)
         */
        @Override
        public void close() {
            // Kept under 35 bytecodes so that it inlines even at the cold call site try-with-resources
            // adds for an exception: then the section does not escape and needs no allocation.
            if (owner == Thread.currentThread()) {
                owner = null;
                held.exit(token);
                return;
            }
            closeRest();
        }

        /** Not open on this thread: refused on a foreign thread (for an entered section), else already closed. */
        private void closeRest() {
            if (Thread.currentThread() != thread && entered()) {
                throw new IllegalStateException("exit of a section of " + name + " refused: it was entered on thread '" + thread.getName()
                        + "' and must be exited there (sections belong to the entering thread)");
            }
        }
    }

    private Held newHeld() {
        return new Held(gate);
    }

    /** One thread's sections of this device: how many it is inside. Only that thread touches it. */
    private static final class Held {
        private final Gate gate;
        int count;

        Held(Gate gate) {
            this.gate = gate;
        }

        void exit(int token) {
            count--;
            gate.exit(token);
        }
    }

    // ------------------------------------------------------------------ files and mappings

    /**
     * Opens the device ({@code drm_open}): the file holds a reference until closed.
     *
     * @return the file
     * @throws ErrnoException with {@link Errno#ENODEV} if the device is unplugged, not registered or
     *                        released; no reference is kept
     */
    public DrmFile open() {
        if (freed || !ref.tryGet()) {
            throw new ErrnoException(Errno.ENODEV, "open of " + name + " refused: the device was released");
        }
        if (!registered || unplugged) {
            String why = unplugged ? "it was unplugged" : "it is not registered";
            ref.put();
            throw new ErrnoException(Errno.ENODEV, "open of " + name + " refused: " + why + "; no reference was kept");
        }
        DrmFile f = new DrmFile(this, fileIds.incrementAndGet());
        openFiles.incrementAndGet();
        emit(DrmEvents.OPEN, "file" + f.id(), "");
        return f;
    }

    /** @return how many files are open */
    public int openFiles() {
        return openFiles.get();
    }

    void fileClosed(DrmFile f) {
        openFiles.decrementAndGet();
        emit(DrmEvents.CLOSE, "file" + f.id(), "");
        put();
    }

    void mapped(DrmMapping m) {
        mappings.add(m);
        if (unplugged) {
            m.zap();
        }
    }

    void unmapped(DrmMapping m) {
        mappings.remove(m);
    }

    /** @return the number of live userspace mappings */
    public int liveMappings() {
        return mappings.size();
    }

    // ------------------------------------------------------------------ KMS

    void addModeObject(ModeObject o) {
        modeObjects.add(o);
    }

    void removeModeObject(ModeObject o) {
        modeObjects.remove(o);
    }

    /** @return the connectors, in creation order */
    public List<Connector> connectors() {
        return ofType(Connector.class);
    }

    /** @return the encoders, in creation order */
    public List<Encoder> encoders() {
        return ofType(Encoder.class);
    }

    /** @return the CRTCs, in creation order */
    public List<Crtc> crtcs() {
        return ofType(Crtc.class);
    }

    /** @return the planes, in creation order */
    public List<Plane> planes() {
        return ofType(Plane.class);
    }

    private <T extends ModeObject> List<T> ofType(Class<T> t) {
        return modeObjects.stream().filter(t::isInstance).map(t::cast).toList();
    }

    // ------------------------------------------------------------------ events

    static String sysfsPath(Device d) {
        StringBuilder sb = new StringBuilder(d.name());
        for (Device p = d.parent().orElse(null); p != null; p = p.parent().orElse(null)) {
            sb.insert(0, p.name() + "/");
        }
        return "/sys/devices/" + sb;
    }

    void emit(String verb, String what, String detail) {
        fanOut(new TraceEvent(verb, name, what, 0, detail));
    }

    private void fanOut(TraceEvent e) {
        for (TraceListener l : listeners) {
            l.onEvent(e);
        }
        if (!e.verb().equals(TraceEvent.ADD) && !e.verb().equals(TraceEvent.REL) && !e.verb().equals(TraceEvent.DEL)
                && !e.verb().equals(TraceEvent.FAIL)) {
            Tracing.emit(e);
        }
    }

    @Override
    public String toString() {
        return "DrmDevice " + name + " (" + driver.name() + " on " + parent.name() + ", refs " + ref.count()
                + (registered ? ", registered" : "") + (unplugged ? ", unplugged" : "") + (freed ? ", freed" : "") + ")";
    }
}
