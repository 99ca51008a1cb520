package org.devres4j.drm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.devres4j.core.Gate;
import org.devres4j.core.ManagedResources;
import org.devres4j.core.ReleaseFailedException;
import org.devres4j.core.ReleaseFailure;
import org.devres4j.core.ResourceList;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.TraceListener;
import org.devres4j.core.Tracing;
import org.devres4j.core.UseAfterFreeException;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;
import org.devres4j.hw.Guard;
import org.devres4j.kernel.internal.TraceFanOut;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.uapi.Namespace;

/**
 * The userspace-facing device of the seeds ({@code struct drm_device}): refcounted, with a drmm list
 * of software resources that lives until the last user lets go, on a parent {@link Device} whose
 * hardware may go long before. This class is the allocation and the refcount ({@code drm_drv.c}); it
 * delegates its userspace names, its unplug guard, its files and its KMS objects to one part each.
 *
 * <p><b>Lifetime:</b> allocated on a parent with one reference ({@link #alloc} — the caller owns it —
 * or {@link #devmAlloc} — a devres action on the bound parent drops it at unbind). The allocation
 * takes a reference on the parent and the minors of its nodes ({@link #nodes()}: the primary node, and the
 * render node for a driver with {@link DrmFeature#RENDER}) in the parent's bus's namespace; the first drmm
 * action gives them back, so it runs last. The nodes and the name file ({@link #nameEntry()}) are published
 * from {@link #register()} to unregister or unplug. Files (and every call in flight on them) and mappings hold
 * references. The last {@link #put()} runs, in this order: the driver's release hook → the drmm list,
 * newest first, closed for good → the final free of the containing object ({@link DrmEvents#FREE});
 * nothing of the device runs after that, and every later use is refused with a
 * {@link UseAfterFreeException}. A failed allocation unwinds what it registered. Whatever a trace listener
 * does, the last put completes: refcount 0 means released and freed.
 *
 * <p><b>Order:</b> {@link #unplug()} marks the device unplugged, waits for every enter/exit section
 * to leave, withdraws the userspace names ({@link #unregister()}) and zaps every userspace mapping
 * to the dummy page — in that order. Hardware teardown may start when it returns.
 *
 * <p><b>Concurrency:</b> every method is thread-safe. {@link #enter()} is the cheap read side (a
 * {@link Gate} section); it fails once unplug started, and unplug waits for every section entered
 * before. An unplug from inside a section of the same device is refused. Events go, on the thread
 * that causes them, to the driver's trace listener, to listeners added with
 * {@link #addTraceListener}, and to the global {@link Tracing}; a listener that throws is logged,
 * kept in {@link #traceFailures()} and skipped.
 */
public final class DrmDevice {
    /** How long {@link #unplug()} waits for enter/exit sections before it reports a missing exit. */
    public static final Duration DEFAULT_UNPLUG_WAIT = Duration.ofSeconds(10);

    private final DrmDriver driver;
    private final Device parent;
    private final Namespace namespace;
    private final int minor;
    private final List<DrmNode> nodes;
    private final String name;
    private final boolean devm;
    private final DrmLifetime life;
    private final ResourceList<DrmDevice> list;
    private final TraceFanOut trace;
    private final Object lock = new Object();
    private final DrmRegistration registration;
    private final UnplugGuard guard;
    private final DrmFiles files;
    private final ModeConfig modes = new ModeConfig();
    private final DebugfsEntry nameEntry;

    DrmDevice(DrmDriver driver, Device parent, Namespace namespace, int minor, int renderMinor, boolean devm) {
        this.driver = driver;
        this.parent = parent;
        this.namespace = namespace;
        this.minor = minor;
        DrmNode primary = new DrmNode(DrmMinorType.PRIMARY, minor);
        this.nodes = renderMinor < 0 ? List.of(primary) : List.of(primary, new DrmNode(DrmMinorType.RENDER, renderMinor));
        this.name = "card" + minor;
        this.devm = devm;
        this.trace = new TraceFanOut(name, "org.devres4j.drm");
        driver.trace().ifPresent(trace::add);
        this.life = new DrmLifetime(this);
        this.list = ResourceList.create(this, name, this::fanOut);
        this.registration = new DrmRegistration(this, lock, namespace);
        this.guard = new UnplugGuard(name, lock);
        this.files = new DrmFiles(this);
        this.nameEntry = new DebugfsEntry(this, "/sys/kernel/debug/dri/" + minor + "/name",
                () -> driver.name() + " dev=" + parent.name() + " unique=" + parent.name() + "\n");
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
        return DrmLifetime.create(driver, parent, false, null);
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
        return DrmLifetime.create(driver, parent, false, container);
    }

    /**
     * Allocates a DRM device the devm way ({@code devm_drm_dev_alloc}), the device itself being the containing
     * object: see {@link #devmAlloc(DrmDriver, BoundDevice, Function)}.
     *
     * @param driver the driver
     * @param parent the bound parent
     * @return the device, refcount 1, owned by the parent's binding
     */
    public static DrmDevice devmAlloc(DrmDriver driver, BoundDevice parent) {
        return devmAlloc(driver, parent, d -> d);
    }

    /**
     * Allocates a DRM device the devm way ({@code devm_drm_dev_alloc}) with its containing object: an action on
     * the bound parent's devres list drops the driver's reference at unbind — maybe the last one, maybe not (open
     * files keep the device alive).
     *
     * @param driver    the driver
     * @param parent    the bound parent: its binding must still be valid
     * @param container creates the containing object
     * @return the device, refcount 1, owned by the parent's binding
     * @throws IllegalStateException if the binding has ended (nothing is allocated)
     */
    public static DrmDevice devmAlloc(DrmDriver driver, BoundDevice parent, Function<DrmDevice, ?> container) {
        return DrmLifetime.createDevm(driver, parent, container);
    }

    /**
     * The kernel's form of {@link #devmAlloc(DrmDriver, BoundDevice, Function)}: {@code devm_drm_dev_alloc(parent, …)}
     * takes the parent device, which must have a driver attached (its probe running, or bound — the devres action
     * that drops the reference at unbind needs a binding to end with). The device itself is the containing object.
     *
     * @param driver the driver
     * @param parent the parent device, with a driver attached
     * @return the device, refcount 1, owned by the parent's binding
     * @throws IllegalStateException if the parent has no driver attached (nothing is allocated), naming the parent
     */
    public static DrmDevice devmAlloc(DrmDriver driver, Device parent) {
        return devmAlloc(driver, parent, d -> d);
    }

    /**
     * The kernel's form with a containing object: see {@link #devmAlloc(DrmDriver, Device)}.
     *
     * @param driver    the driver
     * @param parent    the parent device, with a driver attached
     * @param container creates the containing object
     * @return the device
     * @throws IllegalStateException if the parent has no driver attached (nothing is allocated)
     */
    public static DrmDevice devmAlloc(DrmDriver driver, Device parent, Function<DrmDevice, ?> container) {
        return DrmLifetime.createDevm(driver, parent, container);
    }

    /**
     * Names the object freed last, after every drmm action ({@code drmm_add_final_kfree}).
     *
     * @param containingObject the object
     * @throws IllegalStateException if one is already set; {@link UseAfterFreeException} if the device was freed
     */
    public void addFinalFree(Object containingObject) {
        Objects.requireNonNull(containingObject, "addFinalFree on " + name + ": the object must not be null");
        checkAlive("addFinalFree");
        life.finalFree().add(containingObject, lock);
    }

    // ------------------------------------------------------------------ identity

    /** @return the device's name, {@code card<minor>} */
    public String name() {
        return name;
    }

    /** @return the primary node's minor number */
    public int minor() {
        return minor;
    }

    /** @return the device's nodes: the primary node, then the render node if the driver has {@link DrmFeature#RENDER} */
    public List<DrmNode> nodes() {
        return nodes;
    }

    /**
     * @param type a node type
     * @return the device's node of that type; empty for {@link DrmMinorType#RENDER} without the render feature
     */
    public java.util.Optional<DrmNode> node(DrmMinorType type) {
        Objects.requireNonNull(type, "node of " + name + ": the type must not be null");
        return nodes().stream().filter(n -> n.type() == type).findFirst();
    }

    /**
     * @return the debugfs-like {@code dri/<minor>/name} file: present from register to unregister or unplug,
     *         reading the driver's name and the parent ({@code "vgpu dev=vgpu0 unique=vgpu0"})
     */
    public DebugfsEntry nameEntry() {
        return nameEntry;
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

    /** @return the namespace it publishes in: its parent's bus's */
    public Namespace namespace() {
        return namespace;
    }

    /**
     * The containing object.
     *
     * @param type its type
     * @param <C>  its type
     * @return the object
     * @throws UseAfterFreeException  if the device was freed
     * @throws IllegalStateException if it has no containing object
     * @throws ClassCastException    if it is of another type
     */
    public <C> C container(Class<C> type) {
        FinalFree.requireType(name, type); // drivers call this per ioctl: no message built unless it throws
        checkAlive("container");
        return life.finalFree().container(type);
    }

    /**
     * The device's drmm list as drivers see it: software resources tied to this device's refcount, released
     * once at the last put, newest first, then closed for good (see {@link Drmm} for the kernel calls and the
     * whole rule). Typed: only actions written for a {@code DrmDevice} (or a supertype) compile — a
     * {@code Release<Device>} cannot be added here, nor a {@code Release<DrmDevice>} to a {@code Device}'s devres.
     *
     * @return the drmm list, driver's view
     */
    public ManagedResources<DrmDevice> managed() {
        return list;
    }

    /**
     * Adds a listener for this device's events from now on.
     *
     * @param listener the listener; if it throws, the failure is logged and kept, and nothing stops
     * @return closing it removes the listener
     */
    public AutoCloseable addTraceListener(TraceListener listener) {
        Objects.requireNonNull(listener, "addTraceListener on " + name + ": the listener must not be null");
        return trace.add(listener);
    }

    /**
     * @return the latest failures of this device's trace listeners (the driver's, added ones, core tracing's),
     *         at most {@value TraceFanOut#KEPT}, oldest first; each was logged and stopped nothing
     */
    public List<ReleaseFailure> traceFailures() {
        return trace.failures();
    }

    // ------------------------------------------------------------------ refcount

    /**
     * Takes a reference ({@code drm_dev_get}).
     *
     * @throws org.devres4j.core.IllegalReferenceCountException if the device was already released
     */
    public void get() {
        life.ref().get();
    }

    /**
     * Drops a reference ({@code drm_dev_put}); the last one tears the device down (see the class
     * comment for the order).
     *
     * @throws org.devres4j.core.IllegalReferenceCountException on a put with no reference left
     * @throws ReleaseFailedException                          if release actions failed (all ran, and the final free happened)
     */
    public void put() {
        life.ref().put();
    }

    /** @return the reference count (0 once released) */
    public int refCount() {
        return life.ref().count();
    }

    /** @return whether the final free happened */
    public boolean isFreed() {
        return life.isFreed();
    }

    void checkAlive(String op) {
        life.checkAlive(op);
    }

    // ------------------------------------------------------------------ register / unplug

    /**
     * Publishes the userspace interfaces ({@code drm_dev_register}) in the bus's namespace: the device
     * node, the sysfs entries and one per connector. A publish that fails withdraws what this call
     * published; an unregister or unplug racing with it wins (the names published so far are withdrawn);
     * a register that lost that way never records into, nor withdraws the names of, a newer registration.
     *
     * @throws IllegalStateException if already registered, unplugged, freed, or without an owner for
     *                               the final free
     * @throws ErrnoException        ({@link Errno#EEXIST}) if a name is taken; nothing stays published
     */
    public void register() {
        registration.register();
    }

    /**
     * Withdraws the userspace interfaces ({@code drm_dev_unregister}); open files stay open.
     * Idempotent: unplug unregisters, and a driver's own unregister afterwards does nothing.
     *
     * @return whether this call withdrew them
     */
    public boolean unregister() {
        return registration.unregister();
    }

    /** @return whether it is registered */
    public boolean isRegistered() {
        return registration.isRegistered();
    }

    /** Unplugs ({@code drm_dev_unplug}) as {@link #unplug(Duration)}, waiting at most {@link #DEFAULT_UNPLUG_WAIT}. */
    public void unplug() {
        unplug(DEFAULT_UNPLUG_WAIT);
    }

    /**
     * Unplugs: marks the device unplugged, waits for every enter/exit section, unregisters, zaps
     * every userspace mapping. Idempotent: a second call only waits for the sections again. The wait
     * keeps the calling thread's interrupt status and does not spin; a negative wait counts as zero, one
     * too long for a {@code long} of nanoseconds as that maximum.
     *
     * @param maxWait how long to wait for the sections
     * @throws IllegalStateException if the calling thread is inside a section of this device (nothing
     *                               changes), or if sections were still inside after {@code maxWait},
     *                               naming the device and the count (the rest of the unplug happened)
     */
    public void unplug(Duration maxWait) {
        Objects.requireNonNull(maxWait, "unplug of " + name + ": the wait must not be null");
        checkAlive("unplug");
        guard.unplug(this, maxWait);
    }

    /** @return whether unplug started */
    public boolean isUnplugged() {
        return guard.isUnplugged();
    }

    /**
     * Enters a hardware section ({@code drm_dev_enter}); check {@link DrmSection#entered()}. Use with
     * try-with-resources.
     *
     * @return the section (never null)
     * @throws UseAfterFreeException if the device was freed
     */
    public DrmSection enter() {
        checkAlive("enter");
        return new DrmSection(this, guard.tryEnter());
    }

    /**
     * The kernel-parity form of {@link #enter()} ({@code drm_dev_enter(dev, &idx)}): no object is
     * allocated, and no {@link Guard} is returned — so registers cannot be reached with it; use it for
     * software that must not race with unplug.
     *
     * @return a token for {@link #exit(int)}, or {@link Gate#REFUSED} once unplugged
     * @throws UseAfterFreeException if the device was freed
     */
    public int tryEnter() {
        checkAlive("tryEnter");
        return guard.tryEnter();
    }

    /**
     * Leaves a section entered with {@link #tryEnter()} ({@code drm_dev_exit}), on the same thread.
     *
     * @param token what tryEnter returned
     * @throws IllegalArgumentException if the token is {@link Gate#REFUSED} (nothing was entered)
     * @throws IllegalStateException    if this thread holds no section of the device
     */
    public void exit(int token) {
        guard.exit(token);
    }

    /**
     * Enters a hardware section, or fails the way an ioctl should once unplugged.
     *
     * @return an entered section
     * @throws ErrnoException with {@link Errno#ENODEV} if the device is unplugged
     */
    public DrmSection enterOrEnodev() {
        DrmSection s = enter();
        if (!s.entered()) {
            throw UnplugGuard.enodev(name);
        }
        return s;
    }

    /** @return how many enter/exit sections are inside now (racy, for reports) */
    public long sectionsInside() {
        return guard.inside();
    }

    // ------------------------------------------------------------------ files and mappings

    /**
     * Opens the device's primary node ({@code drm_open} of {@code /dev/dri/card<N>}), as {@link #open(DrmMinorType)}.
     *
     * @return the file, holding a reference on the device until its release
     */
    public DrmFile open() {
        return files.open(DrmMinorType.PRIMARY);
    }

    /**
     * Opens one of the device's nodes ({@code drm_open}): the file holds a reference on the device until its
     * release, and pins it for every call in flight. A render-node file is like a primary one except that ioctls
     * without {@link DrmIoctlFlag#RENDER_ALLOW} answer {@link Errno#EACCES} on it.
     *
     * @param type the node
     * @return the file
     * @throws ErrnoException with {@link Errno#ENOENT} if the device has no such node (a render node without
     *                        {@link DrmFeature#RENDER}), {@link Errno#ENODEV} if it is unplugged, not registered or
     *                        released; no reference is kept
     */
    public DrmFile open(DrmMinorType type) {
        Objects.requireNonNull(type, "open of " + name + ": the node type must not be null");
        return files.open(type);
    }

    /** @return how many files are open (released ones not counted) */
    public int openFiles() {
        return files.openFiles();
    }

    // package-private parts, for the classes this device delegates to
    DrmFiles files() { return files; }
    ResourceList<DrmDevice> list() { return list; }
    DrmLifetime life() { return life; }
    UnplugGuard guard() { return guard; }
    ModeConfig modes() { return modes; }

    /** @return the number of live userspace mappings */
    public int liveMappings() {
        return files.liveMappings();
    }

    // ------------------------------------------------------------------ events

    void emit(String verb, String what, String detail) {
        trace.deliverAndTrace(new TraceEvent(verb, name, what, 0, detail));
    }

    /* the drmm list's events: the list already reported ADD / REL / DEL / FAIL to core tracing */
    private void fanOut(TraceEvent e) {
        trace.deliver(e);
    }

    @Override
    public String toString() {
        return "DrmDevice " + name + " (" + driver.name() + " on " + parent.name() + ", refs " + refCount()
                + (isRegistered() ? ", registered" : "") + (isUnplugged() ? ", unplugged" : "") + (isFreed() ? ", freed" : "") + ")";
    }
}
